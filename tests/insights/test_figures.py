"""Outcome figures on small hand-computed cohorts (docs/insights.md, "Definitions"): one
patient's facts (pure), the counting of many (pure), and the whole path through the stored
summaries and the database's GROUP BY."""

from datetime import date

from remission.clinical.statistics import Rate
from remission.insights.cohort import Filters
from remission.insights.dashboard import count_figures
from remission.insights.figures import Score, WindowOutcome, figures, patient_facts
from remission.insights.pathways import Course, Pathway
from remission.insights.summaries import refresh_clinic
from tests.insights.cohorts import course, patient_in, score

D = date
TODAY = D(2026, 1, 1)
KIND = {Pathway.KETAMINE_IV: "ketamine_iv", Pathway.PSYCHOTHERAPY: "psychotherapy"}

# Three IV ketamine patients on QIDS-SR16 (response ≥50% fall, remission ≤5; clinical.md 1.3):
# 1: 20 -> 8 at the end (response, no remission), 4 at 3 months (both)
# 2: 16 -> 9 at the end (7 of 16 = 44%: no response), nothing at 3 months (missing)
# 3: 18 -> 5 at the end (both), nothing later
# 4: no baseline: not counted anywhere
COURSES = [
    Course(1, Pathway.KETAMINE_IV, D(2024, 1, 1), D(2024, 1, 21)),
    Course(2, Pathway.KETAMINE_IV, D(2024, 2, 1), D(2024, 2, 21)),
    Course(3, Pathway.KETAMINE_IV, D(2024, 3, 1), D(2024, 3, 21)),
    Course(4, Pathway.KETAMINE_IV, D(2024, 3, 1), D(2024, 3, 21)),
]
SCORES = {
    1: [Score("qids_sr16", D(2023, 12, 28), 20), Score("qids_sr16", D(2024, 1, 22), 8),
        Score("qids_sr16", D(2024, 4, 1), 4)],
    2: [Score("qids_sr16", D(2024, 2, 1), 16), Score("qids_sr16", D(2024, 2, 22), 9)],
    3: [Score("qids_sr16", D(2024, 3, 1), 18), Score("qids_sr16", D(2024, 3, 20), 5)],
    4: [Score("qids_sr16", D(2024, 4, 20), 3)],
}  # fmt: skip


def stored(world, courses, scores, today=TODAY):
    """Write the cohort as trials and totals, rebuild the summaries, count them."""
    for c in courses:
        patient = patient_in(world, c.patient)
        course(patient, KIND[c.pathway], c.start, c.end)
        for s in scores.get(c.patient, ()):
            score(patient, s.instrument, s.when, s.total)
    refresh_clinic(world.clinic_a.pk)
    return count_figures(world.admin, Filters(), today)


def row(counted, window, instrument="qids_sr16"):
    rows = counted.outcomes if window != "ever" else counted.cumulative_remission
    return next(r for r in rows if r.window == window and r.instrument == instrument)


def test_one_patients_facts_keep_the_window_end_of_what_was_not_measured():
    facts = patient_facts(COURSES[1], SCORES[2])
    end = next(f for f in facts.outcomes if f.window == "end")
    three = next(f for f in facts.outcomes if f.window == "3m")
    assert end == WindowOutcome("qids_sr16", "end", D(2024, 3, 6), True, False, False, None, None)
    # 3 months: target 2024-02-01 + 91 days = 2024-05-02, window to 30 days after
    assert three == WindowOutcome("qids_sr16", "3m", D(2024, 6, 1), measured=False)
    assert patient_facts(COURSES[3], SCORES[4]).outcomes == []  # no baseline


def test_counted_facts_weigh_by_the_number_of_patients():
    counted = figures(
        [("ketamine_iv", "qids_sr16", "end", True, True, False, None, None, 3),
         ("ketamine_iv", "qids_sr16", "end", True, False, False, None, None, 2),
         ("ketamine_iv", "qids_sr16", "end", False, None, None, None, None, 4)],
        [("psychotherapy", "end", True, False, 2), ("psychotherapy", "end", False, False, 3)],
        [("ketamine_iv", "response", 21, True, 2), ("ketamine_iv", "response", 28, False, 2)],
    )  # fmt: skip
    end = counted.outcomes[0]
    assert (end.due, end.measured, end.missing) == (9, 5, 4)
    assert (end.response, end.remission) == (Rate(3, 5), Rate(0, 5))
    assert counted.recovery[0].recovery == Rate(2, 5)
    assert counted.recovery[0].reliable_recovery == Rate(0, 5)
    estimate = counted.time_to[0].estimate
    assert (estimate.subjects, estimate.events, estimate.median) == (4, 2, 21)


def test_end_of_induction_response_and_remission(world):
    end = row(stored(world, COURSES, SCORES), "end")
    assert (end.due, end.measured, end.missing) == (3, 3, 0)
    assert end.response == Rate(2, 3)
    assert end.remission == Rate(1, 3)
    assert end.reliable_improvement is None  # QIDS-SR16 has no published threshold


def test_three_months_counts_the_unmeasured_as_missing_not_as_failures(world):
    three = row(stored(world, COURSES, SCORES), "3m")
    assert (three.due, three.measured, three.missing) == (3, 1, 2)
    assert three.response == Rate(1, 1)


def test_a_window_still_open_is_not_yet_due(world):
    counted = stored(world, COURSES, SCORES, today=D(2024, 4, 15))
    three = [r for r in counted.outcomes if r.window == "3m"]
    # patient 1 measured (counts); 2's window closes on 2024-06-01, after today: not due; 3 not.
    assert [(r.due, r.measured) for r in three] == [(1, 1)]
    later = count_figures(world.admin, Filters(), D(2024, 6, 2))
    assert [(r.due, r.measured) for r in later.outcomes if r.window == "3m"] == [(2, 1)]


def test_cumulative_remission_any_time_after_the_start(world):
    assert row(stored(world, COURSES, SCORES), "ever").remission == Rate(2, 3)


def test_time_to_response_is_kaplan_meier_with_censoring(world):
    counted = stored(world, COURSES, SCORES)
    response = next(t for t in counted.time_to if t.event == "response").estimate
    # responders on day 21 (patient 1) and day 19 (patient 3); patient 2 censored on day 21:
    # S(19) = 2/3, S(21) = 2/3 x 1/2 = 1/3; median 21 days.
    assert [(s.time, s.at_risk, s.events) for s in response.steps] == [(19, 3, 1), (21, 2, 1)]
    assert [round(s.survival, 4) for s in response.steps] == [0.6667, 0.3333]
    assert response.median == 21


def test_phq9_reliable_change_and_talking_therapies_recovery(world):
    courses = [Course(n, Pathway.PSYCHOTHERAPY, D(2024, 1, 1), D(2024, 4, 1)) for n in (1, 2, 3)]
    scores = {
        # PHQ-9 15 -> 8 (fall 7: reliable improvement), GAD-7 10 -> 6: recovered, reliably
        1: [Score("phq9", D(2024, 1, 1), 15), Score("phq9", D(2024, 4, 1), 8),
            Score("gad7", D(2024, 1, 1), 10), Score("gad7", D(2024, 4, 1), 6)],
        # PHQ-9 12 -> 18 (rise 6: reliable deterioration), GAD-7 9 -> 9
        2: [Score("phq9", D(2024, 1, 1), 12), Score("phq9", D(2024, 4, 2), 18),
            Score("gad7", D(2024, 1, 1), 9), Score("gad7", D(2024, 4, 2), 9)],
        # not at caseness at the start (PHQ-9 6, GAD-7 5): outside the recovery denominator
        3: [Score("phq9", D(2024, 1, 1), 6), Score("phq9", D(2024, 4, 1), 4),
            Score("gad7", D(2024, 1, 1), 5), Score("gad7", D(2024, 4, 1), 4)],
    }  # fmt: skip
    counted = stored(world, courses, scores)
    phq9_end = row(counted, "end", "phq9")
    assert phq9_end.reliable_improvement == Rate(1, 3)
    assert phq9_end.reliable_deterioration == Rate(1, 3)
    assert phq9_end.response == Rate(0, 3)  # 7/15, -6/12, 2/6: none falls by 50%
    recovery = next(r for r in counted.recovery if r.window == "end")
    assert recovery.recovery == Rate(1, 2)
    assert recovery.reliable_recovery == Rate(1, 2)


def test_no_cumulative_remission_for_an_instrument_without_a_remission_rule(world):
    courses = [Course(1, Pathway.PSYCHOTHERAPY, D(2024, 1, 1), D(2024, 4, 1))]
    scores = {1: [Score("gad7", D(2024, 1, 1), 12), Score("gad7", D(2024, 4, 1), 3)]}
    assert stored(world, courses, scores).cumulative_remission == []


def test_recovery_rows_follow_the_time_points_in_order(world):
    courses = [Course(1, Pathway.PSYCHOTHERAPY, D(2024, 1, 1), D(2024, 4, 1))]
    scores = {1: [Score(i, when, t) for i in ("phq9", "gad7") for when, t in
                  ((D(2024, 1, 1), 15), (D(2024, 4, 1), 5), (D(2024, 7, 1), 5),
                   (D(2024, 12, 30), 5))]}  # fmt: skip
    windows = [r.window for r in stored(world, courses, scores).recovery]
    assert windows == ["end", "3m", "6m", "12m"]
