"""Item text: shipped English for the free instruments, German where a source was found, none for
licensed instruments unless the clinic loads a content pack; and the pack format's checks."""

import json

import pytest

from remission.clinical.instruments import InstrumentDataError, item_text, read_content_pack

FREE = ["phq9", "phq2", "gad7", "hamd17", "pcl5", "who5"]
LICENSED = ["qids_sr16", "madrs", "cssrs_screener", "wsas", "cadss", "cadss6"]

# A clinic's MADRS pack. The text here is a placeholder: the licensed wording is not ours to ship.
MADRS_PACK = """
pack_format = 1
instrument = "madrs"
language = "en"
title = "MADRS (clinic licence 2026-001)"
source = "Royal College of Psychiatrists, licensed copy"
licence = "Licensed to the clinic for internal use"

[option_labels.zero_to_six]
0 = "0"
1 = "1"
2 = "2"
3 = "3"
4 = "4"
5 = "5"
6 = "6"
"""
MADRS_ITEMS = "".join(f'\n[items.q{n}]\ntext = "Licensed item {n}"\n' for n in range(1, 11))


@pytest.mark.parametrize("instrument", FREE)
def test_free_instruments_ship_english_text(instrument):
    pack = item_text(instrument, "en")
    assert pack is not None
    assert pack.language == "en"
    assert all(text.text for text in pack.items.values())


@pytest.mark.parametrize("instrument", LICENSED)
def test_licensed_instruments_ship_no_text(instrument):
    assert item_text(instrument, "en") is None
    assert item_text(instrument, "de") is None


def test_phq9_english_item_9_reads_as_in_camcops_phq9_xml():
    assert item_text("phq9", "en").items["q9"].text == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )


def test_phq9_german_item_9_reads_as_in_the_mii_phq_d_questionnaire():
    pack = item_text("phq9", "de")
    assert (
        pack.items["q9"].text
        == "Gedanken, dass Sie lieber tot wären oder sich Leid zufügen möchten"
    )
    assert pack.items["q9"].options[3] == "Beinahe jeden Tag"


def test_phq9_german_difficulty_labels_follow_the_loinc_codes_very_then_extremely():
    """LA6575-0 Very difficult = "Relativ stark erschwert"; LA6574-3 = "Sehr stark erschwert"."""
    labels = item_text("phq9", "de").items["difficulty"].options
    assert (labels[2], labels[3]) == ("Relativ stark erschwert", "Sehr stark erschwert")


def test_gad7_german_item_1_reads_as_in_the_mii_gad7_questionnaire():
    assert item_text("gad7", "de").items["q1"].text == "Nervosität, Ängstlichkeit oder Anspannung"


def test_hamd17_text_carries_each_items_own_anchors():
    anchors = item_text("hamd17", "en").items["q3"].options
    assert anchors[3] == "Suicidal ideas or gesture."
    assert len(item_text("hamd17", "en").items["q4"].options) == 3


def test_who5_text_ships_with_its_attribution():
    assert "Psychiatric Research Unit" in item_text("who5", "en").attribution


def test_a_regional_language_tag_falls_back_to_its_language():
    assert item_text("phq9", "de-CH").language == "de"


def test_a_language_without_text_gives_none():
    assert item_text("phq9", "fr") is None


def test_a_clinic_pack_gives_text_for_a_licensed_instrument():
    pack = read_content_pack(MADRS_PACK + MADRS_ITEMS)
    assert item_text("madrs", "en", [pack]) is pack
    assert pack.items["q10"].options[6] == "6"


def test_a_clinic_pack_comes_before_the_shipped_text():
    items = "".join(f'\n[items.q{n}]\ntext = "Frage {n}"\n' for n in (1, 2))
    pack = read_content_pack(
        'pack_format = 1\ninstrument = "phq2"\nlanguage = "de"\ntitle = "PHQ-2"\n'
        'source = "Klinik"\nlicence = "frei"\n'
        '[option_labels.frequency]\n0 = "nie"\n1 = "manchmal"\n2 = "oft"\n3 = "immer"\n' + items
    )
    assert item_text("phq2", "de", [pack]).items["q1"].text == "Frage 1"


def test_a_pack_may_be_json():
    data = {
        "pack_format": 1,
        "instrument": "phq2",
        "language": "en",
        "title": "PHQ-2",
        "source": "clinic",
        "licence": "free",
        "option_labels": {"frequency": {"0": "a", "1": "b", "2": "c", "3": "d"}},
        "items": {"q1": {"text": "one"}, "q2": {"text": "two"}},
    }
    assert read_content_pack(json.dumps(data), syntax="json").items["q2"].text == "two"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t.replace('[items.q10]\ntext = "Licensed item 10"\n', ""),
            r"items\.q10: missing",
        ),
        (
            lambda t: t.replace('6 = "6"\n', ""),
            r"items\.q1\.options: labels for values \[0, 1, 2, 3, 4, 5\]",
        ),
        (lambda t: t.replace('"madrs"', '"bdi"'), r"instrument: unknown instrument 'bdi'"),
        (
            lambda t: t.replace('language = "en"', 'language = "English"'),
            r"language: expected a language tag",
        ),
        (
            lambda t: t.replace("pack_format = 1", "pack_format = 2"),
            r"pack_format: this version reads pack_format 1",
        ),
        (lambda t: t.replace("licence =", "license ="), r"licence: missing"),
        (lambda t: t + '\n[items.q11]\ntext = "extra"\n', r"items: unknown key\(s\) q11"),
        (
            lambda t: t.replace('text = "Licensed item 3"', 'text = ""'),
            r"items\.q3\.text: expected a non-empty string",
        ),
        (lambda t: t + "\n[broken", r"not valid TOML"),
    ],
)
def test_a_broken_pack_is_refused_naming_the_key_and_the_problem(change, message):
    with pytest.raises(InstrumentDataError, match=message):
        read_content_pack(change(MADRS_PACK + MADRS_ITEMS), name="madrs.en.toml")
