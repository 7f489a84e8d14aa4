"""Protocols for interventional care: dose calculators, series schedules, monitoring rules.

Modules (each cites its sources; the rules live in ``data/*.toml``, one ``source`` per row):

- :mod:`.ketamine_iv` — weight-based dose, rate and volume; induction series and maintenance.
- :mod:`.esketamine` — the SPRAVATO label schedule, dose options, devices, REMS due dates.
- :mod:`.tms` — 10 Hz, iTBS and accelerated iTBS courses.
- :mod:`.ect` — ECT courses with review points.
- :mod:`.monitoring` — vital signs, pre-dose blood pressure, observation and discharge.
- :mod:`.contraindications` — conditions that block scheduling or need a clinician's note.
- :mod:`.integration` — when the psychotherapy session after a dose is due (a clinic setting).
- :mod:`.response` — end-of-induction response and relapse signals (booster suggestions).
- :mod:`.schedule` — the shared rule that lays session dates out in treatment weeks.

Nothing here books, doses or acts: results are plans and findings for a clinician.
"""

from remission.clinical.protocols import (
    contraindications,
    ect,
    esketamine,
    integration,
    ketamine_iv,
    monitoring,
    tms,
)
from remission.clinical.protocols.errors import RuleTableError

# The cached reader of every rule table, in the order validate_all() reports them.
TABLES = (
    ketamine_iv.rules,
    esketamine.rules,
    tms.protocols,
    ect.rules,
    monitoring.rules,
    contraindications.rules,
    integration.policies,
)


def validate_all() -> tuple[str, ...]:
    """Read every rule table; one message per broken table, empty when all are valid.

    Meant for a Django system check: ``[Error(message) for message in validate_all()]``.
    """
    problems = []
    for read in TABLES:
        try:
            read()
        except RuleTableError as error:
            problems.append(str(error))
    return tuple(problems)
