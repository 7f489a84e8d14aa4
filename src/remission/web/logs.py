"""Log lines never carry secrets from addresses (security-targets T21).

One-time tokens travel in a few URLs (self-report links, portal sign-in and family invitations,
password links). A request that ends in 4xx or 5xx is logged with its path, so this filter replaces
those tokens before any handler writes the line.
"""

import logging
import re

TOKEN_IN_PATH = re.compile(
    r"(/r/|/portal/sign-in/|/family/join/|/password/set/[^/\s]+/)[^/\s?\"']+"
)


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"\1[token]", text)


class RedactTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True
