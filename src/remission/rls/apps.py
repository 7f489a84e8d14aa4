from django.apps import AppConfig


class RlsConfig(AppConfig):
    name = "remission.rls"
    label = "rls"
    verbose_name = "Row-level security"

    def ready(self) -> None:
        from django.apps import apps
        from django.core.signals import request_finished
        from django.db.backends.signals import connection_created
        from django.db.models.signals import post_migrate

        from remission.rls import context, policies

        # Sent once per app with models; this app has none, so listen to the patients app's.
        post_migrate.connect(policies.install_if_set_up, sender=apps.get_app_config("patients"))
        connection_created.connect(context.forget_role)
        request_finished.connect(context.reset_after_request)
