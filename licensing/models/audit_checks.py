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

    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("requested by"),
                                     null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(verbose_name=_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    status = models.CharField(
        verbose_name=_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveBigIntegerField(verbose_name=_("total"), default=0)
    checked = models.PositiveBigIntegerField(verbose_name=_("checked"), default=0)
    anchors_checked = models.PositiveIntegerField(verbose_name=_("anchors checked"), default=0)
    unsealed = models.PositiveBigIntegerField(verbose_name=_("unsealed"), default=0)
    first_broken_id = models.BigIntegerField(
        verbose_name=_("first broken ID"), null=True, blank=True
    )
    problem = models.TextField(verbose_name=_("problem"), blank=True)

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
