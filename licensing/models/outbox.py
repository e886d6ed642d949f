"""The transactional outbox: background work a change owes, written in the change's own
transaction (licensing/services/background.py). Publishing to the broker happens after
commit; a row still unsent (the broker was down, the process died) is sent by the
periodic sweep, so a broker outage delays work but never loses it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    task_name = models.CharField(max_length=200)  # a Celery task's registered name
    args = models.JSONField(default=list, blank=True)  # JSON only, like every task message
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The sweep reads the unsent rows, oldest first; sent rows are most of the table.
            models.Index(fields=["created_at"], condition=Q(sent_at__isnull=True),
                         name="licensing_outbox_unsent_idx"),
            models.Index(fields=["sent_at"], name="licensing_outbox_sent_idx"),
        ]

    def __str__(self):
        state = f"sent {self.sent_at:%Y-%m-%d %H:%M}" if self.sent_at else "owed"
        return f"{self.task_name}{tuple(self.args)!r} ({state})"
