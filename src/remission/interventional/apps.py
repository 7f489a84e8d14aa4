from django.apps import AppConfig


class InterventionalConfig(AppConfig):
    name = "remission.interventional"
    label = "interventional"
    verbose_name = "Interventional care"
