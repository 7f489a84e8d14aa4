"""Password rules after NIST SP 800-63B rev. 4 section 3.1.1.2: length and a blocklist, nothing else.

No composition rules and no forced rotation. ``CommonPasswordValidator`` (Django's list of about
20,000 passwords from breach corpora) runs beside these; a clinic can add a larger offline list of
breached passwords with ``PASSWORD_BREACHED_LIST_FILE`` (plain passwords, or SHA-1 hashes in the
Have I Been Pwned ``HASH:COUNT`` format).
"""

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

SHA1_LINE = re.compile(r"^[0-9A-Fa-f]{40}(:\d+)?$")


class LengthValidator:
    def __init__(self, min_length: int = 15, max_length: int = 256) -> None:
        self.min_length = min_length
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "Use at least %(min)d character.",
                    "Use at least %(min)d characters. A few unrelated words make a strong, "
                    "memorable password.",
                    self.min_length,
                )
                % {"min": self.min_length},
                code="password_too_short",
            )
        if len(password) > self.max_length:
            raise ValidationError(
                _("Use at most %(max)d characters.") % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("At least %(min)d characters; spaces and any letters or symbols are welcome.") % {
            "min": self.min_length
        }


class BreachedPasswordValidator:
    def __init__(self, path: str = "") -> None:
        self.path = path

    def validate(self, password: str, user: Any = None) -> None:
        if not self.path:
            return
        plain, hashes = _load(self.path)
        digest = hashlib.sha1(password.encode(), usedforsecurity=False).hexdigest().upper()
        if password in plain or digest in hashes:
            raise ValidationError(
                _("This password appears in a list of breached passwords. Choose another one."),
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return _("It must not appear in a list of breached passwords.") if self.path else ""


@cache
def _load(path: str) -> tuple[frozenset[str], frozenset[str]]:
    plain: set[str] = set()
    hashes: set[str] = set()
    for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if SHA1_LINE.match(line):
            hashes.add(line[:40].upper())
        elif line:
            plain.add(line)
    return frozenset(plain), frozenset(hashes)
