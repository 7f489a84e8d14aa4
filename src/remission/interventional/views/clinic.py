"""The clinic's interventional-care settings (a clinic administrator)."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from remission.access import CLINIC_ADMIN, route
from remission.audit import trail
from remission.interventional.clinic_settings import settings_for
from remission.interventional.forms import SettingsForm
from remission.web.http import AuthenticatedRequest


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def clinic_settings(request: AuthenticatedRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=settings_for(request.user.clinic_pk))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            trail.record(
                request, "interventional.settings.changed", detail={"fields": form.changed_data}
            )
        messages.success(request, _("Saved. New series and signals use these settings."))
        return redirect("interventional:settings")
    return render(
        request, "interventional/settings.html", {"form": form, "section": "interventional"}
    )
