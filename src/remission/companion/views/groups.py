"""Peer support groups, staff side. Any clinician of the clinic sees the list of groups and may
start one; only a group's facilitator sees its members and records attendance."""

from django.contrib import messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from remission.access import CLINICIAN, object_or_404, route
from remission.accounts.models import CLINICIAN_ROLES, User
from remission.audit import trail
from remission.companion import services
from remission.companion.forms import GroupForm, GroupSessionForm
from remission.companion.models import Attendance, GroupMembership, GroupSession, PeerGroup
from remission.web.http import AuthenticatedRequest


def _clinicians(request: AuthenticatedRequest) -> QuerySet[User]:
    return User.objects.filter(
        clinic_id=request.user.clinic_pk, role__in=CLINICIAN_ROLES, is_active=True
    )


def _facilitated(request: AuthenticatedRequest, group_id: int) -> PeerGroup:
    """A group of the user's clinic that the user facilitates (404 otherwise)."""
    return object_or_404(
        request,
        PeerGroup.objects.filter(clinic_id=request.user.clinic_pk, facilitator=request.user),
        pk=group_id,
    )


@route(CLINICIAN)
def group_list(request: AuthenticatedRequest) -> HttpResponse:
    groups = (
        PeerGroup.objects.filter(clinic_id=request.user.clinic_pk)
        .select_related("facilitator")
        .annotate(members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
    )
    return render(request, "companion/staff/groups.html", {"groups": groups, "section": "groups"})


@route(CLINICIAN, methods=["GET", "POST"])
def group_new(request: AuthenticatedRequest) -> HttpResponse:
    form = GroupForm(
        request.POST or None, clinicians=_clinicians(request), initial={"facilitator": request.user}
    )
    if request.method == "POST" and form.is_valid():
        group = form.save(commit=False)
        group.clinic_id = request.user.clinic_pk
        services.save_group(request, group)
        messages.success(request, _("The group was created."))
        return redirect("companion:staff_groups")
    return render(
        request,
        "companion/staff/group_form.html",
        {"form": form, "title": _("New peer support group"), "section": "groups"},
    )


@route(CLINICIAN, methods=["GET", "POST"])
def group_edit(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = _facilitated(request, group_id)
    form = GroupForm(request.POST or None, instance=group, clinicians=_clinicians(request))
    if request.method == "POST" and form.is_valid():
        services.save_group(request, form.save(commit=False), form.changed_data)
        messages.success(request, _("The group was saved."))
        return redirect("companion:staff_group", group_id=group.pk)
    return render(
        request,
        "companion/staff/group_form.html",
        {"form": form, "group": group, "title": group.name, "section": "groups"},
    )


@route(CLINICIAN, methods=["GET", "POST"])
def group_detail(request: AuthenticatedRequest, group_id: int) -> HttpResponse:
    group = _facilitated(request, group_id)
    form = GroupSessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_group_session(
            request, group, form.cleaned_data["starts_at"], form.cleaned_data["topic"]
        )
        messages.success(request, _("The session was added."))
        return redirect("companion:staff_group", group_id=group.pk)
    members = GroupMembership.objects.filter(group=group, left_at__isnull=True).select_related(
        "patient"
    )
    trail.record(
        request,
        "companion.staff_group.viewed",
        obj=group,
        detail={"patients": [m.patient_id for m in members]},
    )
    return render(
        request,
        "companion/staff/group.html",
        {
            "group": group,
            "members": members,
            "sessions": GroupSession.objects.filter(group=group)[:20],
            "form": form,
            "section": "groups",
        },
    )


@route(CLINICIAN, methods=["GET", "POST"])
def attendance(request: AuthenticatedRequest, group_id: int, session_id: int) -> HttpResponse:
    group = _facilitated(request, group_id)
    session = object_or_404(request, GroupSession.objects.filter(group=group), pk=session_id)
    members = list(
        GroupMembership.objects.filter(group=group, left_at__isnull=True).select_related("patient")
    )
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        services.record_attendance(request, session, chosen & {m.pk for m in members})
        messages.success(request, _("Attendance was saved."))
        return redirect("companion:staff_group", group_id=group.pk)
    present = set(
        Attendance.objects.filter(session=session, present=True).values_list(
            "membership_id", flat=True
        )
    )
    return render(
        request,
        "companion/staff/attendance.html",
        {
            "group": group,
            "session": session,
            "members": members,
            "present": present,
            "section": "groups",
        },
    )
