from django.apps import AppConfig


class TreatmentsConfig(AppConfig):
    name = "remission.treatments"
    label = "treatments"
    verbose_name = "Treatment history and TRD staging"

    def ready(self) -> None:
        from remission.treatments import checks  # noqa: F401  (validates the history tables)
