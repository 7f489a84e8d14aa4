"""Checking a patient's answers before anything is computed from them.

An answer is a whole number from the item's options, or None for a blank. A blank is allowed for
an item that was not asked (C-SSRS branching), an unscored optional item (PHQ-9 difficulty) or an
item whose blank has a meaning (WSAS item 1, retired); any other blank is a missing answer. Bad
answers raise :class:`InvalidAnswer` naming the item and what is allowed; a missing answer raises
too, unless the caller asks for an incomplete result, which then has no total.
"""

from collections.abc import Mapping, Sequence

from remission.clinical.instruments.errors import InvalidAnswer, InvalidScore, NotApplicable
from remission.clinical.instruments.model import Condition, Instrument, Item

Answer = int | None
Checked = tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]  # values, missing, excluded


class AnswerRules:
    """The allowed answers of one instrument, prepared once so checking stays cheap."""

    __slots__ = ("instrument", "item_ids", "items", "order", "tokens")

    def __init__(self, instrument: Instrument) -> None:
        self.instrument = instrument
        self.item_ids = frozenset(item.id for item in instrument.items)
        self.items = tuple(
            (item.id, frozenset(item.values), item.ask_if, item) for item in instrument.items
        )
        self.order = ", ".join(item.id for item in instrument.items)
        self.tokens = {
            item.id: {option.code: option.value for option in item.options if option.code}
            for item in instrument.items
        }

    def check(self, answers: Mapping[str, Answer], *, allow_incomplete: bool) -> Checked:
        """The answers given by item id, the missing items and the excluded ones."""
        if not self.item_ids.issuperset(answers):
            unknown = sorted(set(answers) - self.item_ids)[0]
            problem = "no such item"
            raise InvalidAnswer(self.instrument.id, unknown, answers[unknown], problem, self.order)
        values: dict[str, int] = {}
        others: list[Item] = []
        for item_id, allowed, condition, item in self.items:
            answer = answers.get(item_id)
            if condition is None and type(answer) is int and answer in allowed:
                values[item_id] = answer  # the common case
            else:
                others.append(item)
        if not others:
            return values, (), ()
        missing, excluded = self._check_others(others, answers, values)
        if missing and not allow_incomplete:
            first = self.instrument.item(missing[0])
            raise InvalidAnswer(
                self.instrument.id, first.id, None, "missing answer", first.allowed()
            )
        return values, missing, excluded

    def _check_others(
        self, items: list[Item], answers: Mapping[str, Answer], values: dict[str, int]
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Items not answered with a plain allowed value, in order: a branch not taken, a blank
        (missing, optional or excluded), or an answer to refuse. Adds accepted answers to
        ``values``."""
        missing: list[str] = []
        excluded: list[str] = []
        for item in items:
            answer = answers.get(item.id)
            condition = item.ask_if
            parent_missing = condition is not None and condition.item in missing
            if (
                condition is not None
                and not parent_missing
                and values.get(condition.item) != condition.equals
            ):
                if answer is not None:
                    raise self._not_asked(item, condition, answer)
                continue
            if answer is None:
                if item.blank_means is not None:
                    excluded.append(item.id)
                elif item.required and not parent_missing:
                    missing.append(item.id)
                continue
            if type(answer) is not int or answer not in item.values:
                problem = f"{answer!r} is not an allowed answer"
                raise InvalidAnswer(self.instrument.id, item.id, answer, problem, item.allowed())
            values[item.id] = answer
        return tuple(missing), tuple(excluded)

    def _not_asked(self, item: Item, condition: Condition, answer: object) -> InvalidAnswer:
        asked_when = self.instrument.item(condition.item).option(condition.equals).label.lower()
        problem = f"not asked unless {condition.item} is {asked_when}"
        return InvalidAnswer(self.instrument.id, item.id, answer, problem, "blank")

    def parse(self, tokens: Sequence[str]) -> dict[str, Answer]:
        """Answers typed in item order (``1,0,2,...``; an empty token is a blank) → answers by item.

        Items after the last token are left out, so a short list fails as a missing answer that
        names the first item without one.
        """
        if len(tokens) > len(self.items):
            raise InvalidAnswer(
                self.instrument.id,
                None,
                len(tokens),
                f"{len(tokens)} answers given, at most {len(self.items)}",
                f"one answer per item, in order: {self.order}",
            )
        answers: dict[str, Answer] = {}
        for (_, _, _, item), token in zip(self.items, tokens, strict=False):
            token = token.strip()
            codes = self.tokens[item.id]
            if not token:
                answers[item.id] = None
            elif token in codes:
                answers[item.id] = codes[token]
            elif not codes and token.lstrip("-").isdigit():
                answers[item.id] = int(token)
            else:
                problem = f"{token!r} is not an allowed answer"
                raise InvalidAnswer(self.instrument.id, item.id, token, problem, item.allowed())
        return answers


def check_total(instrument: Instrument, field: str, value: int) -> None:
    """A total typed in by hand (outcome baseline, value to convert) must be on the scale."""
    bounds = instrument.scoring.bounds
    if bounds is None:
        raise NotApplicable(f"{instrument.id}: has no total score")
    if type(value) is not int or not bounds[0] <= value <= bounds[1]:
        raise InvalidScore(instrument.id, field, value, f"whole numbers {instrument.score_range}")
