"""Bad answers are refused with one line naming the item and what is allowed; a total is never
computed from missing answers; alerts are still raised from an incomplete sheet."""

import pytest

from remission.clinical.instruments import (
    InvalidAnswer,
    UnknownChoice,
    UnknownInstrument,
    parse_answers,
    score,
)

PHQ9_ZEROS = {f"q{n}": 0 for n in range(1, 10)}


def test_missing_item_is_refused_naming_the_item_and_the_allowed_answers():
    answers = {k: v for k, v in PHQ9_ZEROS.items() if k != "q5"}
    with pytest.raises(InvalidAnswer) as refused:
        score("phq9", answers)
    assert str(refused.value) == "phq9 item q5: missing answer (allowed: 0-3)"
    assert (refused.value.item, refused.value.allowed) == ("q5", "0-3")


def test_blank_answer_counts_as_missing():
    with pytest.raises(InvalidAnswer, match=r"^phq9 item q1: missing answer \(allowed: 0-3\)$"):
        score("phq9", PHQ9_ZEROS | {"q1": None})


@pytest.mark.parametrize(
    ("answer", "shown"), [(4, "4"), (-1, "-1"), (2.5, "2.5"), ("2", "'2'"), (True, "True")]
)
def test_out_of_range_or_non_integer_answer_is_refused_with_the_value_shown(answer, shown):
    with pytest.raises(InvalidAnswer) as refused:
        score("phq9", PHQ9_ZEROS | {"q3": answer})
    assert str(refused.value) == f"phq9 item q3: {shown} is not an allowed answer (allowed: 0-3)"


def test_unknown_item_is_refused_listing_the_items():
    with pytest.raises(InvalidAnswer) as refused:
        score("phq9", PHQ9_ZEROS | {"q10": 1})
    assert str(refused.value) == (
        "phq9 item q10: no such item (allowed: q1, q2, q3, q4, q5, q6, q7, q8, q9, difficulty)"
    )


def test_every_message_is_a_single_line():
    with pytest.raises(InvalidAnswer) as refused:
        score("hamd17", {"q1": 9})
    assert "\n" not in str(refused.value)


def test_incomplete_sheet_has_no_total_and_no_band_but_keeps_the_item_9_alert():
    answers = {k: v for k, v in PHQ9_ZEROS.items() if k != "q2"} | {"q9": 2}
    result = score("phq9", answers, allow_incomplete=True)
    assert (result.total, result.band, result.missing) == (None, None, ("q2",))
    assert [(a.item, a.priority) for a in result.alerts] == [("q9", "urgent")]


def test_incomplete_qids_keeps_the_complete_domains_and_has_no_total():
    answers = {f"q{n}": 1 for n in range(1, 17) if n != 3}
    result = score("qids_sr16", answers, allow_incomplete=True)
    assert result.total is None
    assert result.domains["sleep"] is None
    assert result.domains["sad_mood"] == 1


def test_incomplete_who5_has_no_percentage():
    result = score("who5", {"q1": 5, "q2": 5}, allow_incomplete=True)
    assert (result.total, result.percent) == (None, None)


def test_incomplete_pcl5_has_no_provisional_diagnosis():
    result = score("pcl5", {"q1": 4}, allow_incomplete=True)
    assert result.dsm5_provisional is None


def test_incomplete_cssrs_has_no_risk_category_but_keeps_its_alerts():
    answers = parse_answers("cssrs_screener", ["no", "yes", "", "", "", "yes", "yes"])
    result = score("cssrs_screener", answers, allow_incomplete=True)
    assert result.band is None
    assert result.missing == ("q3", "q4", "q5")
    assert [a.item for a in result.alerts] == ["q2", "q6", "q6_recent"]


def test_answers_typed_in_order_map_to_item_ids_with_blanks_as_none():
    assert parse_answers("wsas", [" ", "1", "2 ", "3", "4"]) == {
        "q1": None,
        "q2": 1,
        "q3": 2,
        "q4": 3,
        "q5": 4,
    }


def test_too_many_typed_answers_are_refused_listing_the_order():
    with pytest.raises(InvalidAnswer) as refused:
        parse_answers("phq2", ["1", "1", "1"])
    assert str(refused.value) == (
        "phq2: 3 answers given, at most 2 (allowed: one answer per item, in order: q1, q2)"
    )


def test_too_few_typed_answers_fail_on_the_first_item_without_one():
    with pytest.raises(InvalidAnswer, match=r"^phq9 item q3: missing answer"):
        score("phq9", parse_answers("phq9", ["1", "1"]))


@pytest.mark.parametrize("token", ["x", "1.5", "yes"])
def test_typed_answer_that_is_not_a_whole_number_is_refused(token):
    with pytest.raises(InvalidAnswer, match=rf"^gad7 item q1: '{token}' is not an allowed answer"):
        parse_answers("gad7", [token])


def test_cssrs_typed_answers_must_be_yes_or_no():
    with pytest.raises(InvalidAnswer) as refused:
        parse_answers("cssrs_screener", ["1"])
    assert str(refused.value) == (
        "cssrs_screener item q1: '1' is not an allowed answer (allowed: no or yes)"
    )


def test_unknown_instrument_is_refused_listing_the_known_ones():
    with pytest.raises(UnknownInstrument, match=r"^unknown instrument 'bdi'; known: cadss, "):
        score("bdi", {})


def test_unknown_band_set_is_refused_listing_the_published_ones():
    with pytest.raises(UnknownChoice) as refused:
        score("phq9", PHQ9_ZEROS, band_set="dsm")
    assert str(refused.value) == "phq9: no band set 'dsm'; choose from: kroenke2001, nice_ng222"
