"""``remission protocol ketamine-iv|esketamine|tms``: plan a series from the command line.

Pure computation over :mod:`remission.clinical.protocols`; Django is never imported. ``--json``
prints the plan as JSON (numbers as plain numbers, dates as ``YYYY-MM-DD``); without it, a short
summary. Invalid input exits with status 2 and one line on stderr naming the option.
"""

import argparse
import json
import re
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from remission.clinical.protocols import esketamine, ketamine_iv, monitoring, tms
from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.rounding import Rounded
from remission.clinical.protocols.schedule import Weekday
from remission.clinical.protocols.treatments import Treatment

# The command-line contract: these names are stable (the data files may add more for the API).
KETAMINE_SERIES = ("twice-weekly-3w", "thrice-weekly-2w")
TMS_PROTOCOLS = ("10hz", "itbs", "accelerated")
REGIONS = ("us", "eu")

type Plan = dict[str, Any]


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "protocol", help="plan an interventional series (IV ketamine, esketamine, TMS)"
    )
    kinds = parser.add_subparsers(dest="protocol_command", required=True, metavar="PROTOCOL")

    ketamine = kinds.add_parser("ketamine-iv", help="IV ketamine dose, rate and series dates")
    ketamine.add_argument("--weight-kg", type=_number, required=True, help="body weight in kg")
    _start(ketamine)
    ketamine.add_argument("--mg-per-kg", type=_number, help="dose in mg/kg (0.5)")
    ketamine.add_argument("--minutes", type=_whole, help="infusion length in minutes (40)")
    ketamine.add_argument(
        "--series", choices=KETAMINE_SERIES, default=KETAMINE_SERIES[0], help="(twice-weekly-3w)"
    )
    _json(ketamine)
    ketamine.set_defaults(run=_runner(_ketamine, _ketamine_text))

    spravato = kinds.add_parser("esketamine", help="esketamine label schedule and dose options")
    _start(spravato)
    spravato.add_argument("--age", type=_whole, help="age in years (required with --region eu)")
    spravato.add_argument("--region", choices=REGIONS, default="us", help="label region (us)")
    spravato.add_argument("--weeks", type=_whole, default=12, help="weeks to plan (12)")
    _json(spravato)
    spravato.set_defaults(run=_runner(_esketamine, _esketamine_text))

    course = kinds.add_parser("tms", help="rTMS/iTBS course: pulses, session length, dates")
    course.add_argument("--protocol", choices=TMS_PROTOCOLS, required=True)
    _start(course)
    _json(course)
    course.set_defaults(run=_runner(_tms, _tms_text))


def _start(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", type=_date, required=True, help="first session, YYYY-MM-DD")


def _json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON")


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"must be a number, not {text!r}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None


def _date(text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"must be a date as YYYY-MM-DD, not {text!r}")


def _runner(
    plan: Callable[[argparse.Namespace], Plan], text: Callable[[Plan], list[str]]
) -> Callable[[argparse.Namespace], int]:
    """Run one subcommand: an input error becomes one line on stderr and status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            result = plan(args)
        except ProtocolInputError as error:
            option = "--" + error.field.replace("_", "-")
            print(
                f"remission protocol {args.protocol_command}: argument {option}: {error.message}",
                file=sys.stderr,
            )
            return 2
        print(json.dumps(result, indent=2) if args.json else "\n".join(text(result)))
        return 0

    return run


def _plain(value: Decimal) -> int | float:
    """A JSON number: whole values as integers, others as floats (35 mg, 52.5 mg/h)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _rounding(quantity: Rounded) -> Plan:
    return {
        "unrounded": _plain(quantity.unrounded),
        "step": _plain(quantity.step),
        "unit": quantity.unit,
        "changed": quantity.changed,
    }


def _day(number: int, day: date, week: int, phase: str) -> Plan:
    return {
        "number": number,
        "date": day.isoformat(),
        "weekday": Weekday(day.weekday()).label,
        "week": week,
        "phase": phase,
    }


def _ketamine(args: argparse.Namespace) -> Plan:
    dose = ketamine_iv.ketamine_dose(args.weight_kg, mg_per_kg=args.mg_per_kg, minutes=args.minutes)
    series = ketamine_iv.ketamine_series(args.start, ketamine_iv.series_template(args.series))
    return {
        "protocol": "ketamine-iv",
        "weight_kg": _plain(dose.weight_kg),
        "mg_per_kg": _plain(dose.mg_per_kg),
        "minutes": dose.minutes,
        "dose_mg": _plain(dose.dose_mg.value),
        "rate_mg_per_h": _plain(dose.rate_mg_per_h.value),
        "rounding": {
            "dose_mg": _rounding(dose.dose_mg),
            "rate_mg_per_h": _rounding(dose.rate_mg_per_h),
        },
        "series": series.template.name,
        "series_description": series.template.description,
        "sessions": [_day(s.number, s.date, s.week, s.phase) for s in series.sessions],
        "sources": {
            "dose": dose.source,
            "rounding": dose.rounding_source,
            "series": series.template.source,
            "maintenance": series.maintenance_source,
        },
    }


def _ketamine_text(plan: Plan) -> list[str]:
    lines = [
        f"IV ketamine (off-label): {plan['weight_kg']} kg x {plan['mg_per_kg']} mg/kg = "
        f"{plan['dose_mg']} mg over {plan['minutes']} min at {plan['rate_mg_per_h']} mg/h"
    ]
    for name, rounding in plan["rounding"].items():
        if rounding["changed"]:
            lines.append(
                f"  {name}: {rounding['unrounded']} rounded half up to a multiple of "
                f"{rounding['step']} {rounding['unit']}"
            )
    lines.append(f"Series {plan['series']}: {plan['series_description']}")
    lines += _session_lines(plan["sessions"])
    lines.append(f"Source: {plan['sources']['dose']}")
    return lines


def _esketamine(args: argparse.Namespace) -> Plan:
    region = esketamine.Region(args.region)
    plan = esketamine.esketamine_schedule(args.start, region=region, age=args.age, weeks=args.weeks)
    table = esketamine.rules()
    observation = monitoring.observation_rule(Treatment.ESKETAMINE)
    return {
        "protocol": "esketamine",
        "region": plan.region.value,
        "age": plan.age,
        "weeks": plan.weeks,
        "late_maintenance_every_weeks": plan.late_every_weeks,
        "device_mg": table.device_mg,
        "minutes_between_devices": table.rest_minutes,
        "observation_minutes": observation.minimum_minutes,
        "checks": [{"at": check.at, "what": check.what} for check in observation.checks],
        "sessions": [
            {
                **_day(s.number, s.date, s.week, s.phase),
                "dose_options_mg": list(s.dose_options_mg),
                "devices": [esketamine.devices(mg) for mg in s.dose_options_mg],
                "rems_form_due": s.rems_form_due.isoformat() if s.rems_form_due else None,
            }
            for s in plan.sessions
        ],
        "sources": list(plan.sources),
    }


def _esketamine_text(plan: Plan) -> list[str]:
    lines = [
        f"Esketamine nasal spray, {plan['region'].upper()} label, {plan['weeks']} weeks: "
        f"{len(plan['sessions'])} sessions (from week 9 every "
        f"{plan['late_maintenance_every_weeks']} weeks)"
    ]
    for session in plan["sessions"]:
        doses = " or ".join(str(mg) for mg in session["dose_options_mg"])
        rems = f"  REMS form due {session['rems_form_due']}" if session["rems_form_due"] else ""
        lines.append(
            f"{session['number']:>4}  {session['weekday'][:3]} {session['date']}  "
            f"week {session['week']:<3} {session['phase']:<12} {doses} mg{rems}"
        )
    lines.append(f"Observe at least {plan['observation_minutes']} min after the last device:")
    for check in plan["checks"]:
        at = check["at"]
        when = f"{at} min after dosing" if isinstance(at, int) else at.replace("_", " ")
        lines.append(f"  {when}: {check['what']}")
    return lines


def _tms(args: argparse.Namespace) -> Plan:
    course = tms.tms_course(args.start, tms.tms_protocol(args.protocol))
    protocol = course.protocol
    return {
        "protocol": protocol.name,
        "description": protocol.description,
        "sessions_total": course.sessions_total,
        "pulses_per_session": protocol.pulses_per_session,
        "pulses_total": course.pulses_total,
        "session_minutes": _plain(protocol.session_minutes),
        "sessions_per_day": protocol.sessions_per_day,
        "interval_minutes": protocol.interval_minutes,
        "sessions": [
            {
                **_day(s.number, s.date, s.week, s.phase),
                "day_session": s.day_session,
                "starts_at": s.starts_at.strftime("%H:%M") if s.starts_at else None,
            }
            for s in course.sessions
        ],
        "sources": list(protocol.sources),
    }


def _tms_text(plan: Plan) -> list[str]:
    per_day = plan["sessions_per_day"]
    days = sorted({s["date"] for s in plan["sessions"]})
    lines = [
        f"TMS {plan['protocol']}: {plan['description']}",
        f"{plan['sessions_total']} sessions on {len(days)} days, {plan['pulses_per_session']} "
        f"pulses each (about {plan['session_minutes']} min), {plan['pulses_total']} pulses in all",
    ]
    if per_day > 1:
        starts = [s["starts_at"] for s in plan["sessions"][:per_day]]
        lines.append(
            f"{per_day} sessions a day, {plan['interval_minutes']} min between sessions, "
            f"starting {', '.join(starts)}"
        )
    firsts = [s for s in plan["sessions"] if s["day_session"] == 1]
    lines += _session_lines(firsts)
    return lines


def _session_lines(sessions: list[Plan]) -> list[str]:
    return [
        f"{s['number']:>4}  {s['weekday'][:3]} {s['date']}  week {s['week']:<3} {s['phase']}"
        for s in sessions
    ]
