from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from remission.access import ANYONE, AUTHENTICATED, CLINIC_ADMIN, PASSWORD_CHECKED, route
from remission.access.routes import needs_second_factor
from remission.accounts import second_factor, services
from remission.accounts.crisis import crisis_lines_for
from remission.accounts.forms import ClinicForm, CrisisLineFormSet, LoginForm, UserForm
from remission.accounts.models import User
from remission.demo.logins import DEMO_CLINIC_SLUG, demo_logins
from remission.web.http import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.SHOW_DEMO_LOGINS:
            context["demo_logins"] = demo_logins()
        return context


login = route(ANYONE, methods=["GET", "POST"])(LoginView.as_view())

password_reset = route(ANYONE, methods=["GET", "POST"])(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        success_url=reverse_lazy("accounts:password_reset_sent"),
    )
)

password_reset_sent = route(ANYONE)(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_sent.html")
)

set_password = route(ANYONE, methods=["GET", "POST"])(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/set_password.html",
        success_url=reverse_lazy("accounts:login"),
        post_reset_login=False,
    )
)

password_change = route(AUTHENTICATED, methods=["GET", "POST"])(
    auth_views.PasswordChangeView.as_view(
        template_name="accounts/password_change.html",
        success_url=reverse_lazy("accounts:security"),
    )
)


@route(ANYONE, methods=["POST"])
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("accounts:login")


@route(AUTHENTICATED)
def security(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/security.html", {})


@route(AUTHENTICATED, methods=["POST"])
def sign_out_everywhere(request: AuthenticatedRequest) -> HttpResponse:
    services.sign_out_everywhere(request)
    logout(request)
    messages.info(request, _("You are signed out in every browser and on every device."))
    return redirect("accounts:login")


@route(CLINIC_ADMIN)
def users(request: AuthenticatedRequest) -> HttpResponse:
    staff = User.objects.filter(clinic_id=request.user.clinic_pk).order_by(
        "-is_active", "last_name", "first_name"
    )
    return render(request, "accounts/users.html", {"staff": staff, "section": "users"})


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_staff_user(request, form.save(commit=False))
        messages.success(
            request,
            _("%(name)s was added and has been sent a link to choose a password.")
            % {"name": user.display_name},
        )
        return redirect("accounts:users")
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "section": "users", "title": _("Add a user")},
    )


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def user_edit(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    staff_member = get_object_or_404(
        User.objects.filter(clinic_id=request.user.clinic_pk), pk=user_id
    )
    old_role = staff_member.role
    form = UserForm(request.POST or None, instance=staff_member)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            services.update_staff_user(
                request, form.save(commit=False), old_role, form.changed_data
            )
        messages.success(request, _("The account was saved."))
        return redirect("accounts:users")
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "staff_member": staff_member,
            "section": "users",
            "title": staff_member.display_name,
        },
    )


@route(CLINIC_ADMIN, methods=["POST"])
def user_set_active(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    staff_member = get_object_or_404(
        User.objects.filter(clinic_id=request.user.clinic_pk), pk=user_id
    )
    if staff_member.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
        return redirect("accounts:users")
    activate = request.POST.get("active") == "1"
    services.set_active(request, staff_member, activate)
    messages.success(
        request,
        (
            _("%(name)s can sign in again.")
            if activate
            else _("%(name)s can no longer sign in; their sessions have ended.")
        )
        % {"name": staff_member.display_name},
    )
    return redirect("accounts:users")


@route(CLINIC_ADMIN, methods=["POST"])
def user_invite(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    staff_member = get_object_or_404(
        User.objects.filter(clinic_id=request.user.clinic_pk, is_active=True),
        pk=user_id,
    )
    services.send_invitation(request, staff_member)
    messages.success(
        request, _("A new link was sent to %(email)s.") % {"email": staff_member.email}
    )
    return redirect("accounts:users")


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def clinic_settings(request: AuthenticatedRequest) -> HttpResponse:
    clinic = request.user.own_clinic
    form = ClinicForm(request.POST or None, instance=clinic, prefix="clinic")
    lines = CrisisLineFormSet(request.POST or None, instance=clinic, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        services.update_clinic_settings(request, form, lines)
        messages.success(request, _("The clinic settings were saved."))
        return redirect("accounts:clinic_settings")
    return render(
        request,
        "accounts/clinic_settings.html",
        {
            "form": form,
            "lines": lines,
            "shown_lines": crisis_lines_for(clinic),
            "section": "clinic",
        },
    )


@route(PASSWORD_CHECKED, methods=["GET", "POST"])
def second_factor_view(request: AuthenticatedRequest) -> HttpResponse:
    goal = request.GET.get("next") or request.POST.get("next") or ""
    # Only a path on this site: anything else (another host, or a bare word that redirect()
    # would try to reverse as a view name and fail on with a 500) goes home instead.
    if not goal.startswith("/") or not url_has_allowed_host_and_scheme(
        goal, {request.get_host()}, request.is_secure()
    ):
        goal = ""
    if not needs_second_factor(request.user):
        return redirect(goal or "web:home")
    device = second_factor.confirmed_device(request.user)
    enrolling = device is None
    device = device or second_factor.enrolment_device(request.user)
    form = second_factor.CodeForm(request.POST or None)
    waiting = second_factor.wait_message(device)
    if request.method == "POST" and form.is_valid() and not waiting:
        if second_factor.verify(request, device, form.cleaned_data["code"]):
            return redirect(goal or "web:home")
        form.add_error(
            "code", _("That code is not right or has expired. Codes change every 30 seconds.")
        )
        waiting = second_factor.wait_message(device)
    context: dict[str, Any] = {
        "form": form,
        "enrolling": enrolling,
        "waiting": waiting,
        "next": goal,
    }
    demo = request.user.clinic_id and request.user.own_clinic.slug == DEMO_CLINIC_SLUG
    if settings.SHOW_DEMO_LOGINS and demo and not enrolling:
        context["demo_code"] = second_factor.current_code(device)
    if enrolling:
        context |= {
            "qr": second_factor.qr_code(device),
            "secret": second_factor.readable_secret(device),
        }
    return render(request, "accounts/second_factor.html", context)


@route(CLINIC_ADMIN, methods=["POST"])
def user_reset_second_factor(request: AuthenticatedRequest, user_id: int) -> HttpResponse:
    staff_member = get_object_or_404(
        User.objects.filter(clinic_id=request.user.clinic_pk), pk=user_id
    )
    second_factor.reset(request, staff_member)
    messages.success(
        request,
        _("%(name)s sets up a new authenticator at their next sign-in.")
        % {"name": staff_member.display_name},
    )
    return redirect("accounts:user_edit", user_id=staff_member.pk)
