"""Clinic-wide pages: the dose facts behind the type-ahead, and the clinic's TRD definition."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from remission.access import CLINIC_ADMIN, CLINICIAN, route
from remission.treatments import drugs, services
from remission.treatments.forms import SettingsForm
from remission.web.http import AuthenticatedRequest


@route(CLINICIAN)
def drug_info(request: AuthenticatedRequest) -> HttpResponse:
    """What the dose tables say about the drug being typed (an htmx fragment; no patient data)."""
    facts = drugs.drug_facts(
        request.GET.get("drug", ""), augmentation=request.GET.get("kind") == "augmentation"
    )
    return render(request, "treatments/drug_info.html", {"facts": facts})


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def staging_settings(request: AuthenticatedRequest) -> HttpResponse:
    chosen = services.settings_for(request.user.clinic_pk)
    form = SettingsForm(request.POST or None, instance=chosen)
    if request.method == "POST" and form.is_valid():
        services.save_settings(request, form.save(commit=False), form.changed_data)
        messages.success(
            request,
            _("Saved. Every treatment history of the clinic is staged again with this definition."),
        )
        return redirect("treatments:settings")
    return render(
        request,
        "treatments/settings.html",
        {"form": form, "definition": services.definition_for(request.user.clinic_pk),
         "section": "staging"},
    )  # fmt: skip
