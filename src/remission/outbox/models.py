"""Messages waiting to be sent: written in the transaction that causes them, delivered after,
retried until sent, never sent twice for the same reason (security-targets T35: at-least-once,
deduplicated)."""

from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    PENDING = "pending", "pending"
    SENT = "sent", "sent"
    FAILED = "failed", "failed"


class OutboxMessage(models.Model):
    kind = models.CharField(max_length=40)
    dedupe_key = models.CharField(max_length=120)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key", "email"], name="outbox_once_per_reason")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.email} ({self.status})"
