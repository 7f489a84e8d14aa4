from django.urls import path

from remission.appointments import views

app_name = "appointments"

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("patients/<int:patient_id>/appointments/new/", views.create, name="create"),
    path("patients/<int:patient_id>/appointments/<int:appointment_id>/", views.edit, name="edit"),
    path(
        "patients/<int:patient_id>/appointments/<int:appointment_id>/cancel/",
        views.cancel,
        name="cancel",
    ),
]
