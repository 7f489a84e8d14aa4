"""The shipped tables load and validate at start-up; a broken table fails loudly."""

from typing import Any

import pytest

from remission.clinical.history import TableError, load_tables
from remission.clinical.history import doses as doses_module
from remission.clinical.history.tables import TableInfo, read_table

INFO = TableInfo("test", "1", "a test table", {"ATRQ": "a source", "CANMAT": "another"})
ROW = {
    "drug": "testoxetine",
    "group": "SSRI",
    "class": "SSRI",
    "atrq_minimum": 10,
    "atrq_source": "ATRQ",
    "canmat_range": [10, 20],
    "canmat_text": "10-20",
    "canmat_line": "1st",
    "canmat_level": "L1",
    "canmat_source": "CANMAT",
}


def test_every_table_loads_with_its_name_and_version() -> None:
    names = [info.name for info in load_tables()]
    assert names == ["antidepressant-doses", "augmentation-agents", "pseudo-resistance-review"]
    assert all(info.version and info.sources for info in load_tables())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"atrq_minimum": -10}, "atrq_minimum must be a positive number"),
        ({"atrq_minimum": "10 mg"}, "atrq_minimum must be a positive number"),
        ({"atrq_source": "nowhere"}, "unknown source 'nowhere'"),
        ({"canmat_range": [20, 10]}, "canmat_range must be [low, high]"),
        ({"class": ""}, "class must be a non-empty text"),
    ],
)
def test_a_broken_row_is_refused_with_its_number(
    monkeypatch: pytest.MonkeyPatch, change: dict[str, Any], message: str
) -> None:
    monkeypatch.setattr(doses_module, "read_table", lambda _name: (INFO, [ROW, ROW | change]))
    with pytest.raises(TableError) as raised:
        doses_module._load("test.json", doses_module._antidepressant)
    assert str(raised.value).startswith("test.json: row 1: ")
    assert message in str(raised.value)


def test_a_name_given_to_two_rows_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    other = ROW | {"drug": "other", "aliases": ["Testoxetine"]}
    monkeypatch.setattr(doses_module, "read_table", lambda _name: (INFO, [ROW, other]))
    with pytest.raises(TableError, match="'Testoxetine' names two rows"):
        doses_module._load("test.json", doses_module._antidepressant)


def test_a_missing_table_file_is_a_table_error() -> None:
    with pytest.raises(TableError, match=r"absent\.json"):
        read_table("absent.json")
