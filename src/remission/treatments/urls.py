from django.urls import path

from remission.treatments.views import clinic, contributors, history, staging

app_name = "treatments"

P = "patients/<int:patient_id>/history/"

urlpatterns = [
    path(P, history.history, name="history"),
    path(f"{P}episode/", history.episode, name="episode"),
    path(f"{P}trials/new/<slug:kind>/", history.trial_add, name="trial_add"),
    path(f"{P}trials/<int:trial_id>/", history.trial_edit, name="trial_edit"),
    path(f"{P}trials/<int:trial_id>/remove/", history.trial_remove, name="trial_remove"),
    path(f"{P}staging/", staging.staging, name="staging"),
    path(f"{P}staging/<int:result_id>/", staging.staging_result, name="staging_result"),
    path(f"{P}staging/recompute/", staging.recompute, name="recompute"),
    path(f"{P}review/", staging.review, name="review"),
    path(f"{P}contributors/", contributors.contributors, name="contributors"),
    path(f"{P}contributors/new/<slug:kind>/", contributors.contributor_add, name="contributor_add"),
    path(
        f"{P}contributors/<int:entry_id>/", contributors.contributor_edit, name="contributor_edit"
    ),
    path(
        f"{P}contributors/<int:entry_id>/remove/",
        contributors.contributor_remove,
        name="contributor_remove",
    ),
    path("treatments/drug/", clinic.drug_info, name="drug_info"),
    path("treatments/settings/", clinic.staging_settings, name="settings"),
]
