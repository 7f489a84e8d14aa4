"""What the pages of this app share: conflicts and earlier versions of corrected records."""

import contextlib
import json
from datetime import date
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _

from remission.audit.models import RecordVersion


def rebound(form_class: Any, data: QueryDict, current: Any, **kwargs: Any) -> Any:
    """The user's entries again, now based on the version someone else saved: saving again
    replaces theirs (which stays in the record as a previous version)."""
    rebased = data.copy()
    rebased["version"] = str(current.version)
    form = form_class(rebased, **kwargs)
    form.is_valid()
    return form


def conflict_message() -> str:
    return _(
        "Someone else saved a change to this entry after you opened it. Your entries are kept "
        "below and their saved version is shown next to them. Compare the two, then save again "
        "to replace theirs, or cancel to keep theirs."
    )


HIDDEN = frozenset(
    {"patient", "version", "created_at", "created_by", "updated_at", "updated_by", "removed_at",
     "removed_by", "removal_reason"}
)  # fmt: skip


def earlier_versions(instance: Any) -> list[dict[str, Any]]:
    """Earlier versions of a corrected record, newest first: who replaced each, when, why, and
    its fields as they were."""
    if instance is None or instance.pk is None:
        return []
    rows = RecordVersion.objects.filter(
        object_type=instance._meta.label_lower, object_id=str(instance.pk)
    ).select_related("replaced_by")
    fields = [
        f for f in instance._meta.concrete_fields if not f.primary_key and f.name not in HIDDEN
    ]
    shown = []
    for row in rows:
        values = []
        for field in fields:
            value = row.data.get(field.attname)
            if value in (None, "", [], "None"):
                continue
            if field.name == "doses":
                with contextlib.suppress(ValueError, TypeError, KeyError, AttributeError):
                    value = describe_doses(json.loads(value) if isinstance(value, str) else value)
            values.append((field.verbose_name, value))
        shown.append({"row": row, "values": values})
    return shown


def describe_doses(doses: list[dict[str, Any]]) -> str:
    """``50 mg for 2 weeks, then 150 mg from 2025-03-01 to 2025-05-01``."""
    parts = []
    for step in doses:
        dose = f"{step.get('mg_per_day')} mg"
        if step.get("weeks") is not None:
            weeks = float(step["weeks"])
            parts.append(f"{dose} for {weeks:g} week{'' if weeks == 1 else 's'}")
        else:
            end = step.get("end") or "now"
            parts.append(f"{dose} from {step.get('start')} to {end}")
    return ", then ".join(parts)


def dose_summary(doses: list[dict[str, Any]]) -> tuple[str, str]:
    """``("100 mg, 4 wk → 200 mg, 8 wk", "2025-09-02 to 2025-11-25")`` for a trial's dose steps;
    the second part is empty when the steps carry no dates."""
    steps = []
    for step in doses:
        weeks = step.get("weeks")
        if weeks is None and step.get("start"):
            end = step.get("end")
            weeks = (_day(end) - _day(step["start"])).days / 7 if end else None
        held = f", {round(float(weeks), 1):g} wk" if weeks is not None else ""
        steps.append(f"{step.get('mg_per_day')} mg{held}")
    starts = [step["start"] for step in doses if step.get("start")]
    span = ""
    if starts:
        last = doses[-1].get("end")
        span = f"{starts[0]} to {last}" if last else f"since {starts[0]}"
    return " → ".join(steps), span


def _day(text: str) -> date:
    return date.fromisoformat(text)
