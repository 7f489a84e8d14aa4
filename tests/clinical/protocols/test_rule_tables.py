"""The rule tables load, validate and report a broken row by file and key."""

from collections.abc import Iterator

import pytest

from remission.cli.protocol import KETAMINE_SERIES, TMS_PROTOCOLS
from remission.clinical.protocols import ketamine_iv, tables, tms, validate_all
from remission.clinical.protocols.errors import RuleTableError
from remission.clinical.protocols.tables import Row


@pytest.fixture
def fresh_tms() -> Iterator[None]:
    tms.protocols.cache_clear()
    yield
    tms.protocols.cache_clear()


def test_every_shipped_table_is_valid() -> None:
    assert validate_all() == ()


def test_a_broken_table_is_reported_by_validate_all_with_its_file_and_key(
    fresh_tms: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(name: str) -> Row:
        table = tables.load(name)
        [first, *rest] = table.rows("protocol")
        data = dict(first.data, pulses_per_session=3001)
        return Row(table.where, {"protocol": [data, *(row.data for row in rest)]})

    monkeypatch.setattr(tms, "load", broken)
    [problem] = validate_all()
    assert problem == "tms.toml [protocol] row 1: trains give 3000 pulses, not the row's"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "x: 'source' is missing"),
        ({"source": ""}, "x: 'source' must be a non-empty string, not ''"),
        ({"source": 3}, "x: 'source' must be a non-empty string, not 3"),
    ],
)
def test_every_rule_needs_a_source(data: dict[str, object], message: str) -> None:
    with pytest.raises(RuleTableError) as error:
        Row("x", data).text("source")
    assert str(error.value) == message


@pytest.mark.parametrize(
    ("reader", "value"),
    [
        ("integer", True),
        ("integer", -1),
        ("decimal", 0),
        ("integers", []),
        ("rows", [1]),
        ("flag", "yes"),
    ],
)
def test_readers_refuse_values_of_the_wrong_kind(reader: str, value: object) -> None:
    with pytest.raises(RuleTableError, match="'key' must be"):
        getattr(Row("x", {"key": value}), reader)("key")


def test_the_command_line_names_exist_in_the_tables() -> None:
    assert set(KETAMINE_SERIES) <= set(ketamine_iv.rules().series)
    assert set(TMS_PROTOCOLS) == set(tms.protocols())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"days": [0], "weekdays": ["mon"]}, "x: give either 'weekdays' or 'days'"),
        ({"days": [0, 0]}, "x: cadence days must be distinct and non-empty, not (0, 0)"),
        ({"weekdays": ["mon", "caturday"]}, "x: not a weekday: 'caturday'"),
    ],
)
def test_a_malformed_cadence_row_is_a_table_error(data: dict[str, object], message: str) -> None:
    with pytest.raises(RuleTableError) as error:
        Row("x", data).cadence()
    assert str(error.value) == message


def test_a_range_needs_a_low_and_a_high_in_order() -> None:
    with pytest.raises(RuleTableError, match=r"'key' must be a \[low, high\] pair of numbers"):
        Row("x", {"key": [5, 1], "source": "s"}).range("key", "kg", "source")
