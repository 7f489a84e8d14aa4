from django.apps import AppConfig


class CompanionConfig(AppConfig):
    name = "remission.companion"
    label = "companion"
    verbose_name = "Patient companion and support network"

    def ready(self) -> None:
        from remission.companion import checks  # noqa: F401  (registers the content check)
