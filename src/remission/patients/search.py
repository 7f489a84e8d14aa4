"""Registry search by name prefix or record number, through indexes at any clinic size."""

from django.db.models import Q, QuerySet

from remission.patients.models import Patient, search_key


def _prefix(field: str, key: str) -> Q:
    # A range on the indexed key finds the rows; startswith keeps the match exact under any
    # database collation.
    upper = key[:-1] + chr(ord(key[-1]) + 1)
    return Q(**{f"{field}__gte": key, f"{field}__lt": upper, f"{field}__startswith": key})


def search_patients(patients: QuerySet[Patient], text: str) -> QuerySet[Patient]:
    """Patients whose family name, given name or "given family" starts with ``text``, or whose
    record number equals it (case-insensitively)."""
    key = search_key(text)
    if not key:
        return patients
    wanted = _prefix("name_key", key) | _prefix("given_key", key)
    first, _, rest = key.partition(" ")
    if rest:
        wanted |= _prefix("given_key", first) & _prefix("name_key", rest)
    raw = text.strip()
    wanted |= Q(mrn__in={raw, raw.upper()})
    return patients.filter(wanted)
