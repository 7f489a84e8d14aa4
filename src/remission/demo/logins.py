"""The demo clinic's sign-in accounts, shown on the sign-in page when SHOW_DEMO_LOGINS is on."""

from typing import Any

DEMO_CLINIC_SLUG = "lakeside"
DEMO_PASSWORD = "lakeside-demo-passphrase"  # noqa: S105  (fictional demo accounts only)


def demo_logins() -> dict[str, Any]:
    """The demo accounts, each with the one-time code its authenticator would show now."""
    from remission.accounts.models import User
    from remission.accounts.second_factor import demo_codes

    accounts = list(
        User.objects.filter(clinic__slug=DEMO_CLINIC_SLUG, is_active=True).order_by(
            "role", "username"
        )
    )
    codes = demo_codes(accounts)
    for account in accounts:
        account.demo_code = codes.get(account.pk, "")  # type: ignore[attr-defined]
    return {"password": DEMO_PASSWORD, "accounts": accounts}
