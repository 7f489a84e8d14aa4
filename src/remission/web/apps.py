from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "remission.web"
    label = "web"
    verbose_name = "Web shell"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from remission.access import inventory  # noqa: F401  (registers the route-policy check)
        from remission.dbstats import refresh_planner_statistics

        post_migrate.connect(refresh_planner_statistics, sender=self)
