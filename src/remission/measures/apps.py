from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "remission.measures"
    label = "measures"
    verbose_name = "Measurement-based care"

    def ready(self) -> None:
        from remission.measures import checks  # noqa: F401  (validates the instrument data)
