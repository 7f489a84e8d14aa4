"""The chart panel: the patient's ketamine and esketamine series, the next dose, and ordering."""

from django.http import HttpRequest

from remission.interventional import notes
from remission.interventional.models import (
    CourseKind,
    NeuromodulationCourse,
    Series,
    SeriesKind,
    TherapyCourse,
)
from remission.interventional.therapy_courses import ORDERABLE, progress
from remission.patients.chart import Panel
from remission.patients.models import Patient


def series(request: HttpRequest, patient: Patient) -> Panel:
    chosen = list(
        Series.objects.filter(patient=patient).prefetch_related("sessions__appointment")[:6]
    )
    return Panel(
        "interventional/panels/series.html",
        {"series": chosen, "kinds": SeriesKind.choices, "course_kinds": CourseKind.choices,
         "courses": list(NeuromodulationCourse.objects.filter(patient=patient)[:6]),
         "therapy_kinds": [(k.value, k.label) for k in ORDERABLE],
         "therapy": [(c, progress(c)) for c in TherapyCourse.objects.filter(patient=patient)[:6]]},
    )  # fmt: skip


def psychotherapy_notes(request: HttpRequest, patient: Patient) -> Panel:
    """Only the notes this user may read (their own and granted ones)."""
    user = request.user
    visible = notes.visible_notes(user, patient).select_related("author")  # type: ignore[arg-type]
    return Panel(
        "interventional/panels/notes.html",
        {"notes": list(visible[:3]), "count": visible.count()},
    )
