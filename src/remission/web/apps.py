from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "remission.web"
    label = "web"
    verbose_name = "Web shell"
