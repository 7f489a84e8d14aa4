"""The worked tables of docs/algorithms hold: each row is rebuilt as a history and assessed.

The tables are derived from the published rules (clinical.md sections 3 and 4; no published worked
case exists, clinical.md 3.7 and 10.2); the pages name the source of each rule.
"""

from datetime import date

import pytest

from remission.clinical.history import (
    AdequacyCriteria,
    Severity,
    TrdDefinition,
    assess_trials,
    maudsley_stage,
    mgh_s_score,
    thase_rush_stage,
    trd_status,
)
from remission.clinical.history.staging.maudsley import band, duration_points, severity_points
from remission.clinical.history.staging.thase_rush import ROMAN
from tests.clinical.history.doctables import DASH, optional_number, worked_table, yes
from tests.clinical.history.notation import antidepressant, history, trials


def _rows(page: str, name: str, key: str) -> pytest.MarkDecorator:
    rows = worked_table(page, name)
    return pytest.mark.parametrize("row", rows, ids=[row[key] for row in rows])


@_rows("adequacy.md", "adequacy", "trial")
def test_the_adequacy_table_holds(row: dict[str, str]) -> None:
    criteria = AdequacyCriteria(min_weeks=float(row["min weeks"]))
    assessment = assess_trials(history(*trials(row["trial"])), criteria)[-1]
    assert assessment.adequacy.label.lower() == {"yes": "adequate", "no": "not adequate"}.get(
        row["adequate"], row["adequate"]
    )
    assert assessment.failed is yes(row["failed"])
    assert [flag.code.value for flag in assessment.flags] == row["flags"].split()
    reasons = (
        " | ".join(assessment.reasons) + " | " + " | ".join(f.message for f in assessment.flags)
    )
    assert row["why"] in reasons


@_rows("trd-definition.md", "trd", "vignette")
def test_the_trd_table_holds(row: dict[str, str]) -> None:
    definition = TrdDefinition(
        adequacy=AdequacyCriteria(min_weeks=float(row["min weeks"])),
        different_classes=yes(row["different classes"]),
        augmentation_counts=yes(row["augmentation counts"]),
    )
    subject = history(*trials(row["trials"]))
    result = trd_status(subject, definition)
    antidepressant_failures = [
        a
        for a in assess_trials(subject, definition.adequacy)
        if a.adequate_failure and a.kind.value == "antidepressant"
    ]
    assert len(antidepressant_failures) == int(row["adequate failures"])
    assert result.status is yes(row["TRD"])


@_rows("thase-rush.md", "thase-rush", "vignette")
def test_the_thase_rush_table_holds(row: dict[str, str]) -> None:
    stage = thase_rush_stage(history(*trials(row["trials"])))
    assert stage.roman == row["stage"]
    assert stage.stage == ROMAN.index(row["stage"])


@_rows("mgh-s.md", "mgh-s", "vignette")
def test_the_mgh_s_table_holds(row: dict[str, str]) -> None:
    assert mgh_s_score(history(*trials(row["trials"]))).score == float(row["score"])


@_rows("maudsley.md", "msm-duration", "as of")
def test_the_msm_duration_table_holds(row: dict[str, str]) -> None:
    stage = maudsley_stage(history(start=row["episode start"], as_of=row["as of"]))
    assert stage.episode_months == int(row["months"])
    assert stage.items.duration == int(row["points"])
    assert duration_points(int(row["months"])) == int(row["points"])


@_rows("maudsley.md", "msm-severity", "points")
def test_the_msm_severity_table_holds(row: dict[str, str]) -> None:
    subject = history(severity=row["severity"], psychotic=yes(row["psychotic features"]))
    assert maudsley_stage(subject).items.severity == int(row["points"])
    assert severity_points(Severity(row["severity"]), yes(row["psychotic features"])) == int(
        row["points"]
    )


@_rows("maudsley.md", "msm-failures", "adequate failed antidepressants")
def test_the_msm_failures_table_holds(row: dict[str, str]) -> None:
    count = int(row["adequate failed antidepressants"])
    failures = [antidepressant("sertraline", (50, 8))] * count
    stage = maudsley_stage(history(*failures))
    assert stage.items.antidepressant_failures == optional_number(row["points"])


@_rows("maudsley.md", "msm", "vignette")
def test_the_msm_vignettes_hold(row: dict[str, str]) -> None:
    subject = history(
        *trials(row["trials"]),
        start=row["episode start"],
        severity=row["severity"],
        psychotic=yes(row["psychotic features"]),
    )
    assert subject.as_of == date(2026, 11, 1)
    stage = maudsley_stage(subject)
    items = stage.items
    assert items.duration == int(row["duration"])
    assert items.severity == int(row["severity points"])
    assert items.antidepressant_failures == optional_number(row["failures"])
    assert items.augmentation == int(row["augmentation"])
    assert items.ect == int(row["ECT"])
    assert stage.total == optional_number(row["total"])
    assert (stage.band.value if stage.band else DASH) == row["band"]
    if stage.total is not None:
        assert band(stage.total) is stage.band
