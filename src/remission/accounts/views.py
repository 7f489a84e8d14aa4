from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from remission.access import ANYONE, AUTHENTICATED, CLINIC_ADMIN, route
from remission.accounts import services
from remission.accounts.crisis import crisis_lines_for
from remission.accounts.forms import ClinicForm, CrisisLineFormSet, LoginForm, UserForm
from remission.accounts.models import User
from remission.demo.logins import demo_logins
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
