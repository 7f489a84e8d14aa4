"""Portal pages speak the patient's language (``Patient.preferred_language``) or the family member's
(``User.language``), whatever the browser asks for; staff keep Django's negotiation."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from remission.accounts.models import Role


class PortalLocaleMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = portal_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


def portal_language(request: HttpRequest) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    if user.role == Role.PATIENT:
        from remission.patients.models import Patient

        language = (
            Patient.objects.filter(user=user).values_list("preferred_language", flat=True).first()
        )
        return language or ""
    if user.role == Role.FAMILY:
        return str(user.language or "")
    return ""
