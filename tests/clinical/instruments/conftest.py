"""Answer sheets for the instrument tests, built to a chosen total."""

from collections.abc import Callable

import pytest

from remission.clinical.instruments import get_instrument

Sheet = dict[str, int | None]


@pytest.fixture
def sheet_totalling() -> Callable[[str, int], Sheet]:
    """Answers that add up to ``total``: the items are filled in order, each to its maximum.

    The last (risk) items stay 0 until the total needs them, so band tests raise no alert.
    """

    def build(instrument_id: str, total: int) -> Sheet:
        answers: Sheet = {}
        left = total
        for item in get_instrument(instrument_id).items:
            if item.scored:
                answers[item.id] = min(max(item.values), left)
                left -= answers[item.id] or 0
        assert left == 0, f"{instrument_id} cannot reach {total}"
        return answers

    return build
