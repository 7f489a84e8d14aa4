"""Pages for family members and friends. Each link-scoped view receives the member's active
``link``; the route decorator re-reads it and checks the granted permission on every request."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from remission.access import (
    FAMILY,
    FAMILY_APPOINTMENTS,
    FAMILY_CHECKINS,
    FAMILY_EDUCATION,
    FAMILY_LINK,
    FAMILY_SAFETY_CONTACTS,
    active_links_of,
    route,
)
from remission.accounts.crisis import crisis_lines_for
from remission.appointments.cards import upcoming_for
from remission.companion import education, journal, services
from remission.companion.forms import LanguageForm
from remission.companion.models import SupportLink
from remission.companion.safety import current_safety_plan
from remission.web.http import AuthenticatedRequest


def _page(
    request: AuthenticatedRequest, template: str, link: SupportLink | None, **context: object
) -> HttpResponse:
    patient = link.patient if link else None
    return render(
        request,
        template,
        {
            "family": True,
            "link": link,
            "patient_name": (patient.preferred_name or patient.given_name) if patient else "",
            **context,
        },
    )


@route(FAMILY)
def home(request: AuthenticatedRequest) -> HttpResponse:
    links = list(active_links_of(request.user))
    if len(links) == 1:
        return redirect("companion:family_overview", link_id=links[0].pk)
    return _page(
        request,
        "companion/family/home.html",
        None,
        links=links,
        language_form=LanguageForm(initial={"language": request.user.language or "en"}),
    )


@route(FAMILY, methods=["POST"])
def language(request: AuthenticatedRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.set_family_language(request, request.user, form.cleaned_data["language"])
    return redirect("companion:family_home")


@route(FAMILY_LINK)
def overview(request: AuthenticatedRequest, link: SupportLink) -> HttpResponse:
    return _page(
        request,
        "companion/family/overview.html",
        link,
        nav="overview",
        language_form=LanguageForm(initial={"language": request.user.language or "en"}),
        crisis_lines=crisis_lines_for(link.patient.clinic),
    )


@route(FAMILY_APPOINTMENTS)
def appointments(request: AuthenticatedRequest, link: SupportLink) -> HttpResponse:
    return _page(
        request,
        "companion/family/appointments.html",
        link,
        nav="appointments",
        appointments=upcoming_for(link.patient, 10),
    )


@route(FAMILY_SAFETY_CONTACTS)
def safety_contacts(request: AuthenticatedRequest, link: SupportLink) -> HttpResponse:
    plan = current_safety_plan(link.patient)
    # Only the contacts: never the warning signs, coping notes or reasons for living.
    return _page(
        request,
        "companion/family/safety_contacts.html",
        link,
        nav="safety",
        help_contacts=plan.items("help_contacts") if plan else [],
        professionals=plan.items("professionals") if plan else [],
        crisis_lines=crisis_lines_for(link.patient.clinic),
    )


@route(FAMILY_CHECKINS)
def check_ins(request: AuthenticatedRequest, link: SupportLink) -> HttpResponse:
    # Numbers the patient shared with the care team, never the notes or tags.
    entries = list(
        journal.check_ins(link.patient, shared_only=True).only(
            "recorded_at", "mood", "anxiety", "sleep", "energy"
        )[:28]
    )
    recent = journal.recent(
        journal.check_ins(link.patient, shared_only=True).only(
            "recorded_at", "mood", "anxiety", "sleep", "energy"
        ),
        28,
    )
    return _page(
        request,
        "companion/family/check_ins.html",
        link,
        nav="checkins",
        entries=entries,
        trends=journal.trends(recent) if recent else [],
        chart=journal.chart(recent, days=28, chart_id="family-trend") if recent else "",
    )


@route(FAMILY_EDUCATION)
def learn(request: AuthenticatedRequest, link: SupportLink) -> HttpResponse:
    return _page(request, "companion/family/learn.html", link, nav="learn", pages=education.PAGES)


@route(FAMILY_EDUCATION)
def learn_page(request: AuthenticatedRequest, link: SupportLink, slug: str) -> HttpResponse:
    page = education.BY_SLUG.get(slug)
    if page is None:
        raise Http404
    return _page(request, "companion/family/learn_page.html", link, nav="learn", page=page)
