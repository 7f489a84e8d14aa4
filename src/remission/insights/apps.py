from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "remission.insights"
    label = "insights"
    verbose_name = "Outcomes and interoperability"

    def ready(self) -> None:
        from remission.insights import summaries

        summaries.connect()
