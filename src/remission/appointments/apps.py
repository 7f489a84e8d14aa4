from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "remission.appointments"
    label = "appointments"
    verbose_name = "Appointments and video visits"
