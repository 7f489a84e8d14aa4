"""Typed requests for views behind a signed-in policy (the route decorator guarantees the user)."""

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from remission.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails
    request_id: str
    client_ip: str | None
