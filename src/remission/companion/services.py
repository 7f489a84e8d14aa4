"""Writes of the companion and the support network. Views call these; each write is audited in
its own transaction, and no audit detail ever carries free text a patient wrote."""

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from remission.accounts.models import Role, User
from remission.audit import trail
from remission.audit.trail import Who
from remission.companion import skills, throttle
from remission.companion.models import (
    Attendance,
    CheckIn,
    ConsentRecord,
    ExerciseCompletion,
    Grant,
    GroupMembership,
    GroupSession,
    HomeworkAssignment,
    HomeworkStatus,
    LinkStatus,
    PeerGroup,
    SafetyPlan,
    SafetyPlanVersion,
    SignInToken,
    SupportLink,
)
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest

TAGS = ("walk", "exercise", "outside", "friends", "family", "creative", "mindfulness", "work",
        "rest", "medication")  # fmt: skip


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---- Journal -----------------------------------------------------------------------------------
def record_check_in(
    request: HttpRequest,
    patient: Patient,
    *,
    mood: int,
    anxiety: int,
    sleep: int,
    energy: int,
    tags: Iterable[str] = (),
    note: str = "",
    shared: bool = True,
    note_shared: bool = False,
) -> CheckIn:
    """Save a check-in. The note reaches the care team only when both boxes are ticked."""
    check_in = CheckIn(
        patient=patient,
        mood=mood,
        anxiety=anxiety,
        sleep=sleep,
        energy=energy,
        tags=[tag for tag in tags if tag in TAGS],
        note=note.strip(),
        shared=shared,
        note_shared=shared and note_shared and bool(note.strip()),
    )
    check_in.full_clean()
    with transaction.atomic():
        check_in.save()
        trail.record(
            request,
            "companion.checkin.recorded",
            patient=patient,
            obj=check_in,
            detail={"shared": check_in.shared, "note_shared": check_in.note_shared},
        )
    return check_in


def set_language(request: HttpRequest, patient: Patient, language: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise ValueError(language)
    with transaction.atomic():
        Patient.objects.filter(pk=patient.pk).update(preferred_language=language)
        trail.record(
            request, "companion.language.changed", patient=patient, detail={"to": language}
        )


# ---- Safety plan -------------------------------------------------------------------------------
def save_safety_plan(
    who: Who,
    patient: Patient,
    sections: Mapping[str, str],
    *,
    based_on: int,
    author: User,
    change_note: str = "",
) -> SafetyPlanVersion:
    """Save a new version of the plan. ``based_on`` is the version the editor started from (0 for
    none); if someone saved another version meanwhile, EditConflict and nothing is saved."""
    with transaction.atomic():
        plan, _ = SafetyPlan.objects.select_for_update().get_or_create(patient=patient)
        current = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
        if current != based_on:
            raise EditConflict
        version = SafetyPlanVersion.objects.create(
            plan=plan,
            number=current + 1,
            author=author,
            author_role=author.role,
            change_note=change_note[:200],
            **{name: sections.get(name, "").strip() for name in SafetyPlanVersion.SECTIONS},
        )
        trail.record(
            who,
            "companion.safety_plan.saved",
            patient=patient,
            obj=version,
            detail={"version": version.number, "author_role": author.role},
        )
    return version


# ---- Homework and exercises --------------------------------------------------------------------
class UnknownExercise(ValueError):
    pass


def assign_homework(
    request: Who,
    patient: Patient,
    exercise_id: str,
    due: date | None,
    note: str = "",
    *,
    source: str = "chart",
    assigned_by: User | None = None,
) -> HomeworkAssignment:
    """Assign an exercise of the library as homework (the chart, or e.g. an integration session
    with ``source="integration-session"``)."""
    if skills.exercise(exercise_id) is None:
        raise UnknownExercise(exercise_id)
    by = assigned_by or (request.user if isinstance(request, HttpRequest) else request)
    if not isinstance(by, User):
        raise ValueError("homework is assigned by a clinician")
    with transaction.atomic():
        assignment = HomeworkAssignment.objects.create(
            patient=patient,
            exercise=exercise_id,
            due=due,
            note=note.strip(),
            source=source,
            assigned_by=by,
        )
        trail.record(
            request,
            "companion.homework.assigned",
            patient=patient,
            obj=assignment,
            detail={"exercise": exercise_id, "due": due.isoformat() if due else None,
                    "source": source},
        )  # fmt: skip
    return assignment


def withdraw_homework(request: HttpRequest, assignment: HomeworkAssignment) -> None:
    with transaction.atomic():
        HomeworkAssignment.objects.filter(pk=assignment.pk, status=HomeworkStatus.OPEN).update(
            status=HomeworkStatus.WITHDRAWN
        )
        trail.record(
            request, "companion.homework.withdrawn", patient=assignment.patient, obj=assignment
        )


class AlreadyDone(Exception):
    pass


def complete_exercise(
    request: HttpRequest,
    patient: Patient,
    exercise_id: str,
    *,
    responses: Mapping[str, str],
    shared: bool,
    helpful: int | None = None,
    assignment: HomeworkAssignment | None = None,
) -> ExerciseCompletion:
    """Record that the patient did an exercise; closes the homework it was assigned as."""
    exercise = skills.exercise(exercise_id)
    if exercise is None:
        raise UnknownExercise(exercise_id)
    keys = {prompt.key for prompt in exercise.prompts}
    with transaction.atomic():
        if assignment is not None:
            updated = HomeworkAssignment.objects.filter(
                pk=assignment.pk, patient=patient, status=HomeworkStatus.OPEN
            ).update(status=HomeworkStatus.DONE)
            if not updated:
                raise AlreadyDone
        completion = ExerciseCompletion.objects.create(
            patient=patient,
            exercise=exercise_id,
            assignment=assignment,
            responses={k: v.strip()[:4000] for k, v in responses.items() if k in keys},
            helpful=helpful,
            shared=shared,
        )
        trail.record(
            request,
            "companion.exercise.completed",
            patient=patient,
            obj=completion,
            detail={"exercise": exercise_id, "homework": bool(assignment), "shared": shared},
        )
    return completion


# ---- Portal accounts and one-time sign-in links ------------------------------------------------
class AlreadyInvited(Exception):
    pass


def invite_patient_to_portal(request: HttpRequest, patient: Patient) -> User:
    """Create the patient's portal account (no password yet) and e-mail a link to choose one."""
    if not patient.email:
        raise ValueError("the patient has no e-mail address")
    with transaction.atomic():
        locked = Patient.objects.select_for_update().get(pk=patient.pk)
        if locked.user_id is not None:
            raise AlreadyInvited
        user = User(
            username=_free_username(patient.email),
            email=patient.email,
            first_name=patient.preferred_name or patient.given_name,
            last_name=patient.family_name,
            role=Role.PATIENT,
            clinic_id=patient.clinic_id,
        )
        user.set_unusable_password()
        user.save()
        Patient.objects.filter(pk=patient.pk).update(user=user)
        patient.user = user
        trail.record(request, "companion.portal.invited", patient=patient, obj=user)
    _send_welcome(
        request, user, patient.preferred_language, "companion/email/portal_invitation.txt"
    )
    return user


def _free_username(email: str) -> str:
    base = email.strip().lower()[:140]
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _send_welcome(request: HttpRequest, user: User, language: str, template: str) -> None:
    link = request.build_absolute_uri(
        reverse(
            "accounts:set_password",
            args=[urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)],
        )
    )  # fmt: skip
    sign_in = request.build_absolute_uri(reverse("companion:sign_in_link"))
    with translation.override(language or "en"):
        subject = translation.gettext("Your Remission portal")
        body = render_to_string(template, {"user": user, "link": link, "sign_in": sign_in})
    send_mail(subject, body, None, [user.email])


def request_sign_in_link(request: HttpRequest, email: str) -> None:
    """E-mail a one-time sign-in link to the portal account with this address, if there is one.

    The answer is the same either way (no account enumeration), and requests are rate-limited per
    address and per client.
    """
    email = email.strip().lower()
    hour = timedelta(hours=1)
    limit = settings.SIGN_IN_LINKS_PER_HOUR
    ip = getattr(request, "client_ip", None) or "unknown"
    if not (
        throttle.allow(f"link-ip:{ip}", limit * 4, hour)
        and throttle.allow(f"link-email:{digest(email)}", limit, hour)
    ):
        trail.record_denied(request, "companion.sign_in_link.throttled", detail={"ip": ip})
        return
    user = User.objects.filter(
        email__iexact=email, is_active=True, role__in=[Role.PATIENT, Role.FAMILY]
    ).first()
    if user is None:
        return
    token = secrets.token_urlsafe(32)  # 256 bits from the OS's CSPRNG
    now = timezone.now()
    with transaction.atomic():
        SignInToken.objects.create(
            user=user,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + timedelta(minutes=settings.SIGN_IN_LINK_MINUTES),
        )
        trail.record(user, "companion.sign_in_link.sent", detail={"ip": ip})
    link = request.build_absolute_uri(reverse("companion:sign_in_token", args=[token]))
    with translation.override(_language_of(user)):
        subject = translation.gettext("Your sign-in link")
        body = render_to_string(
            "companion/email/sign_in_link.txt",
            {"user": user, "link": link, "minutes": settings.SIGN_IN_LINK_MINUTES},
        )
    send_mail(subject, body, None, [user.email])


def _language_of(user: User) -> str:
    if user.role == Role.PATIENT:
        language = (
            Patient.objects.filter(user=user).values_list("preferred_language", flat=True).first()
        )
        return language or "en"
    return user.language or "en"


class TokenUnusable(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "unknown", "used", "expired", "throttled"


def redeem_sign_in_token(request: HttpRequest, token: str) -> User:
    """Exchange a one-time token for a session (single use); TokenUnusable says why not."""
    ip = getattr(request, "client_ip", None) or "unknown"
    if not throttle.allow(
        f"token-ip:{ip}", settings.SIGN_IN_LINK_TRIES_PER_HOUR, timedelta(hours=1)
    ):
        trail.record_denied(request, "companion.sign_in_link.throttled", detail={"ip": ip})
        raise TokenUnusable("throttled")
    now = timezone.now()
    with transaction.atomic():
        row = (
            SignInToken.objects.select_for_update()
            .select_related("user")
            .filter(token_hash=digest(token))
            .first()
        )
        if row is None:
            trail.record_denied(request, "companion.sign_in_link.unknown", detail={"ip": ip})
            raise TokenUnusable("unknown")
        user = row.user
        reason = "used" if row.used_at else "expired" if row.expires_at <= now else ""
        if not reason and not (user.is_active and user.role in (Role.PATIENT, Role.FAMILY)):
            reason = "unknown"
        if reason:
            trail.record_denied(user, f"companion.sign_in_link.{reason}", detail={"ip": ip})
            raise TokenUnusable(reason)
        SignInToken.objects.filter(pk=row.pk).update(used_at=now)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    trail.record(request, "companion.sign_in_link.used")
    return user


# ---- Support network ---------------------------------------------------------------------------
def _clean_grants(grants: Iterable[str]) -> list[str]:
    return [value for value in Grant.values if value in set(grants)]


def invite_supporter(
    request: AuthenticatedRequest,
    patient: Patient,
    *,
    name: str,
    email: str,
    relationship: str,
    grants: Iterable[str],
) -> SupportLink:
    """The patient invites someone and chooses what they may see; the consent is recorded."""
    token = secrets.token_urlsafe(32)
    granted = _clean_grants(grants)
    with transaction.atomic():
        link = SupportLink.objects.create(
            patient=patient,
            name=name.strip(),
            email=email.strip().lower(),
            relationship=relationship.strip(),
            grants=granted,
            invitation_hash=digest(token),
            invitation_expires_at=timezone.now() + timedelta(days=settings.SUPPORT_INVITATION_DAYS),
        )
        ConsentRecord.objects.create(link=link, action="granted", grants=granted, by=request.user)
        trail.record(
            request,
            "companion.support.invited",
            patient=patient,
            obj=link,
            detail={"grants": granted},
        )
    url = request.build_absolute_uri(reverse("companion:join_token", args=[token]))
    with translation.override(patient.preferred_language or "en"):
        subject = translation.gettext("%(name)s invites you to their support network") % {
            "name": patient.preferred_name or patient.given_name
        }
        body = render_to_string(
            "companion/email/support_invitation.txt",
            {
                "link": link,
                "patient_name": patient.preferred_name or patient.given_name,
                "url": url,
            },
        )
    send_mail(subject, body, None, [link.email])
    return link


def change_grants(request: AuthenticatedRequest, link: SupportLink, grants: Iterable[str]) -> None:
    granted = _clean_grants(grants)
    with transaction.atomic():
        SupportLink.objects.filter(pk=link.pk).update(grants=granted)
        ConsentRecord.objects.create(link=link, action="changed", grants=granted, by=request.user)
        trail.record(
            request,
            "companion.support.changed",
            patient=link.patient,
            obj=link,
            detail={"before": link.grants, "after": granted},
        )
    link.grants = granted


def revoke_link(request: AuthenticatedRequest, link: SupportLink) -> None:
    """End the link: from the very next request the person sees nothing of the patient."""
    with transaction.atomic():
        SupportLink.objects.filter(pk=link.pk).update(
            status=LinkStatus.REVOKED, revoked_at=timezone.now(), grants=[], invitation_hash=None
        )
        ConsentRecord.objects.create(link=link, action="revoked", grants=[], by=request.user)
        trail.record(request, "companion.support.revoked", patient=link.patient, obj=link)
    link.status = LinkStatus.REVOKED


def invitation_for(token: str) -> SupportLink | None:
    """The open, unexpired invitation with this token."""
    return (
        SupportLink.objects.select_related("patient", "patient__clinic")
        .filter(
            invitation_hash=digest(token),
            status=LinkStatus.INVITED,
            invitation_expires_at__gt=timezone.now(),
        )
        .first()
    )


def accept_invitation(
    request: HttpRequest,
    link: SupportLink,
    *,
    user: User | None = None,
    password: str = "",
    first_name: str = "",
    language: str = "en",
) -> User:
    """Join the network: an existing family account (signed in) or a new one with ``password``."""
    with transaction.atomic():
        locked = SupportLink.objects.select_for_update().get(pk=link.pk)
        if locked.status != LinkStatus.INVITED:
            raise TokenUnusable("used")
        if user is None:
            user = User(
                username=_free_username(link.email),
                email=link.email,
                first_name=first_name.strip() or link.name,
                role=Role.FAMILY,
                clinic_id=link.patient.clinic_id,
                language=language,
            )
            user.set_password(password)
            user.save()
            created = True
        else:
            created = False
        SupportLink.objects.filter(pk=link.pk).update(
            member=user,
            status=LinkStatus.ACTIVE,
            accepted_at=timezone.now(),
            invitation_hash=None,
        )
        ConsentRecord.objects.create(link=link, action="accepted", grants=locked.grants, by=user)
        trail.record(
            user,
            "companion.support.accepted",
            patient=link.patient,
            obj=link,
            detail={"new_account": created},
        )
    if created:
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def set_family_language(request: HttpRequest, user: User, language: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise ValueError(language)
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(language=language)
        trail.record(request, "companion.language.changed", detail={"to": language})


# ---- Peer groups -------------------------------------------------------------------------------
def save_group(request: HttpRequest, group: PeerGroup, changed: list[str] | None = None) -> None:
    creating = group.pk is None
    with transaction.atomic():
        group.save()
        trail.record(
            request,
            "companion.group.created" if creating else "companion.group.updated",
            obj=group,
            detail={"fields": changed or []},
        )


class AlreadyMember(Exception):
    pass


def join_group(
    request: HttpRequest,
    patient: Patient,
    group: PeerGroup,
    *,
    display_name: str,
    introduction: str,
    visible_to_members: bool,
) -> GroupMembership:
    with transaction.atomic():
        if GroupMembership.objects.filter(
            group=group, patient=patient, left_at__isnull=True
        ).exists():
            raise AlreadyMember
        membership = GroupMembership.objects.create(
            group=group,
            patient=patient,
            display_name=display_name.strip(),
            introduction=introduction.strip() if visible_to_members else "",
            visible_to_members=visible_to_members,
        )
        trail.record(
            request,
            "companion.group.joined",
            patient=patient,
            obj=membership,
            detail={"group": group.pk, "visible_to_members": visible_to_members},
        )
    return membership


def leave_group(request: HttpRequest, membership: GroupMembership) -> None:
    with transaction.atomic():
        GroupMembership.objects.filter(pk=membership.pk).update(left_at=timezone.now())
        trail.record(
            request,
            "companion.group.left",
            patient=membership.patient,
            obj=membership,
            detail={"group": membership.group_id},
        )


def add_group_session(
    request: HttpRequest, group: PeerGroup, starts_at: datetime, topic: str
) -> GroupSession:
    with transaction.atomic():
        session = GroupSession.objects.create(group=group, starts_at=starts_at, topic=topic)
        trail.record(request, "companion.group.session_added", obj=session)
    return session


def record_attendance(request: HttpRequest, session: GroupSession, present: set[int]) -> None:
    """Mark who came to ``session`` (membership ids in ``present``); one audit event per member."""
    members = GroupMembership.objects.filter(group=session.group, left_at__isnull=True)
    with transaction.atomic():
        for membership in members.select_related("patient"):
            here = membership.pk in present
            Attendance.objects.update_or_create(
                session=session, membership=membership, defaults={"present": here}
            )
            trail.record(
                request,
                "companion.group.attendance_recorded",
                patient=membership.patient,
                obj=session,
                detail={"group": session.group_id, "present": here},
            )
