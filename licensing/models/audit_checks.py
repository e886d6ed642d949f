"""An integrity check of the audit trail started from the auditor's screen and run by a
Celery worker: the row is its progress and its verdict (there is no result backend)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditChainCheck(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        INTACT = "intact", _("Intact")
        BROKEN = "broken", _("Broken")
        FAILED = "failed", _("Failed to run")

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveBigIntegerField(default=0)
    checked = models.PositiveBigIntegerField(default=0)
    anchors_checked = models.PositiveIntegerField(default=0)
    unsealed = models.PositiveBigIntegerField(default=0)
    first_broken_id = models.BigIntegerField(null=True, blank=True)
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"Audit chain check {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status in (self.Status.INTACT, self.Status.BROKEN):
            return 100
        return int(100 * self.checked / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.INTACT, self.Status.BROKEN, self.Status.FAILED)
