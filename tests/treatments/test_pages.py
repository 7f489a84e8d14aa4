"""The clinician's pages: the intake keeps input and names fields, staging shows its reasons."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from remission.audit.models import AuditEvent
from remission.measures import services as measures
from remission.treatments import services
from remission.treatments.models import (
    Contributor,
    HistoryVersion,
    PseudoResistanceReview,
    StagingResult,
    Trial,
)
from tests.conftest import client_for
from tests.measures.conftest import phq9
from tests.treatments.conftest import antidepressant, three_trials, weeks


def url(name, world, *args):
    return reverse(f"treatments:{name}", args=[world.patient.pk, *args])


def steps(*rows, total=None):
    """Formset data for dose rows given as dicts of mg_per_day/weeks/start/end."""
    data = {
        "doses-TOTAL_FORMS": str(total or len(rows)),
        "doses-INITIAL_FORMS": "0",
        "doses-MIN_NUM_FORMS": "0",
        "doses-MAX_NUM_FORMS": "20",
    }
    for number, row in enumerate(rows):
        for key, value in row.items():
            data[f"doses-{number}-{key}"] = str(value)
    return data


def review_form(based_on="", **marks):
    """Every checklist item, open unless marked otherwise, as the review page submits it."""
    from remission.clinical.history import pseudo_resistance_checklist

    form = {"based_on": based_on}
    for item in pseudo_resistance_checklist().items:
        form[f"status_{item.id}"] = marks.get(item.id, "open")
    return form


def antidepressant_form(drug="sertraline", *rows, **fields):
    data = {"drug": drug, "outcome": "no_response", "adherent": "on", "current_episode": "on"}
    data.update(fields)
    data.update(steps(*(rows or ({"mg_per_day": 150, "weeks": 8},))))
    return data


def test_the_episode_comes_first_and_is_staged(world):
    client = client_for(world.nurse)

    response = client.get(url("trial_add", world, "antidepressant"))
    assert response["Location"] == url("episode", world)

    response = client.post(
        url("episode", world),
        {"start": "2025-03-01", "severity": "moderate", "functional_impairment": "unknown",
         "comorbid_anxiety": "true", "personality_disorder": "unknown",
         "psychosocial_stressors": "unknown", "childhood_adversity": "unknown",
         "intensified_treatment": "unknown"},
    )  # fmt: skip

    assert response["Location"] == url("history", world)
    episode = world.patient.episode
    assert (episode.comorbid_anxiety, episode.functional_impairment) == (True, None)
    assert StagingResult.objects.get().history_version.number == 1


def test_reopening_the_episode_shows_the_stored_yes_and_no_answers(world):
    client = client_for(world.nurse)
    client.post(
        url("episode", world),
        {"start": "2025-03-01", "severity": "moderate", "functional_impairment": "false",
         "comorbid_anxiety": "true", "personality_disorder": "unknown",
         "psychosocial_stressors": "unknown", "childhood_adversity": "unknown",
         "intensified_treatment": "unknown"},
    )  # fmt: skip

    page = client.get(url("episode", world)).content.decode()

    assert '<option value="true" selected>' in page.split('name="comorbid_anxiety"')[1]
    assert '<option value="false" selected>' in page.split('name="functional_impairment"')[1]


def test_a_psychiatrist_adds_an_antidepressant_with_a_titration(world, history):
    history()
    client = client_for(world.psychiatrist)

    response = client.post(
        url("trial_add", world, "antidepressant"),
        antidepressant_form(
            "Sertraline",
            {"mg_per_day": 50, "start": "2025-04-01", "end": "2025-04-15"},
            {"mg_per_day": 150, "start": "2025-04-15", "end": "2025-06-10"},
        ),
    )

    assert response.status_code == 302
    trial = Trial.objects.get()
    assert trial.drug == "sertraline"  # the dose table's name
    assert trial.doses == [
        {"mg_per_day": 50, "start": "2025-04-01", "end": "2025-04-15"},
        {"mg_per_day": 150, "start": "2025-04-15", "end": "2025-06-10"},
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Saved as history version 2" in page
    assert "sertraline: 10 weeks at or above the minimum adequate dose of 50 mg (ATRQ)" in page


def test_an_unknown_drug_is_named_under_the_drug_field_and_the_entries_are_kept(world, history):
    history()

    response = client_for(world.psychiatrist).post(
        url("trial_add", world, "antidepressant"),
        antidepressant_form("sertralin", {"mg_per_day": 150, "weeks": 8}),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "closest known: sertraline" in form.errors["drug"][0]
    html = response.content.decode()
    assert 'value="sertralin"' in html
    assert 'name="doses-0-mg_per_day" value="150.0"' in html or 'value="150"' in html
    assert "Nothing was saved" in html
    assert not Trial.objects.exists()
    assert HistoryVersion.objects.count() == 1


def test_a_dose_slip_is_named_under_that_step(world, history):
    history(antidepressant("sertraline", weeks((150, 8))))

    response = client_for(world.psychiatrist).post(
        url("trial_add", world, "augmentation"),
        {
            "drug": "aripiprazole",
            "augments": Trial.objects.get().pk,
            "outcome": "no_response",
            "adherent": "on",
            **steps({}, {"mg_per_day": 5, "weeks": 2}, {"mg_per_day": 5000, "weeks": 6}),
        },
    )

    rows = response.context["steps"].forms
    assert rows[0].errors == {}  # an empty row is ignored, not counted as a step
    assert rows[1].errors == {}
    assert "not a plausible dose of aripiprazole" in rows[2].errors["mg_per_day"][0]
    assert "give the dose in mg, not µg or g" in rows[2].errors["mg_per_day"][0]
    assert 'id="id_doses-2-mg_per_day_error"' in response.content.decode()
    assert Trial.objects.count() == 1


def test_weeks_and_dates_on_one_step_are_refused_on_that_step(world, history):
    history()

    response = client_for(world.psychiatrist).post(
        url("trial_add", world, "antidepressant"),
        antidepressant_form(
            "escitalopram",
            {"mg_per_day": 10, "weeks": 4, "start": "2025-04-01", "end": "2025-05-01"},
        ),
    )

    errors = response.context["steps"].forms[0].errors
    assert errors["weeks"] == ["Give either weeks or start and end dates, not both"]
    assert not Trial.objects.exists()


def test_a_trial_without_any_dose_step_is_refused_above_the_steps(world, history):
    history()

    response = client_for(world.psychiatrist).post(
        url("trial_add", world, "antidepressant"), antidepressant_form("escitalopram", {})
    )

    assert response.context["dose_errors"] == ["Must list at least one dose step"]
    assert not Trial.objects.exists()


def test_a_future_start_is_refused_by_the_form(world, history):
    history()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

    response = client_for(world.psychiatrist).post(
        url("trial_add", world, "psychotherapy"),
        {"modality": "cbt", "sessions": "12", "weeks": "12", "outcome": "ongoing",
         "current_episode": "on", "started_on": tomorrow},
    )  # fmt: skip

    assert response.context["form"].errors["started_on"] == ["Cannot be in the future."]
    assert not Trial.objects.exists()


def test_adding_a_dose_step_without_javascript_keeps_every_entry(world, history):
    history()
    data = antidepressant_form("escitalopram", {"mg_per_day": 5, "weeks": 2})
    data["current_episode"] = ""  # unticked: must stay unticked
    data.pop("current_episode")
    data["add_step"] = "1"

    response = client_for(world.psychiatrist).post(url("trial_add", world, "antidepressant"), data)

    assert response.status_code == 200
    assert len(response.context["steps"].forms) == 2
    html = response.content.decode()
    assert 'value="escitalopram"' in html
    assert 'name="doses-0-mg_per_day" value="5"' in html
    assert response.context["form"]["current_episode"].value() is False
    assert "Nothing was saved" not in html  # not an error: the form is not checked yet
    assert not Trial.objects.exists()


def test_the_add_step_button_swaps_only_the_steps_with_htmx(world, history):
    history()
    response = client_for(world.psychiatrist).get(url("trial_add", world, "antidepressant"))
    html = response.content.decode()
    assert 'hx-select="#dose-steps"' in html
    assert 'name="add_step"' in html  # and a plain submit button without JavaScript
    assert 'list="drugs-antidepressant"' in html
    assert '<option value="tranylcypromine">' in html


def test_correcting_a_dose_shows_the_new_staging_and_keeps_the_old_version(world, history):
    history(*three_trials())
    venlafaxine = Trial.objects.get(drug="venlafaxine")
    client = client_for(world.psychiatrist)

    page = client.get(url("trial_edit", world, venlafaxine.pk)).content.decode()
    assert 'name="version" value="1"' in page
    response = client.post(
        url("trial_edit", world, venlafaxine.pk),
        antidepressant_form(
            "venlafaxine", {"mg_per_day": 75, "weeks": 2}, {"mg_per_day": 225, "weeks": 8},
            version="1", reason="pharmacy record",
        ),
    )  # fmt: skip

    assert response.status_code == 302
    page = client.get(url("trial_edit", world, venlafaxine.pk)).content.decode()
    assert "1 earlier version" in page and "pharmacy record" in page
    assert "75 mg for 8 weeks" in page
    staging = client.get(url("staging", world)).content.decode()
    assert "Stage II" in staging


def test_a_second_clinician_saving_an_outdated_trial_gets_a_conflict_and_loses_nothing(
    world, history
):
    history(*three_trials())
    venlafaxine = Trial.objects.get(drug="venlafaxine")
    first = antidepressant_form("venlafaxine", {"mg_per_day": 150, "weeks": 8}, version="1")
    second = antidepressant_form("venlafaxine", {"mg_per_day": 225, "weeks": 8}, version="1")
    client_for(world.psychiatrist).post(url("trial_edit", world, venlafaxine.pk), first)

    response = client_for(world.nurse).post(url("trial_edit", world, venlafaxine.pk), second)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else saved a change to this entry after you opened it" in html
    assert "Saved by Psychiatrist Tester" in html
    assert 'name="doses-0-mg_per_day" value="225' in html  # the nurse's entry is kept
    assert 'name="version" value="2"' in html  # saving again now replaces, knowingly
    assert Trial.objects.get(pk=venlafaxine.pk).doses == [{"mg_per_day": 150, "weeks": 8}]

    again = client_for(world.nurse).post(
        url("trial_edit", world, venlafaxine.pk), {**second, "version": "2"}
    )
    assert again.status_code == 302
    assert Trial.objects.get(pk=venlafaxine.pk).doses == [{"mg_per_day": 225, "weeks": 8}]


def test_removing_a_trial_needs_a_reason(world, history):
    history(*three_trials())
    sertraline = Trial.objects.get(drug="sertraline")
    client = client_for(world.therapist)

    client.post(url("trial_remove", world, sertraline.pk), {"version": "1"})
    assert Trial.objects.get(pk=sertraline.pk).removed_at is None

    client.post(
        url("trial_remove", world, sertraline.pk),
        {"version": "1", "removal_reason": "recorded for the wrong patient"},
    )
    assert Trial.objects.get(pk=sertraline.pk).removed_at is not None
    page = client.get(url("history", world)).content.decode()
    assert "1 removed trial" in page and "recorded for the wrong patient" in page


def test_the_staging_page_gives_reasons_trial_by_trial_and_the_past_results(world, history):
    history(antidepressant("escitalopram", weeks((5, 10))), *three_trials()[1:])

    html = client_for(world.psychiatrist).get(url("staging", world)).content.decode()

    assert "escitalopram 5 mg for 10 weeks: below the minimum adequate dose of 10 mg (ATRQ)" in html
    assert "venlafaxine 75 mg for 8 weeks: below the minimum adequate dose of 150 mg (ATRQ)" in html
    assert "Thase\u2013Rush" in html and "MGH staging (MGH-S)" in html
    assert "Maudsley Staging Method (MSM)" in html
    assert "DM-TRD" in html and "item table (Peeters 2016, Table 1) has not been obtained" in html
    assert "6 weeks at or above the minimum dose" in html
    assert "DM-TRD inputs not recorded" in html  # missing data
    past = [r.pk for r in StagingResult.objects.order_by("-id")]
    assert len(past) == 4
    for pk in past:
        assert url("staging_result", world, pk) in html


def test_open_review_items_are_shown_before_labelling_trd(world, history):
    history(*three_trials())
    client = client_for(world.psychiatrist)

    chart = client.get(reverse("patients:chart", args=[world.patient.pk])).content.decode()
    assert "Review the open items before labelling TRD." in chart
    assert "Diagnosis reviewed: missed bipolar disorder, psychotic features" in chart

    items = ("diagnosis", "illness_characteristics", "psychiatric_comorbidity", "substance_use",
             "medical_contributors", "stressors", "adherence", "dose", "duration", "side_effects",
             "goals")  # fmt: skip
    form = review_form(
        **dict.fromkeys(items, "checked"),
        pharmacokinetics="not_applicable",
        interacting_medications="not_applicable",
    )
    assert client.post(url("review", world), form).status_code == 302

    chart = client.get(reverse("patients:chart", args=[world.patient.pk])).content.decode()
    assert "Review the open items before labelling TRD." not in chart
    assert "Pseudo-resistance review complete" in chart


def test_a_review_saved_meanwhile_by_someone_else_is_shown_and_the_marks_kept(world, history):
    history()
    services.record_review(world.nurse, world.patient, {}, {}, based_on=None)

    response = client_for(world.psychiatrist).post(
        url("review", world), review_form(adherence="checked")
    )

    html = response.content.decode()
    assert "Someone else saved a review" in html
    assert "Reviewed by Nurse Tester" in html
    assert 'id="id_status_adherence_1" required checked' in html  # the marks are kept
    assert PseudoResistanceReview.objects.count() == 1


def test_the_timeline_lines_up_with_the_score_trajectory(world, history):
    start = timezone.localdate() - timedelta(weeks=10)
    history(
        antidepressant("sertraline", [{"mg_per_day": 100, "start": start.isoformat()}],
                       outcome="ongoing"),
        as_of=timezone.localdate(),
    )  # fmt: skip
    for week in (0, 4, 8):
        measures.record_assessment(
            world.psychiatrist, world.patient, "phq9", phq9(*[2] * 9), source="clinician",
            administered_at=timezone.now() - timedelta(weeks=10 - week),
        )  # fmt: skip

    response = client_for(world.psychiatrist).get(
        reverse("patients:chart", args=[world.patient.pk])
    )

    html = response.content.decode()
    assert "Treatment timeline" in html
    drawn = next(p for p in response.context["panels"] if "drawn" in p.context).context["drawn"]
    bar = drawn.timeline.lanes[0]["bars"][0]
    marker = next(m for m in drawn.scores.markers if m["label"] == "sertraline started")
    assert bar["x"] == marker["x"]  # same day, same place on both charts
    assert drawn.timeline.left == drawn.scores.left and drawn.timeline.right == drawn.scores.right


def test_trauma_is_shown_to_the_care_team_with_a_note_to_handle_it_with_care(world, history):
    history()
    client = client_for(world.therapist)
    response = client.post(
        url("contributor_add", world, "trauma"),
        {"details": "Assault in 2019. Explain each step before touching.", "since": "2019-06-01"},
    )
    assert response.status_code == 302

    page = client.get(url("contributors", world)).content.decode()
    assert "Handle with care." in page
    assert escape("Assault in 2019. Explain each step before touching.") in page
    chart = client.get(reverse("patients:chart", args=[world.patient.pk])).content.decode()
    assert "Handle with care:" in chart
    assert "Assault in 2019" not in chart  # on the chart only the note, one click away
    for outsider in (world.admin, world.researcher, world.outsider):
        denied = client_for(outsider).get(url("contributors", world))
        assert denied.status_code in (403, 404)
        assert "Assault" not in denied.content.decode()


def test_a_condition_needs_a_code_from_the_shared_vocabulary(world, history):
    history()
    client = client_for(world.psychiatrist)

    response = client.post(url("contributor_add", world, "condition"), {"code": "migraine"})
    assert "code" in response.context["form"].errors

    client.post(url("contributor_add", world, "condition"), {"code": "epilepsy"})
    assert Contributor.objects.get().code == "epilepsy"


def test_a_contributor_is_corrected_with_the_previous_version_kept_and_removed_with_a_reason(
    world, history
):
    history()
    client = client_for(world.psychiatrist)
    client.post(url("contributor_add", world, "stressor"), {"details": "Job loss"})
    entry = Contributor.objects.get()

    client.post(
        url("contributor_edit", world, entry.pk), {"details": "Job loss in March", "version": "1"}
    )
    client.post(
        url("contributor_remove", world, entry.pk),
        {"version": "2", "removal_reason": "resolved; recorded in error"},
    )

    entry.refresh_from_db()
    assert (entry.details, entry.removal_reason) == (
        "Job loss in March",
        "resolved; recorded in error",
    )
    page = client.get(url("contributor_edit", world, entry.pk)).content.decode()
    assert "1 earlier version" in page and "Job loss" in page


def test_the_type_ahead_names_the_minimum_dose_and_the_closest_names(world):
    client = client_for(world.nurse)

    known = client.get(reverse("treatments:drug_info"), {"drug": "Venlafaxine XR"}).content.decode()
    assert "Minimum adequate dose 150 mg per day (ATRQ)" in known
    assert "CANMAT 2023 usual dose XR 75\u2013225 mg per day" in known
    unknown = client.get(reverse("treatments:drug_info"), {"drug": "sertralin"}).content.decode()
    assert "Did you mean" in unknown and "sertraline" in unknown


def test_reads_of_the_history_pages_are_audited(world, history):
    history()
    client_for(world.psychiatrist).get(url("contributors", world))
    assert AuditEvent.objects.filter(
        action="treatments.contributors.viewed", actor=world.psychiatrist, patient=world.patient
    ).exists()


def test_an_admin_changes_the_definition_and_every_history_is_staged_again(world, history):
    history(*three_trials())
    response = client_for(world.admin).post(
        reverse("treatments:settings"), {"min_weeks": "8", "augmentation_counts": "on"}
    )
    assert response.status_code == 302
    latest = services.latest_result(world.patient)
    assert latest.trigger == "definition_changed"
    assert (latest.definition["min_weeks"], latest.definition["augmentation_counts"]) == (8, True)


def test_every_kind_of_trial_is_recorded_shown_and_editable(world, history):
    history(antidepressant("sertraline", weeks((150, 8))))
    client = client_for(world.psychiatrist)
    base = Trial.objects.get().pk
    forms = {
        "augmentation": {"drug": "lithium", "augments": base, "outcome": "no_response",
                         "adherent": "on", **steps({"mg_per_day": 900, "weeks": 6})},
        "psychotherapy": {"modality": "cbt", "sessions": "16", "weeks": "16",
                          "outcome": "partial_response", "current_episode": "on"},
        "ect": {"laterality": "bilateral", "sessions": "12", "outcome": "no_response",
                "current_episode": "on", "started_on": "2026-01-05", "ended_on": "2026-02-06"},
        "rtms": {"protocol": "10 Hz left DLPFC", "sessions": "30", "outcome": "response",
                 "current_episode": "on"},
        "esketamine": {"sessions": "8", "outcome": "ongoing", "current_episode": "on",
                       "started_on": "2026-03-02"},
    }  # fmt: skip
    for kind, data in forms.items():
        response = client.post(url("trial_add", world, kind), data)
        assert response.status_code == 302, (
            kind,
            response.context and response.context["form"].errors,
        )

    assert client.get(url("history", world)).status_code == 200
    staging = client.get(url("staging", world)).content.decode()
    assert "ECT (bilateral), 12 sessions" in staging
    assert "MGH staging (MGH-S)" in staging
    for trial in Trial.objects.all():
        assert client.get(url("trial_edit", world, trial.pk)).status_code == 200
    latest = services.latest_result(world.patient)
    assert latest.report["mgh_s"]["ect"] is True
    assert latest.report["dm_trd"]["psychotherapy_failures"] == 1


def test_free_text_is_escaped_everywhere_it_is_shown(world, history):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    history(antidepressant("sertraline", weeks((150, 8)), reason_stopped=payload))
    client = client_for(world.psychiatrist)
    client.post(url("contributor_add", world, "trauma"), {"details": payload})
    client.post(url("contributor_add", world, "medication"), {"name": payload, "dose": payload})

    for page in ("history", "staging", "contributors"):
        html = client.get(url(page, world)).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html
    html = client.get(reverse("patients:chart", args=[world.patient.pk])).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
