from django.urls import path

from remission.patients import views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("new/", views.patient_create, name="create"),
    path("<int:patient_id>/", views.chart, name="chart"),
    path("<int:patient_id>/registration/", views.registration, name="registration"),
    path("<int:patient_id>/emergency/", views.emergency_access, name="emergency_access"),
    path("<int:patient_id>/registration/edit/", views.patient_edit, name="edit"),
    path("<int:patient_id>/care-team/add/", views.care_team_add, name="care_team_add"),
    path(
        "<int:patient_id>/care-team/<int:member_id>/remove/",
        views.care_team_remove,
        name="care_team_remove",
    ),
]
