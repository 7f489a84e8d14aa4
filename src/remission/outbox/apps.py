from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "remission.outbox"
    label = "outbox"
    verbose_name = "Outgoing messages"
