"""Screening runs and their findings. A run is recorded in the database before it is
queued, so a lost message is found again by the sweep (services/screening.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    PROHIBITION = "prohibition", _("Prohibition")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    INFO = "info", _("Info")


BLOCKING_SEVERITIES = (Severity.HIGH, Severity.MEDIUM)


class FindingQuerySet(models.QuerySet):
    def open(self):
        """Open findings: what an officer must still clear with a reason (high or medium,
        not cleared). The one definition; `Finding.is_open` says the same of one row.
        Whose run counts (the latest, or the last completed) is the caller's question."""
        return self.filter(severity__in=BLOCKING_SEVERITIES, cleared_at__isnull=True)


class ScreeningRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SUBMISSION = "submission", _("Submission")
        LIST_CHANGE = "list_change", _("Reference list changed")
        BEFORE_APPROVAL = "before_approval", _("Before special approval")
        MANUAL = "manual", _("Requested by an official")

    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="screening_runs")
    status = models.CharField(verbose_name=_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED,
                              db_index=True)
    trigger = models.CharField(verbose_name=_("trigger"), max_length=20, choices=Trigger.choices)
    queued_at = models.DateTimeField(verbose_name=_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(verbose_name=_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(verbose_name=_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(verbose_name=_("attempts"), default=0)
    list_versions = models.JSONField(verbose_name=_("list versions"), default=dict, blank=True)
    error = models.TextField(verbose_name=_("error"), blank=True)

    class Meta:
        ordering = ["-queued_at", "-id"]
        get_latest_by = "queued_at"

    def __str__(self):
        return f"Screening run {self.pk} ({self.status})"


class Finding(models.Model):
    """What one check found. High and medium findings must be cleared by an officer with
    a reason before the end user can be verified; a prohibition denies or suspends."""

    run = models.ForeignKey(
        ScreeningRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="findings"
    )
    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="findings")
    check_name = models.CharField(verbose_name=_("check name"), max_length=60)
    severity = models.CharField(verbose_name=_("severity"), max_length=12, choices=Severity.choices)
    # in English: the record (audit events, search)
    message = models.TextField(verbose_name=_("message"))
    # The message as its catalogue sentences and parameters (licensing/screening/checks/
    # text.py), so that each reader sees it in their language; empty on older rows.
    message_parts = models.JSONField(verbose_name=_("message parts"), null=True, blank=True)
    evidence = models.JSONField(verbose_name=_("evidence"), default=dict, blank=True)
    # Identifies "the same finding" across runs, so a clearance carries over to a re-run
    # that finds exactly the same thing, and anything new must be reviewed afresh.
    fingerprint = models.CharField(verbose_name=_("fingerprint"), max_length=64)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cleared by"),
                                   null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    cleared_at = models.DateTimeField(verbose_name=_("cleared at"), null=True, blank=True)
    clearance_reason = models.TextField(verbose_name=_("clearance reason"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.severity}: {self.message}"

    @property
    def is_open(self) -> bool:
        return self.severity in BLOCKING_SEVERITIES and self.cleared_at is None

    @property
    def text(self) -> str:
        """The message in the active language. A row stored before the parts were kept
        shows its English message (translated when it is a catalogue sentence as it is)."""
        from django.utils.translation import gettext

        from licensing.screening.checks.text import render_json

        if self.message_parts:
            return render_json(self.message_parts)
        return gettext(self.message) if self.message else ""

    @property
    def shown_evidence(self) -> dict:
        """The evidence as a reader sees it: its texts (the name matcher's reasons, the
        weighing of a party) in the active language; older rows as stored."""
        from licensing.screening.checks.text import localised

        return localised(self.evidence)
