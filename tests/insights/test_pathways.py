"""Pathways derived from the treatment history (docs/insights.md, "Pathways")."""

from datetime import date

import pytest

from remission.insights.pathways import DatedTrial, Pathway, index_course

D = date


@pytest.mark.parametrize(
    ("trials", "pathway"),
    [
        ([("ketamine_iv", D(2024, 3, 1), D(2024, 3, 21))], Pathway.KETAMINE_IV),
        ([("esketamine", D(2024, 3, 1), None)], Pathway.ESKETAMINE),
        ([("rtms", D(2024, 3, 1), D(2024, 4, 10))], Pathway.TMS),
        ([("itbs", D(2024, 3, 1), D(2024, 3, 5))], Pathway.TMS),
        ([("ect", D(2024, 3, 1), D(2024, 4, 1))], Pathway.ECT),
        ([("antidepressant", D(2024, 1, 1), D(2024, 3, 1)),
          ("augmentation", D(2024, 3, 1), None)], Pathway.MEDICATION),
        ([("psychotherapy", D(2024, 1, 1), D(2024, 6, 1))], Pathway.PSYCHOTHERAPY),
        # an antidepressant beside esketamine does not make it "combined" (TRANSFORM design)
        ([("antidepressant", D(2024, 2, 1), None),
          ("esketamine", D(2024, 3, 1), D(2024, 3, 29))], Pathway.ESKETAMINE),
        # two different procedures overlapping: combined
        ([("ect", D(2024, 3, 1), D(2024, 4, 1)),
          ("ketamine_iv", D(2024, 3, 15), D(2024, 4, 5))], Pathway.COMBINED),
        # medication and psychotherapy at the same time: combined
        ([("psychotherapy", D(2024, 1, 1), D(2024, 6, 1)),
          ("antidepressant", D(2024, 2, 1), None)], Pathway.COMBINED),
        ([("antidepressant", D(2024, 1, 1), D(2024, 2, 1)),
          ("psychotherapy", D(2024, 3, 1), D(2024, 6, 1))], Pathway.PSYCHOTHERAPY),
        # an earlier procedure that ended before the index trial started does not combine
        ([("ect", D(2023, 1, 1), D(2023, 2, 1)),
          ("ketamine_iv", D(2024, 3, 1), D(2024, 3, 21))], Pathway.KETAMINE_IV),
    ],
)  # fmt: skip
def test_pathway_of_the_index_trial(trials, pathway):
    course = index_course(7, [DatedTrial(*t) for t in trials])
    assert course is not None
    assert course.pathway is pathway


def test_index_trial_is_the_latest_started_and_a_procedure_wins_a_tie():
    course = index_course(
        1,
        [
            DatedTrial("antidepressant", D(2024, 3, 1), None),
            DatedTrial("ketamine_iv", D(2024, 3, 1), D(2024, 3, 21)),
        ],
    )
    assert course is not None
    assert (course.pathway, course.start, course.end) == (
        Pathway.KETAMINE_IV,
        D(2024, 3, 1),
        D(2024, 3, 21),
    )


def test_no_dated_trial_no_course():
    assert index_course(1, []) is None
