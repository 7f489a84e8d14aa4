"""The demo clinic's sign-in accounts, shown on the sign-in page when SHOW_DEMO_LOGINS is on."""

from typing import Any

DEMO_CLINIC_SLUG = "lakeside"
DEMO_PASSWORD = "lakeside-demo-passphrase"  # noqa: S105  (fictional demo accounts only)


def demo_logins() -> dict[str, Any]:
    from remission.accounts.models import User

    accounts = User.objects.filter(clinic__slug=DEMO_CLINIC_SLUG, is_active=True).order_by(
        "role", "username"
    )
    return {"password": DEMO_PASSWORD, "accounts": list(accounts)}
