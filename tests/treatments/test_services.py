"""Writes of the treatment history: versions, staging with every change, atomicity, conflicts."""

from datetime import date
from unittest import mock

import pytest

from remission.audit.models import AuditEvent, RecordVersion
from remission.clinical.history import ReviewStatus, parse_history
from remission.concurrency import EditConflict
from remission.treatments import services
from remission.treatments.models import (
    HistoryVersion,
    PseudoResistanceReview,
    StagingResult,
    Trial,
    Trigger,
)
from tests.treatments.conftest import AS_OF, antidepressant, episode, three_trials, weeks


def staged(result: StagingResult) -> tuple[bool, int, float, int | None]:
    return result.trd, result.thase_rush_stage, result.mgh_s_score, result.msm_total


def test_every_change_makes_the_next_version_with_the_whole_history(world, history):
    history(*three_trials())

    versions = list(HistoryVersion.objects.filter(patient=world.patient).order_by("number"))
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert [v.change for v in versions] == [
        "episode recorded",
        "trial added: escitalopram",
        "trial added: sertraline",
        "trial added: venlafaxine",
    ]
    assert [len(v.history["trials"]) for v in versions] == [0, 1, 2, 3]
    last = versions[-1]
    assert parse_history(last.history).as_of == AS_OF  # a valid HISTORY.json, re-stageable
    assert last.trial_ids == list(
        Trial.objects.filter(patient=world.patient).order_by("id").values_list("id", flat=True)
    )


def test_each_version_is_staged_and_the_result_names_its_version_and_definition(world, history):
    changed = history(*three_trials())

    results = StagingResult.objects.filter(patient=world.patient).order_by("id")
    assert [r.history_version.number for r in results] == [1, 2, 3, 4]
    assert changed.result == results.last()
    # two adequate failed SSRIs; venlafaxine 75 mg is below its ATRQ minimum of 150 mg
    assert staged(changed.result) == (True, 1, 2.0, 6)
    assert changed.result.adequate_failures == 2
    assert changed.result.definition["min_weeks"] == 6
    assert changed.result.definition["dose_column"] == "ATRQ"
    assert changed.result.report["trd"]["counted_trials"] == [0, 1]
    assert changed.result.as_of == AS_OF


def test_correcting_a_dose_keeps_the_previous_trial_and_restages(world, history):
    history(*three_trials())
    venlafaxine = Trial.objects.get(drug="venlafaxine")
    venlafaxine.doses = weeks((75, 2), (225, 8))

    changed = services.update_trial(
        world.psychiatrist, venlafaxine, 1, reason="dose from the pharmacy record", as_of=AS_OF
    )

    assert changed.version.number == 5
    assert changed.version.change == "trial corrected: venlafaxine"
    assert staged(changed.result) == (True, 2, 3.0, 7)  # an SNRI failure: stage II, MSM moderate
    kept = RecordVersion.objects.get(object_type="treatments.trial", object_id=str(venlafaxine.pk))
    assert kept.data["doses"] == [{"mg_per_day": 75, "weeks": 8}]
    assert kept.reason == "dose from the pharmacy record"
    assert kept.replaced_by == world.psychiatrist
    # the result of version 4 is kept as it was
    earlier = StagingResult.objects.get(history_version__number=4)
    assert staged(earlier) == (True, 1, 2.0, 6)
    venlafaxine.refresh_from_db()
    assert venlafaxine.version == 2


def test_a_change_the_core_rejects_saves_nothing_and_names_the_field(world, history):
    history(*three_trials())
    counts = (Trial.objects.count(), HistoryVersion.objects.count(), AuditEvent.objects.count())

    with pytest.raises(services.InvalidHistory) as invalid:
        services.add_trial(
            world.psychiatrist,
            world.patient,
            antidepressant("sertralin", weeks((5000, 4))),
            as_of=AS_OF,
        )

    assert invalid.value.trial_index == 3
    assert [p.path for p in invalid.value.problems] == ["trials[3].drug"]
    assert "closest known: sertraline" in invalid.value.problems[0].message
    assert (
        Trial.objects.count(),
        HistoryVersion.objects.count(),
        AuditEvent.objects.count(),
    ) == counts


def test_a_failure_while_staging_rolls_the_whole_change_back(world, history):
    history(*three_trials())
    counts = (Trial.objects.count(), HistoryVersion.objects.count(), StagingResult.objects.count())

    with (
        mock.patch.object(services, "assess_history", side_effect=RuntimeError("boom")),
        pytest.raises(RuntimeError),
    ):
        services.add_trial(
            world.psychiatrist, world.patient, antidepressant("duloxetine", weeks((60, 8))),
            as_of=AS_OF,
        )  # fmt: skip

    assert (
        Trial.objects.count(),
        HistoryVersion.objects.count(),
        StagingResult.objects.count(),
    ) == counts


def test_an_edit_of_an_outdated_copy_is_refused_and_nothing_is_written(world, history):
    history(*three_trials())
    mine = Trial.objects.get(drug="sertraline")
    theirs = Trial.objects.get(drug="sertraline")
    theirs.doses = weeks((50, 2), (200, 8))
    services.update_trial(world.therapist, theirs, 1, as_of=AS_OF)
    versions = HistoryVersion.objects.count()

    mine.doses = weeks((50, 10))
    with pytest.raises(EditConflict):
        services.update_trial(world.psychiatrist, mine, 1, as_of=AS_OF)

    assert HistoryVersion.objects.count() == versions
    assert Trial.objects.get(drug="sertraline").doses == weeks((50, 2), (200, 8))


def test_two_clinicians_may_correct_different_trials_from_the_same_page(world, history):
    history(*three_trials())
    first, second = Trial.objects.filter(drug__in=["escitalopram", "sertraline"]).order_by("id")
    first.optimised = True
    second.optimised = True

    services.update_trial(world.psychiatrist, first, 1, as_of=AS_OF)
    services.update_trial(world.nurse, second, 1, as_of=AS_OF)

    assert HistoryVersion.objects.filter(patient=world.patient).count() == 6


def test_removing_a_trial_is_a_soft_delete_with_a_reason(world, history):
    history(*three_trials())
    sertraline = Trial.objects.get(drug="sertraline")

    changed = services.remove_trial(world.psychiatrist, sertraline, 1, "entered twice", as_of=AS_OF)

    sertraline.refresh_from_db()
    assert sertraline.removed_at is not None
    assert (sertraline.removed_by, sertraline.removal_reason) == (
        world.psychiatrist,
        "entered twice",
    )
    assert changed.version.change == "trial removed: sertraline"
    assert len(changed.version.history["trials"]) == 2
    assert staged(changed.result) == (False, 1, 1.0, 6)  # 1-2 failures: the same MSM level
    assert AuditEvent.objects.filter(
        action="treatments.trial.removed", detail__reason="entered twice"
    ).exists()


def test_a_removal_needs_a_reason(world, history):
    history(*three_trials())
    with pytest.raises(ValueError, match="reason"):
        services.remove_trial(world.psychiatrist, Trial.objects.first(), 1, "  ", as_of=AS_OF)


def test_an_antidepressant_with_an_augmentation_is_not_removed_before_it(world, history):
    history(antidepressant("sertraline", weeks((150, 8))))
    base = Trial.objects.get()
    services.add_trial(
        world.psychiatrist,
        world.patient,
        Trial(kind="augmentation", drug="aripiprazole", augments=base, adherent=True,
              doses=weeks((5, 6)), outcome="no_response"),
        as_of=AS_OF,
    )  # fmt: skip

    with pytest.raises(services.StillAugmented):
        services.remove_trial(world.psychiatrist, base, 1, "wrong patient", as_of=AS_OF)
    augmentation = Trial.objects.get(kind="augmentation")
    assert HistoryVersion.objects.latest("number").history["trials"][1]["augments"] == 0
    assert augmentation.augments == base


def test_trials_are_added_to_a_history_whose_episode_is_recorded_first(world):
    with pytest.raises(services.NoEpisode):
        services.add_trial(
            world.psychiatrist, world.patient, antidepressant("sertraline", weeks((50, 8)))
        )
    assert not Trial.objects.exists()


def test_an_episode_correction_restages_and_keeps_the_previous_episode(world, history):
    history(*three_trials())
    corrected = world.patient.episode
    corrected.start = date(2023, 1, 1)  # chronic: more than 24 months

    changed = services.save_episode(world.psychiatrist, world.patient, corrected, 1, as_of=AS_OF)

    assert changed.version.change == "episode corrected"
    assert changed.result.report["msm"]["items"]["duration"] == 3
    assert RecordVersion.objects.filter(object_type="treatments.episode").count() == 1


def test_an_episode_recorded_twice_at_once_is_a_conflict(world, history):
    history()
    with pytest.raises(EditConflict):
        services.save_episode(world.nurse, world.patient, episode(), None, as_of=AS_OF)


def test_staging_again_later_adds_a_result_for_the_same_version(world, history):
    history(*three_trials())

    later = services.recompute(world.psychiatrist, world.patient, as_of=date(2027, 6, 1))

    assert later is not None
    assert later.history_version.number == 4
    assert (later.as_of, later.trigger) == (date(2027, 6, 1), Trigger.RECOMPUTED)
    assert later.report["msm"]["items"]["duration"] == 3  # 27 months: chronic
    assert StagingResult.objects.filter(history_version__number=4).count() == 2


def test_a_change_of_the_clinics_definition_restages_every_history(world, history):
    history(*three_trials())
    chosen = services.settings_for(world.clinic_a.pk)
    chosen.min_weeks = 8
    chosen.different_classes = True

    services.save_settings(world.admin, chosen, ["min_weeks", "different_classes"])

    latest = services.latest_result(world.patient)
    assert latest.trigger == Trigger.DEFINITION_CHANGED
    assert latest.definition["min_weeks"] == 8
    assert latest.definition["different_classes"] is True
    # sertraline 150 mg held 8 weeks still counts; both failures are SSRIs: not TRD under EMA 2002
    assert latest.trd is False


def test_the_review_records_marks_and_the_items_left_open(world, history):
    history()
    marks = {
        "adherence": ReviewStatus.CHECKED,
        "interacting_medications": ReviewStatus.NOT_APPLICABLE,
    }

    saved = services.record_review(
        world.psychiatrist, world.patient, marks, {"adherence": "pill counts"}, based_on=None
    )

    assert saved.marks["adherence"] == "checked"
    assert saved.marks["diagnosis"] == "open"  # unmarked items are open
    assert "adherence" not in saved.open_items and "diagnosis" in saved.open_items
    assert saved.notes == {"adherence": "pill counts"}


def test_a_review_based_on_an_older_review_is_refused(world, history):
    history()
    first = services.record_review(world.psychiatrist, world.patient, {}, {}, based_on=None)
    services.record_review(world.nurse, world.patient, {}, {}, based_on=first.pk)

    with pytest.raises(EditConflict):
        services.record_review(world.therapist, world.patient, {}, {}, based_on=first.pk)
    assert PseudoResistanceReview.objects.count() == 2


def test_every_change_is_audited_with_its_version(world, history):
    history(*three_trials())

    actions = list(
        AuditEvent.objects.filter(patient=world.patient)
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[:3] == [
        "treatments.episode.recorded",
        "treatments.history.versioned",
        "treatments.staging.computed",
    ]
    assert actions.count("treatments.trial.added") == 3
    assert actions.count("treatments.staging.computed") == 4
