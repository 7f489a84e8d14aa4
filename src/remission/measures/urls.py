from django.urls import path

from remission.measures.views import alerts, chart, selfreport, settings

app_name = "measures"

urlpatterns = [
    path("patients/<int:patient_id>/measures/", chart.overview, name="overview"),
    path("patients/<int:patient_id>/measures/record/", chart.record_pick, name="record_pick"),
    path(
        "patients/<int:patient_id>/measures/record/<slug:instrument_id>/",
        chart.record,
        name="record",
    ),
    path(
        "patients/<int:patient_id>/measures/<int:assessment_id>/",
        chart.assessment,
        name="assessment",
    ),
    path("patients/<int:patient_id>/measures/link/", chart.link_create, name="link_create"),
    path("patients/<int:patient_id>/measures/plan/", chart.schedule_add, name="schedule_add"),
    path(
        "patients/<int:patient_id>/measures/plan/<int:schedule_id>/stop/",
        chart.schedule_stop,
        name="schedule_stop",
    ),
    path("measures/settings/", settings.measurement_settings, name="settings"),
    path("measures/settings/packs/", settings.pack_upload, name="pack_upload"),
    path("alerts/", alerts.inbox, name="alerts"),
    path("alerts/badge/", alerts.badge, name="alert_badge"),
    path("alerts/<int:alert_id>/", alerts.alert_detail, name="alert"),
]

selfreport_patterns = (
    [
        path("r/<str:token>/", selfreport.start, name="start"),
        path("r/", selfreport.form, name="form"),
        path("r-done/", selfreport.done, name="done"),
    ],
    "selfreport",
)
