"""The transactional outbox: background work a change owes, written in the change's own
transaction (licensing/services/background.py). Publishing to the broker happens after
commit; a row still unsent (the broker was down, the process died) is sent by the
periodic sweep, so a broker outage delays work but never loses it."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    # a Celery task's registered name
    task_name = models.CharField(verbose_name=_("task name"), max_length=200)
    # JSON only, like every task message
    args = models.JSONField(verbose_name=_("arguments"), default=list, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(verbose_name=_("sent at"), null=True, blank=True)
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    last_error = models.TextField(verbose_name=_("last error"), blank=True)

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
