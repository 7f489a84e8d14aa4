from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "remission.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from remission.audit import appendonly  # noqa: F401  (registers the SQLite function)
