"""The data files: every shipped definition loads, every rule names its source, published codes
are as the reference gives them, and a broken file fails at start-up with a clear message."""

import shutil
from importlib.resources import as_file
from pathlib import Path

import pytest

from remission.clinical.instruments import (
    InstrumentDataError,
    all_instruments,
    get_instrument,
    validate_all,
)
from remission.clinical.instruments.registry import DATA

IDS = [
    "cadss",
    "cadss6",
    "cssrs_screener",
    "gad7",
    "hamd17",
    "madrs",
    "pcl5",
    "phq2",
    "phq9",
    "qids_sr16",
    "who5",
    "wsas",
]

# clinical.md 1.1 (HL7 US Core IG example, LOINC panel 44249-1).
PHQ9_LOINC = {
    "q1": "44250-9", "q2": "44255-8", "q3": "44259-0", "q4": "44254-1", "q5": "44251-7",
    "q6": "44258-2", "q7": "44252-5", "q8": "44253-3", "q9": "44260-8", "difficulty": "69722-7",
}  # fmt: skip
PHQ_FREQUENCY_LOINC = ["LA6568-5", "LA6569-3", "LA6570-1", "LA6571-9"]
# HL7 US Core Questionnaire phq-9-example (LHC-Forms export of LOINC): LA6575-0 Very difficult,
# LA6574-3 Extremely difficult (clinical.md 1.1 has these two swapped).
PHQ9_DIFFICULTY_LOINC = [
    ("Not difficult at all", "LA6572-7"),
    ("Somewhat difficult", "LA6573-5"),
    ("Very difficult", "LA6575-0"),
    ("Extremely difficult", "LA6574-3"),
]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    with as_file(DATA) as data:
        shutil.copytree(data, tmp_path / "data")
    return tmp_path / "data"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_all_twelve_instruments_load_and_validate():
    catalogue = validate_all()
    assert sorted(catalogue.instruments) == IDS
    assert [i.id for i in all_instruments()] == IDS


def test_every_rule_row_names_its_source():
    sources = []
    for instrument in all_instruments():
        sources += [instrument.source, instrument.scoring.source]
        sources += [band_set.source for band_set in instrument.band_sets]
        sources += [rule.source for rule in instrument.alert_rules]
        if instrument.scoring.dsm5:
            sources.append(instrument.scoring.dsm5.source)
        rules = instrument.outcomes
        if rules:
            criteria = [*rules.response, *rules.remission, *rules.reliable_change]
            criteria += [c for c in (rules.early_improvement, rules.caseness) if c]
            sources += [criterion.source for criterion in criteria]
    sources += [crosswalk.source for crosswalk in validate_all().crosswalks]
    sources += [pack.source for pack in validate_all().packs]
    assert all(source.strip() for source in sources)


def test_every_suicide_item_of_clinical_md_1_14_has_an_alert_rule():
    risk_items = {r.item for i in all_instruments() for r in i.alert_rules} | set()
    expected = {("phq9", "q9"), ("qids_sr16", "q12"), ("hamd17", "q3"), ("madrs", "q10")}
    for instrument_id, item in expected:
        assert item in {r.item for r in get_instrument(instrument_id).alert_rules}
    assert {"q1", "q2", "q3", "q4", "q5", "q6", "q6_recent"} <= risk_items


def test_phq9_item_and_answer_loinc_codes_match_the_reference():
    phq9 = get_instrument("phq9")
    assert {item.id: item.loinc for item in phq9.items} == PHQ9_LOINC
    assert [o.loinc for o in phq9.item("q1").options] == PHQ_FREQUENCY_LOINC
    assert [(o.label, o.loinc) for o in phq9.item("difficulty").options] == PHQ9_DIFFICULTY_LOINC
    assert (phq9.loinc_panel, phq9.loinc_total) == ("44249-1", "44261-6")


def test_phq2_and_gad7_panel_and_total_loinc_codes_match_the_reference():
    assert (get_instrument("phq2").loinc_panel, get_instrument("phq2").loinc_total) == (
        "55757-9",
        "55758-7",
    )
    assert (get_instrument("gad7").loinc_panel, get_instrument("gad7").loinc_total) == (
        "69737-5",
        "70274-6",
    )


@pytest.mark.parametrize(
    "instrument", ["qids_sr16", "madrs", "hamd17", "who5", "pcl5", "cssrs_screener"]
)
def test_unverified_loinc_codes_are_not_encoded(instrument):
    definition = get_instrument(instrument)
    assert (definition.loinc_panel, definition.loinc_total) == (None, None)


def test_only_free_instruments_say_their_text_ships():
    shipping = sorted(i.id for i in all_instruments() if i.text_ships)
    assert shipping == ["gad7", "hamd17", "pcl5", "phq2", "phq9", "who5"]


def test_a_copy_of_the_shipped_data_validates(data_copy):
    assert len(validate_all(data_copy).instruments) == 12


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "instruments/phq9.toml",
            '{ id = "mild", label = "Mild", low = 5, high = 9 }',
            '{ id = "mild", label = "Mild", low = 6, high = 9 }',
            r"instruments/phq9\.toml\.band_sets\[0\]\.bands: mild: starts at 6, expected 5",
        ),
        (
            "instruments/gad7.toml",
            "range = [0, 21]",
            "range = [0, 20]",
            r"gad7\.toml\.scoring\.range: declared \[0, 20\] but the items give \[0, 21\]",
        ),
        (
            "instruments/madrs.toml",
            'source = "Snaith',
            'sorce = "Snaith',
            r"madrs\.toml\.band_sets\[0\]\.source: missing",
        ),
        (
            "instruments/hamd17.toml",
            'item = "q3"',
            'item = "q30"',
            r"hamd17\.toml\.alerts\[0\]\.item: unknown item 'q30'",
        ),
        (
            "instruments/qids_sr16.toml",
            "urgent_at = 2",
            "urgent_at = 4",
            r"qids_sr16\.toml\.alerts\[0\]\.item: needs review_at and/or urgent_at",
        ),
        (
            "instruments/phq9.toml",
            "at = 4\n",
            "at = 40\n",
            r"phq9\.toml\.outcomes\.remission\[0\]\.at: 40 is outside 0-27",
        ),
        (
            "crosswalks/carmody2006.toml",
            "{ from = 9, to = [11, 12] }",
            "{ from = 9, to = [1, 2] }",
            r"carmody2006\.toml\.rows: the table goes down",
        ),
        (
            "crosswalks/rush2003.toml",
            "  { from = 15, reason",
            "  { from = 14, reason",
            r"rush2003\.toml\.rows: rows and gaps must cover 0-27, each score once",
        ),
        (
            "instruments/wsas.toml",
            'label = "home management"',
            'label = "home management"\nlabl = "home"',
            r"wsas\.toml\.items\[1\]: unknown key\(s\) labl",
        ),
        (
            "packs/who5.en.toml",
            'attribution = "WHO-5',
            'note = "WHO-5',
            r"who5\.en\.toml: unknown key\(s\) note",
        ),
    ],
)
def test_a_broken_data_file_fails_validation_naming_the_file_and_key(
    data_copy, file, old, new, message
):
    edit(data_copy / file, old, new)
    with pytest.raises(InstrumentDataError, match=message):
        validate_all(data_copy)


def test_a_licensed_instrument_cannot_ship_text(data_copy):
    pack = (data_copy / "packs/phq2.en.toml").read_text("utf-8")
    (data_copy / "packs/madrs.en.toml").write_text(pack.replace('"phq2"', '"madrs"'), "utf-8")
    with pytest.raises(InstrumentDataError, match=r"madrs\.en\.toml"):
        validate_all(data_copy)


def test_a_free_instrument_must_ship_english_text(data_copy):
    (data_copy / "packs/pcl5.en.toml").unlink()
    with pytest.raises(
        InstrumentDataError, match=r"packs/pcl5\.en\.toml: missing \(text_ships = true\)"
    ):
        validate_all(data_copy)


def test_an_instrument_file_is_named_after_its_id(data_copy):
    (data_copy / "instruments/phq9.toml").rename(data_copy / "instruments/phq_9.toml")
    with pytest.raises(
        InstrumentDataError, match=r"phq_9\.toml: the file must be named after its id"
    ):
        validate_all(data_copy)
