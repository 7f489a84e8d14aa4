"""The patient portal. Every view is ``patient-self``: it receives the signed-in patient's record."""

import contextlib

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_SELF, object_or_404, route
from remission.appointments.cards import upcoming_for
from remission.companion import education, journal, pdf, services, skills
from remission.companion.forms import (
    TAG_LABELS,
    CheckInForm,
    CompletionForm,
    GrantsForm,
    JoinGroupForm,
    LanguageForm,
    SafetyPlanForm,
    SupporterForm,
)
from remission.companion.models import (
    ExerciseCompletion,
    GroupMembership,
    GroupSession,
    HomeworkAssignment,
    HomeworkStatus,
    LinkStatus,
    PeerGroup,
    SupportLink,
)
from remission.companion.portal import cards_for
from remission.companion.safety import current_safety_plan, safety_plan_context
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest


def _page(request: AuthenticatedRequest, template: str, context: dict[str, object]) -> HttpResponse:
    return render(request, template, {"portal": True, **context})


@route(PATIENT_SELF)
def home(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return _page(
        request,
        "companion/home.html",
        {"patient": patient, "cards": cards_for(request, patient), "nav": "home"},
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def check_in(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    last = journal.check_ins(patient).first()
    initial = {"shared": last.shared if last else True}
    form = CheckInForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = services.record_check_in(
            request,
            patient,
            mood=data["mood"],
            anxiety=data["anxiety"],
            sleep=data["sleep"],
            energy=data["energy"],
            tags=data["tags"],
            note=data["note"],
            shared=data["shared"],
            note_shared=data["note_shared"],
        )
        messages.success(request, _("Thank you. Your check-in is saved."))
        if entry.mood <= 1:
            # A very low mood: the safety plan and the crisis lines come first, not the journal.
            return redirect("companion:safety_plan")
        return redirect("companion:journal")
    return _page(request, "companion/check_in.html", {"form": form, "nav": "check_in"})


@route(PATIENT_SELF)
def journal_view(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    entries = list(journal.check_ins(patient)[:60])
    recent = journal.recent(journal.check_ins(patient), 28)
    return _page(
        request,
        "companion/journal.html",
        {
            "entries": entries,
            "trends": journal.trends(recent) if recent else [],
            "chart": journal.chart(recent, days=28, chart_id="journal-trend") if recent else "",
            "tag_labels": TAG_LABELS,
            "nav": "journal",
        },
    )


@route(PATIENT_SELF)
def safety_plan(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return _page(
        request, "companion/safety_plan.html", {**safety_plan_context(patient), "nav": "safety"}
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def safety_plan_edit(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return edit_safety_plan(
        request, patient, "companion/safety_plan_edit.html", reverse("companion:safety_plan")
    )


def edit_safety_plan(
    request: AuthenticatedRequest, patient: Patient, template: str, done_url: str
) -> HttpResponse:
    """Shared by the portal and the chart: the same form, a new version on every save."""
    plan = current_safety_plan(patient)
    initial: dict[str, object] = {"based_on": plan.number if plan else 0}
    if plan:
        initial |= {name: getattr(plan, name) for name in plan.SECTIONS}
    form = SafetyPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_safety_plan(
                request,
                patient,
                form.cleaned_data,
                based_on=form.cleaned_data["based_on"],
                author=request.user,
                change_note=form.cleaned_data["change_note"],
            )
        except EditConflict:
            latest = current_safety_plan(patient)
            data = request.POST.copy()
            data["based_on"] = str(latest.number if latest else 0)
            form = SafetyPlanForm(data)
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Someone saved a newer version of this plan while you were editing. Your "
                    "text is kept below; open the plan in a new tab to compare, then save again."
                ),
            )
        else:
            messages.success(request, _("The safety plan is saved."))
            return redirect(done_url)
    return render(
        request,
        template,
        {"form": form, "plan": plan, "patient": patient, "portal": True, "nav": "safety"},
    )


@route(PATIENT_SELF)
def safety_plan_pdf(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return pdf.safety_plan_response(request, patient)


@route(PATIENT_SELF)
def skill_list(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    approaches: dict[str, list[skills.Exercise]] = {}
    for exercise in skills.EXERCISES:
        approaches.setdefault(exercise.approach_label, []).append(exercise)
    homework = HomeworkAssignment.objects.filter(patient=patient, status=HomeworkStatus.OPEN)
    return _page(
        request,
        "companion/skills.html",
        {
            "approaches": approaches,
            "homework": [(h, skills.exercise(h.exercise)) for h in homework],
            "nav": "skills",
        },
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def exercise(request: AuthenticatedRequest, patient: Patient, slug: str) -> HttpResponse:
    found = skills.exercise(slug)
    if found is None:
        raise Http404
    return _do_exercise(request, patient, found, None)


@route(PATIENT_SELF, methods=["GET", "POST"])
def homework(request: AuthenticatedRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    assignment = object_or_404(
        request, HomeworkAssignment.objects.filter(patient=patient), pk=assignment_id
    )
    found = skills.exercise(assignment.exercise)
    if found is None:
        raise Http404
    return _do_exercise(request, patient, found, assignment)


def _do_exercise(
    request: AuthenticatedRequest,
    patient: Patient,
    found: skills.Exercise,
    assignment: HomeworkAssignment | None,
) -> HttpResponse:
    done = assignment is not None and assignment.status != HomeworkStatus.OPEN
    form = CompletionForm(request.POST or None, exercise=found)
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.complete_exercise(
                request,
                patient,
                found.slug,
                responses=form.responses(),
                shared=form.cleaned_data["shared"],
                helpful=form.cleaned_data["helpful"],
                assignment=assignment,
            )
        except services.AlreadyDone:
            messages.info(request, _("This exercise was already marked as done."))
        else:
            messages.success(request, _("Well done. The exercise is marked as done."))
        return redirect("companion:skills")
    previous = ExerciseCompletion.objects.filter(patient=patient, exercise=found.slug)[:5]
    return _page(
        request,
        "companion/exercise.html",
        {
            "exercise": found,
            "form": form,
            "assignment": assignment,
            "done": done,
            "previous": previous,
            "nav": "skills",
        },
    )


@route(PATIENT_SELF)
def learn(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return _page(request, "companion/learn.html", {"pages": education.PAGES, "nav": "learn"})


@route(PATIENT_SELF)
def learn_page(request: AuthenticatedRequest, patient: Patient, slug: str) -> HttpResponse:
    page = education.BY_SLUG.get(slug)
    if page is None:
        raise Http404
    return _page(request, "companion/learn_page.html", {"page": page, "nav": "learn"})


@route(PATIENT_SELF)
def appointments(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return _page(
        request,
        "companion/appointments.html",
        {"appointments": upcoming_for(patient, 20), "nav": "more"},
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def people(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = SupporterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        link = services.invite_supporter(
            request,
            patient,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            relationship=form.cleaned_data["relationship"],
            grants=form.cleaned_data["grants"],
        )
        messages.success(
            request, _("We sent %(name)s an invitation by e-mail.") % {"name": link.name}
        )
        return redirect("companion:people")
    links = SupportLink.objects.filter(patient=patient).exclude(status=LinkStatus.REVOKED)
    ended = SupportLink.objects.filter(patient=patient, status=LinkStatus.REVOKED)
    return _page(
        request,
        "companion/people.html",
        {"form": form, "links": links, "ended": ended, "nav": "more"},
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def person(request: AuthenticatedRequest, patient: Patient, link_id: int) -> HttpResponse:
    link = object_or_404(
        request,
        SupportLink.objects.filter(patient=patient).exclude(status=LinkStatus.REVOKED),
        pk=link_id,
    )
    form = GrantsForm(request.POST or None, initial={"grants": link.grants})
    if request.method == "POST" and form.is_valid():
        services.change_grants(request, link, form.cleaned_data["grants"])
        messages.success(request, _("Saved. The change applies from now on."))
        return redirect("companion:people")
    return _page(
        request,
        "companion/person.html",
        {"link": link, "form": form, "consents": link.consents.select_related("by"), "nav": "more"},
    )


@route(PATIENT_SELF, methods=["POST"])
def person_revoke(request: AuthenticatedRequest, patient: Patient, link_id: int) -> HttpResponse:
    link = object_or_404(
        request,
        SupportLink.objects.filter(patient=patient).exclude(status=LinkStatus.REVOKED),
        pk=link_id,
    )
    services.revoke_link(request, link)
    messages.success(
        request, _("%(name)s can no longer see anything of yours.") % {"name": link.name}
    )
    return redirect("companion:people")


@route(PATIENT_SELF)
def groups(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    mine = {
        m.group_id: m for m in GroupMembership.objects.filter(patient=patient, left_at__isnull=True)
    }
    listed = PeerGroup.objects.filter(clinic_id=patient.clinic_id, active=True).select_related(
        "facilitator"
    ) | PeerGroup.objects.filter(pk__in=list(mine)).select_related("facilitator")
    return _page(
        request,
        "companion/groups.html",
        {"groups": [(g, mine.get(g.pk)) for g in listed.distinct()], "nav": "more"},
    )


def _clinic_group(request: AuthenticatedRequest, patient: Patient, group_id: int) -> PeerGroup:
    return object_or_404(
        request,
        PeerGroup.objects.filter(clinic_id=patient.clinic_id).select_related("facilitator"),
        pk=group_id,
    )


@route(PATIENT_SELF)
def group(request: AuthenticatedRequest, patient: Patient, group_id: int) -> HttpResponse:
    found = _clinic_group(request, patient, group_id)
    membership = GroupMembership.objects.filter(
        group=found, patient=patient, left_at__isnull=True
    ).first()
    if membership is None:
        return redirect("companion:group_join", group_id=found.pk)
    # Only what members agreed to share: the name and line of those who chose to be shown.
    others = GroupMembership.objects.filter(
        group=found, left_at__isnull=True, visible_to_members=True
    ).exclude(pk=membership.pk)
    sessions = GroupSession.objects.filter(group=found, starts_at__gte=timezone.now()).order_by(
        "starts_at"
    )[:5]
    attended = membership.attendance.filter(present=True).count()
    return _page(
        request,
        "companion/group.html",
        {
            "group": found,
            "membership": membership,
            "others": others,
            "sessions": sessions,
            "attended": attended,
            "nav": "more",
        },
    )


@route(PATIENT_SELF, methods=["GET", "POST"])
def group_join(request: AuthenticatedRequest, patient: Patient, group_id: int) -> HttpResponse:
    found = _clinic_group(request, patient, group_id)
    if not found.active:
        raise Http404
    form = JoinGroupForm(
        request.POST or None, initial={"display_name": patient.preferred_name or patient.given_name}
    )
    if request.method == "POST" and form.is_valid():
        with contextlib.suppress(services.AlreadyMember):  # a second click joins only once
            services.join_group(
                request,
                patient,
                found,
                display_name=form.cleaned_data["display_name"],
                introduction=form.cleaned_data["introduction"],
                visible_to_members=form.cleaned_data["visible_to_members"],
            )
        messages.success(request, _("Welcome to %(group)s.") % {"group": found.name})
        return redirect("companion:group", group_id=found.pk)
    return _page(
        request, "companion/group_join.html", {"group": found, "form": form, "nav": "more"}
    )


@route(PATIENT_SELF, methods=["POST"])
def group_leave(request: AuthenticatedRequest, patient: Patient, group_id: int) -> HttpResponse:
    membership = object_or_404(
        request,
        GroupMembership.objects.filter(patient=patient, left_at__isnull=True),
        group_id=group_id,
    )
    services.leave_group(request, membership)
    messages.success(request, _("You have left the group."))
    return redirect("companion:groups")


@route(PATIENT_SELF, methods=["POST"])
def language(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = LanguageForm(request.POST)
    if form.is_valid():
        services.set_language(request, patient, form.cleaned_data["language"])
    return redirect("companion:home")


@route(PATIENT_SELF)
def more(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return _page(
        request,
        "companion/more.html",
        {"language_form": LanguageForm(initial={"language": patient.preferred_language}),
         "nav": "more"},
    )  # fmt: skip
