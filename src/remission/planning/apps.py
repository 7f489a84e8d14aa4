from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "remission.planning"
    label = "planning"
    verbose_name = "Treatment planning and care plans"
