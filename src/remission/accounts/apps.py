from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "remission.accounts"
    label = "accounts"
    verbose_name = "Clinics and people"

    def ready(self) -> None:
        from remission.accounts import signals  # noqa: F401  (connects the receivers)
