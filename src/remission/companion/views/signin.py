"""One-time sign-in links and support-network invitations (security-targets T15).

A token in a URL is never used on the page it arrives at: the first request moves it into the
session and redirects to a token-less address, so it stays out of logs, history and Referer
headers, and an e-mail scanner that follows the link cannot use it up. The person then confirms
with a button (POST). Every page here sends ``Referrer-Policy: no-referrer``.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from remission.access import ANYONE, route
from remission.accounts.models import Role, User
from remission.companion import services
from remission.companion.forms import AcceptForm, JoinForm, SignInLinkForm

SESSION_SIGN_IN = "companion.sign_in_token"
SESSION_JOIN = "companion.join_token"


def _private(response: HttpResponse) -> HttpResponse:
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@route(ANYONE, methods=["GET", "POST"])
def sign_in_link(request: HttpRequest) -> HttpResponse:
    form = SignInLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_sign_in_link(request, form.cleaned_data["email"])
        return _private(render(request, "companion/sign_in_link_sent.html", {}))
    return _private(render(request, "companion/sign_in_link.html", {"form": form}))


@route(ANYONE)
def sign_in_token(request: HttpRequest, token: str) -> HttpResponse:
    request.session[SESSION_SIGN_IN] = token
    return _private(redirect("companion:sign_in_confirm"))


@route(ANYONE, methods=["GET", "POST"])
def sign_in_confirm(request: HttpRequest) -> HttpResponse:
    token = request.session.get(SESSION_SIGN_IN, "")
    if not token:
        return _private(
            render(request, "companion/link_unusable.html", {"reason": "unknown"}, status=410)
        )
    if request.method == "POST":
        try:
            services.redeem_sign_in_token(request, token)  # rotates the session
        except services.TokenUnusable as problem:
            request.session.pop(SESSION_SIGN_IN, None)
            status = 429 if problem.reason == "throttled" else 410
            return _private(
                render(
                    request,
                    "companion/link_unusable.html",
                    {"reason": problem.reason},
                    status=status,
                )
            )
        return _private(redirect("web:home"))
    return _private(render(request, "companion/sign_in_confirm.html", {}))


@route(ANYONE)
def join_token(request: HttpRequest, token: str) -> HttpResponse:
    request.session[SESSION_JOIN] = token
    return _private(redirect("companion:join"))


@route(ANYONE, methods=["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    """Accept an invitation to a patient's support network, with a new or an existing account."""
    link = services.invitation_for(request.session.get(SESSION_JOIN, ""))
    if link is None:
        return _private(
            render(request, "companion/link_unusable.html", {"reason": "invitation"}, status=410)
        )
    user = request.user if request.user.is_authenticated else None
    if user is not None and user.role != Role.FAMILY:
        # A staff member or a patient opened someone's invitation: do not mix the accounts.
        logout(request)
        return _private(
            render(request, "companion/link_unusable.html", {"reason": "signed-in"}, status=409)
        )
    if (
        user is None
        and User.objects.filter(email__iexact=link.email, role=Role.FAMILY, is_active=True).exists()
    ):
        # They already have a family account: sign in first, then accept with it (the session,
        # and the invitation in it, survive the sign-in).
        return _private(
            render(request, "companion/join.html", {"link": link, "sign_in_first": True,
                                                    "patient_name": link.patient.given_name})
        )  # fmt: skip
    form: JoinForm | AcceptForm = (
        AcceptForm(request.POST or None) if user else JoinForm(request.POST or None)
    )
    if request.method == "POST" and form.is_valid():
        try:
            if user is not None:
                services.accept_invitation(request, link, user=user)
            else:
                services.accept_invitation(
                    request,
                    link,
                    password=form.cleaned_data["password"],
                    first_name=form.cleaned_data["first_name"],
                    language=form.cleaned_data["language"],
                )
        except services.TokenUnusable:
            return _private(
                render(request, "companion/link_unusable.html", {"reason": "used"}, status=410)
            )
        request.session.pop(SESSION_JOIN, None)
        messages.success(request, _("You have joined. Thank you for being there."))
        return _private(redirect("companion:family_home"))
    patient = link.patient
    return _private(
        render(
            request,
            "companion/join.html",
            {
                "form": form,
                "link": link,
                "patient_name": patient.preferred_name or patient.given_name,
                "existing": user is not None,
            },
        )
    )
