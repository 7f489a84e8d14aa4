from django.urls import path

from remission.interventional.views import clinic, series, session

app_name = "interventional"

P = "patients/<int:patient_id>/interventional/"

urlpatterns = [
    path(f"{P}series/new/<slug:kind>/", series.series_new, name="series_new"),
    path(f"{P}series/<int:series_id>/", series.series_detail, name="series"),
    path(f"{P}series/<int:series_id>/rems.csv", series.rems_export, name="rems_export"),
    path(f"{P}sessions/<int:session_id>/", session.session, name="session"),
    path("interventional/settings/", clinic.clinic_settings, name="settings"),
]
