"""Risk alerts: raised from the answer to a risk item, whatever the total (clinical.md 1.14).

An alert carries the patient's own answer, not a computed risk score, with the rule and its source.
Alerts are raised from every answered risk item, also when other items are missing.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from remission.clinical.instruments.model import AlertRule, Instrument, Priority


@dataclass(frozen=True, slots=True)
class Alert:
    item: str
    answer: int
    answer_label: str
    priority: Priority
    rule: str
    source: str

    def as_dict(self) -> dict[str, object]:
        return {
            "item": self.item,
            "answer": self.answer,
            "answer_label": self.answer_label,
            "priority": self.priority,
            "rule": self.rule,
            "source": self.source,
        }


class AlertRules:
    """Each risk item's alert for every answer that raises one, prepared once."""

    __slots__ = ("alerts",)

    def __init__(self, instrument: Instrument) -> None:
        self.alerts = tuple(
            (rule.item, _alerts_by_answer(instrument, rule)) for rule in instrument.alert_rules
        )

    def raise_alerts(self, values: Mapping[str, int]) -> tuple[Alert, ...]:
        raised: tuple[Alert, ...] = ()
        for item_id, by_answer in self.alerts:
            alert = by_answer.get(values.get(item_id))  # type: ignore[arg-type]
            if alert is not None:
                raised += (alert,)
        return raised


def _alerts_by_answer(instrument: Instrument, rule: AlertRule) -> dict[int, Alert]:
    alerts = {}
    for option in instrument.item(rule.item).options:
        priority: Priority
        if rule.urgent_at is not None and option.value >= rule.urgent_at:
            priority = "urgent"
        elif rule.review_at is not None and option.value >= rule.review_at:
            priority = "review"
        else:
            continue
        alerts[option.value] = Alert(
            rule.item, option.value, option.label, priority, rule.rule, rule.source
        )
    return alerts
