"""De-identification for research exports: keyed pseudonyms and per-patient date shifts.

A pseudonym is HMAC-SHA256 over the clinic and the patient's row id with the export key
(RFC 2104); without the key it cannot be reversed or recomputed, and the same key gives the same
pseudonym in every export, so exports can be joined. Every date of a patient moves by the same
number of days (between -182 and +182, never 0), drawn from the same keyed hash, so intervals
within a patient stay exact while calendar dates do not identify anyone (HIPAA 164.514(b)(2)
removes dates; shifting keeps the intervals research needs).

The key is ``RESEARCH_EXPORT_KEY`` (environment or file) when set, else derived from
``SECRET_KEY``; rotating it breaks the link between old and new exports (docs/insights.md).
"""

import hashlib
import hmac
from datetime import date, timedelta

from django.conf import settings

MAX_SHIFT_DAYS = 182


def export_key() -> bytes:
    configured = getattr(settings, "RESEARCH_EXPORT_KEY", "")
    if configured:
        return str(configured).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"remission.research-export", "sha256").digest()


class Deidentifier:
    def __init__(self, key: bytes, clinic_id: int) -> None:
        self._key = key
        self._clinic = clinic_id
        self._pseudonyms: dict[int, str] = {}
        self._shifts: dict[int, int] = {}

    def _digest(self, purpose: str, patient_id: int) -> bytes:
        message = f"{purpose}:{self._clinic}:{patient_id}".encode()
        return hmac.new(self._key, message, hashlib.sha256).digest()

    def pseudonym(self, patient_id: int) -> str:
        if patient_id not in self._pseudonyms:
            self._pseudonyms[patient_id] = "P" + self._digest("id", patient_id).hex()[:20]
        return self._pseudonyms[patient_id]

    def shift(self, patient_id: int) -> int:
        """Days to add to every date of this patient: +-1..182."""
        if patient_id not in self._shifts:
            value = int.from_bytes(self._digest("shift", patient_id)[:4], "big")
            days = value % MAX_SHIFT_DAYS + 1
            self._shifts[patient_id] = days if value & 1 << 31 else -days
        return self._shifts[patient_id]

    def shifted(self, patient_id: int, when: date | None) -> date | None:
        return None if when is None else when + timedelta(days=self.shift(patient_id))
