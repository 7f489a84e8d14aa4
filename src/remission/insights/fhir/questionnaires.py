"""A Questionnaire resource for every shipped instrument: item ids as ``linkId``, the short item
labels (licensed wording is never shipped), answer options as codings with their LOINC answer
codes where the instrument data has them, and the LOINC panel code where known."""

from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from remission.clinical.instruments import Instrument, all_instruments, get_instrument
from remission.insights.fhir import LOCAL_CODES, LOINC, canonical


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    codes = [{"system": LOCAL_CODES, "code": instrument.id, "display": instrument.name}]
    if instrument.loinc_panel:
        codes.insert(0, {"system": LOINC, "code": instrument.loinc_panel})
    resource = {
        "resourceType": "Questionnaire",
        "id": f"instrument-{instrument.id}".replace("_", "-"),
        "url": canonical(instrument.id),
        "version": instrument.version,
        "name": instrument.short_name.replace("-", "").replace(" ", ""),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "code": codes,
        "copyright": instrument.licence,
        "item": [
            {
                "linkId": item.id,
                "text": item.label,
                "type": "choice",
                "required": item.required,
                **({"code": [{"system": LOINC, "code": item.loinc}]} if item.loinc else {}),
                "answerOption": [
                    {
                        "valueCoding": {
                            **(
                                {"system": LOINC, "code": option.loinc}
                                if option.loinc
                                else {"code": str(option.value)}
                            ),
                            "display": option.label,
                        }
                    }
                    for option in item.options
                ],
            }
            for item in instrument.items
        ],
    }
    Questionnaire.model_validate(resource)
    return resource


def all_questionnaires() -> list[dict[str, Any]]:
    return [questionnaire(instrument) for instrument in all_instruments()]


def instrument_for(url: str) -> str | None:
    """The instrument id of a Questionnaire canonical (ours, or any URL ending in its id)."""
    tail = url.split("|")[0].rstrip("/").rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    ids = {i.id for i in all_instruments()}
    candidate = tail.removeprefix("instrument-").replace("-", "_")
    return candidate if candidate in ids else None


def answer_value(instrument_id: str, item_id: str, coding: dict[str, Any]) -> int | None:
    """The stored answer for an answer coding: the option whose LOINC code or value it names;
    None when it names none."""
    item = get_instrument(instrument_id).item(item_id)
    code = str(coding.get("code", ""))
    for option in item.options:
        if code in (option.loinc, str(option.value), option.code):
            return option.value
    return None
