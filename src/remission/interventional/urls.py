from django.urls import path

from remission.interventional.views import clinic, courses, notes, series, session
from remission.interventional.views import therapy_courses as therapy

app_name = "interventional"

P = "patients/<int:patient_id>/interventional/"

urlpatterns = [
    path(f"{P}series/new/<slug:kind>/", series.series_new, name="series_new"),
    path(f"{P}series/<int:series_id>/", series.series_detail, name="series"),
    path(f"{P}series/<int:series_id>/rems.csv", series.rems_export, name="rems_export"),
    path(f"{P}sessions/<int:session_id>/", session.session, name="session"),
    path(f"{P}notes/", notes.note_list, name="notes"),
    path(f"{P}notes/new/", notes.note_new, name="note_new"),
    path(f"{P}notes/export.txt", notes.note_export, name="note_export"),
    path(f"{P}notes/grants/", notes.note_grant, name="note_grant"),
    path(f"{P}notes/grants/<int:grant_id>/revoke/", notes.note_revoke, name="note_revoke"),
    path(f"{P}courses/new/<slug:kind>/", courses.course_new, name="course_new"),
    path(f"{P}courses/<int:course_id>/", courses.course_detail, name="course"),
    path(f"{P}therapy/new/<slug:kind>/", therapy.therapy_new, name="therapy_new"),
    path(f"{P}therapy/<int:course_id>/", therapy.therapy_detail, name="therapy"),
    path(
        f"{P}therapy/<int:course_id>/sessions/<int:session_id>/attendance/",
        therapy.therapy_attendance,
        name="therapy_attendance",
    ),
    path("interventional/settings/", clinic.clinic_settings, name="settings"),
]
