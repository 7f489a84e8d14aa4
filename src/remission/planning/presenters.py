"""The planner's output arranged for the pages: options grouped by status, then by line."""

import hashlib
import json
from typing import Any

from django.utils.translation import gettext_lazy as _

from remission.clinical.planning import SCORES
from remission.planning.models import PlanVersion
from remission.planning.texts import plain

STATUS_HEADINGS = {
    "suggested": _("Suggested"),
    "caution": _("With caution"),
    "contraindicated": _("Contraindicated"),
}
LINE_HEADINGS = {
    "first": _("First line"),
    "second": _("Second line"),
    "third": _("Third line"),
    None: _("No line given by the guidelines"),
}


def digest(derived: dict[str, Any]) -> str:
    """A fingerprint of the options shown, to notice that they changed before a decision."""
    return hashlib.sha256(json.dumps(derived, sort_keys=True).encode()).hexdigest()[:16]


def grouped(derived: dict[str, Any]) -> list[dict[str, Any]]:
    """``[{status, heading, lines: [{line, heading, options}]}]`` in the core's order
    (status, then line); statuses without options are left out."""
    groups: list[dict[str, Any]] = []
    for status, heading in STATUS_HEADINGS.items():
        options = [o for o in derived["options"] if o["status"] == status]
        if not options:
            continue
        lines = []
        for line, line_heading in LINE_HEADINGS.items():
            in_line = [o for o in options if o["line"] == line]
            if in_line:
                lines.append({"line": line, "heading": line_heading, "options": in_line})
        groups.append({"status": status, "heading": heading, "lines": lines, "count": len(options)})
    return groups


def instrument_name(key: str) -> str:
    return SCORES[key][0] if key in SCORES else key


def version_view(version: PlanVersion) -> dict[str, Any]:
    """A stored version with its chosen options (titles and plain words) and the rest offered."""
    options = {o["id"]: o for o in version.derived["options"]}
    decisions = {d.option_id: d for d in version.decisions.all()}
    chosen = [
        {**options[i], "plain": plain(i, options[i]["title"]), "decision": decisions.get(i)}
        for i in version.chosen
        if i in options
    ]
    return {
        "version": version,
        "chosen": chosen,
        "not_chosen": [o for i, o in options.items() if i not in version.chosen],
        "goals": [{"goal": g, "name": instrument_name(g.instrument)} for g in version.goals.all()],
        "steps": list(version.steps.all()),
        "measurements": [
            {"measurement": m, "name": instrument_name(m.instrument)}
            for m in version.measurements.all()
        ],
        "responsible": list(version.responsible.all()),
        "missing_inputs": version.derived.get("missing_inputs", []),
    }
