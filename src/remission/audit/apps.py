from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "remission.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from remission.audit import appendonly  # noqa: F401  (registers the SQLite function)
        from remission.audit.rowhistory import install

        post_migrate.connect(install, sender=self)
