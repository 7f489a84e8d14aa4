"""The demo clinic shows running and completed series of each kind, recorded through the
services, with integration notes."""

import pytest

from remission.demo.clinic import load_demo
from remission.interventional.models import (
    DoseRecord,
    NeuromodulationCourse,
    PsychotherapyNote,
    Series,
    TherapyCourse,
)


@pytest.mark.django_db
def test_demo_has_running_and_completed_series_of_each_kind():
    load_demo()
    shown = set(Series.objects.values_list("kind", "status"))
    assert shown == {("ketamine_iv", "completed"), ("ketamine_iv", "active"),
                     ("esketamine", "completed"), ("esketamine", "active")}  # fmt: skip
    signed = DoseRecord.objects.filter(signed_at__isnull=False)
    assert signed.count() >= 14
    assert all(r.discharged_at > r.dosing_ended_at for r in signed)
    assert PsychotherapyNote.objects.filter(homework__isnull=False).exists()
    finished = {(course.kind, course.sessions.count() >= len(course.planned))
                for course in NeuromodulationCourse.objects.all()}  # fmt: skip
    assert finished == {("tms", True), ("tms", False), ("ect", True), ("ect", False)}
    shown_courses = set(TherapyCourse.objects.values_list("kind", "modality", "status"))
    assert {("individual", "cbt", "active"), ("programme", "dbt", "completed")} <= shown_courses
    completed = TherapyCourse.objects.get(kind="programme")
    assert completed.trial is not None and completed.trial.sessions == 12
    assert TherapyCourse.objects.filter(kind="integration").exists()
