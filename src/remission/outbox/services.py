"""Queue messages in the caller's transaction; ``deliver`` sends them afterwards.

E-mails never carry patient data: they say that something needs attention and link to the
signed-in app, where access is checked and audited.
"""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from remission.outbox.models import OutboxMessage, Status

MAX_ATTEMPTS = 8


def queue(
    kind: str, dedupe_key: str, email: str, subject: str, body: str, recipient: Any = None
) -> None:
    """Add a message unless one for the same reason and address exists (deduplicated)."""
    if not email:
        return
    OutboxMessage.objects.get_or_create(
        dedupe_key=dedupe_key,
        email=email,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "subject": subject,
            "body": body,
            "next_attempt_at": timezone.now(),
        },
    )


def notify_care_team(patient: Any, *, kind: str, dedupe_key: str, subject: str) -> None:
    """Tell every active clinician on the patient's care team to look at Remission."""
    from remission.patients.models import CareTeamMember

    members = CareTeamMember.objects.filter(patient=patient, user__is_active=True).select_related(
        "user"
    )
    for member in members:
        queue(
            kind,
            dedupe_key,
            member.user.email,
            subject,
            "Something needs your attention in Remission (no patient details are sent by "
            f"e-mail). Please sign in: {settings.SITE_URL}/\n",
            recipient=member.user,
        )


def deliver(limit: int = 100) -> int:
    """Send due messages; a failure is retried later with a growing delay. Returns the number sent."""
    now = timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).order_by(
        "id"
    )
    for message_id in list(due.values_list("id", flat=True)[:limit]):
        with transaction.atomic():
            message = (
                OutboxMessage.objects.select_for_update()
                .filter(Q(pk=message_id), Q(status=Status.PENDING))
                .first()
            )
            if message is None:
                continue  # another worker took it
            try:
                send_mail(message.subject, message.body, None, [message.email])
            except Exception as error:
                message.attempts += 1
                message.last_error = str(error)[:300]
                message.status = (
                    Status.FAILED if message.attempts >= MAX_ATTEMPTS else Status.PENDING
                )
                message.next_attempt_at = now + timedelta(minutes=2**message.attempts)
            else:
                message.status = Status.SENT
                message.sent_at = timezone.now()
                sent += 1
            message.save()
    return sent
