"""The one way to write the audit trail.

``record(who, action, ...)`` appends an event; ``who`` is the request (actor, address and request id
are taken from it), a user (background work on someone's behalf) or None (the system itself).
Action names are namespaced verbs in the past tense: ``patients.chart.viewed``,
``patients.patient.updated``, ``access.denied``.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from remission.accounts.models import User
from remission.audit.models import AuditChainHead, AuditEvent, Outcome, RecordVersion

GENESIS = "0" * 64

Who = HttpRequest | User | None


def record(
    who: Who,
    action: str,
    *,
    patient: Any = None,
    obj: models.Model | None = None,
    detail: dict[str, Any] | None = None,
    outcome: str = Outcome.OK,
    clinic_id: int | None = None,
) -> AuditEvent:
    """Append one event to the clinic's chain, inside the caller's transaction if there is one.

    The clinic is the patient's, else the actor's, else ``clinic_id`` (e.g. for a failed sign-in
    to one of its accounts).
    """
    request, actor = _split(who)
    if patient is not None:
        clinic_id = patient.clinic_id
    elif actor is not None and actor.clinic_id:
        clinic_id = actor.clinic_id
    event = AuditEvent(
        at=timezone.now(),
        clinic_id=clinic_id,
        actor=actor,
        actor_label=actor.get_username() if actor else "system",
        actor_role=(actor.role if actor else "") or "",
        action=action,
        outcome=outcome,
        patient=patient,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail=detail or {},
        ip=getattr(request, "client_ip", None),
        request_id=getattr(request, "request_id", ""),
        chain=f"clinic:{clinic_id}" if clinic_id else "system",
    )
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            chain=event.chain, defaults={"last_hash": GENESIS}
        )
        event.prev_hash = head.last_hash
        event.hash = event_hash(event)
        event.save(force_insert=True)
        AuditChainHead.objects.filter(pk=head.pk).update(
            last_hash=event.hash, length=models.F("length") + 1
        )
    return event


def record_denied(who: Who, action: str, **kwargs: Any) -> AuditEvent:
    return record(who, action, outcome=Outcome.DENIED, **kwargs)


def actor_of(who: Who) -> User | None:
    """The signed-in user behind ``who`` (None for the system or an anonymous visitor)."""
    return _split(who)[1]


def _split(who: Who) -> tuple[HttpRequest | None, User | None]:
    if isinstance(who, HttpRequest):
        user = getattr(who, "user", None)
        return who, user if user is not None and user.is_authenticated else None
    return None, who


# The fields an event's hash covers, in the order they are hashed.
HASHED_FIELDS = (
    "prev_hash", "at", "clinic_id", "actor_id", "actor_label", "actor_role", "action", "outcome",
    "patient_id", "object_type", "object_id", "detail", "ip", "request_id", "chain",
)  # fmt: skip


def event_hash(event: AuditEvent) -> str:
    return _hash_of([getattr(event, name) for name in HASHED_FIELDS])


def _hash_of(content: list[Any]) -> str:
    content[1] = content[1].isoformat()  # at
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    chain: str
    event_id: int
    problem: str


def verify() -> Iterator[Break]:
    """Walk every chain in insertion order and report the first broken link of each.

    Rows are read as plain values, not model instances: a million entries take well under the
    two minutes of security-targets T18 (``bench/bench_audit.py``)."""
    chains = AuditEvent.objects.values_list("chain", flat=True).distinct().order_by("chain")
    heads = dict(AuditChainHead.objects.values_list("chain", "last_hash"))
    for chain in chains:
        expected_prev = GENESIS
        last: tuple[int, str] | None = None
        rows = (
            AuditEvent.objects.filter(chain=chain)
            .order_by("id")
            .values_list("id", "hash", *HASHED_FIELDS)
        )
        for event_id, stored_hash, *content in rows.iterator(5000):
            if content[0] != expected_prev:
                yield Break(chain, event_id, "missing, reordered or inserted event before it")
                break
            if _hash_of(content) != stored_hash:
                yield Break(chain, event_id, "event content was changed")
                break
            expected_prev = stored_hash
            last = (event_id, stored_hash)
        else:
            if last is not None and heads.get(chain) != last[1]:
                yield Break(chain, last[0], "events after this one were removed")


def keep_version(
    who: Who, instance: models.Model, *, patient: Any = None, reason: str = ""
) -> None:
    """Store the current database state of ``instance`` before it is overwritten."""
    _, actor = _split(who)
    saved = type(instance)._default_manager.get(pk=instance.pk)
    data = {
        field.attname: field.value_to_string(saved)
        for field in saved._meta.concrete_fields
        if not field.primary_key
    }
    RecordVersion.objects.create(
        object_type=saved._meta.label_lower,
        object_id=str(saved.pk),
        patient=patient,
        data=data,
        replaced_at=timezone.now(),
        replaced_by=actor,
        reason=reason,
    )
