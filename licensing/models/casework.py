"""Case-working: the holiday calendar the clock counts with, who holds a case, the clock's
reminders, officials' internal notes, requests for information to the applicant, and
appeals against a denial. Only `licensing.services` write these rows."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicHoliday(models.Model):
    """A day the authority does not work (besides weekends). Managed in Django admin;
    `manage.py seed_holidays` (and migration 0009) seed Serbia's public holidays."""

    day = models.DateField(verbose_name=_("day"), unique=True)
    name = models.CharField(verbose_name=_("name"), max_length=200)
    local_name = models.CharField(verbose_name=_("local name"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self):
        return f"{self.day:%Y-%m-%d} {self.name}"


class CaseAssignment(models.Model):
    """Who holds a case now. Every assignment and reassignment is in the audit trail."""

    request = models.OneToOneField("licensing.ShipmentRequest", verbose_name=_("request"),
                                   on_delete=models.CASCADE,
                                   related_name="assignment")
    officer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("officer"),
                                on_delete=models.PROTECT,
                                related_name="case_assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assigned by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    assigned_at = models.DateTimeField(verbose_name=_("assigned at"), default=timezone.now)
    reason = models.TextField(verbose_name=_("reason"), blank=True)

    class Meta:
        indexes = [models.Index(fields=["officer", "request"])]

    def __str__(self):
        return f"Request {self.request_id} held by {self.officer_id}"


class ClockReminder(models.Model):
    """A case past a target: one row per breach (a step of the clock, from the moment that
    step started), so the daily job reminds once. Shown on the holder's home page until
    he dismisses it."""

    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="clock_reminders")
    step = models.CharField(verbose_name=_("step"), max_length=40)
    step_started_on = models.DateField(verbose_name=_("step started on"))
    target_working_days = models.PositiveSmallIntegerField(verbose_name=_("target working days"))
    working_days = models.PositiveSmallIntegerField(verbose_name=_("working days"))
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True,
                                  blank=True,
                                  on_delete=models.PROTECT, related_name="clock_reminders",
                                  help_text=_("Empty when nobody held the case: shown to every "
                                            "approver."))
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)
    dismissed_at = models.DateTimeField(verbose_name=_("dismissed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["request", "step", "step_started_on"],
                                               name="one_reminder_per_breach")]

    def __str__(self):
        return f"Request {self.request_id}: {self.step} past target"


class CaseNote(models.Model):
    """An internal note of the officials: never shown to the applicant (page or API)."""

    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="internal_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                               on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(verbose_name=_("text"))
    created_at = models.DateTimeField(verbose_name=_("created at"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"Note {self.pk} on request {self.request_id}"


class InformationRequest(models.Model):
    """A question to the applicant: the case's clock stops from `asked_at` until the
    applicant answers."""

    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="information_requests")
    question = models.TextField(verbose_name=_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"),
                                 on_delete=models.PROTECT,
                                 related_name="+")
    asked_at = models.DateTimeField(verbose_name=_("asked at"), default=timezone.now)
    answer = models.TextField(verbose_name=_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(verbose_name=_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self):
        return f"Question {self.pk} on request {self.request_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class AppealStatus(models.TextChoices):
    LODGED = "lodged", _("Lodged")
    UPHELD = "upheld", _("Upheld")
    DISMISSED = "dismissed", _("Dismissed")


class Appeal(models.Model):
    """A denied applicant's appeal: lodged within `APPEAL_PERIOD_DAYS` of the denial,
    decided by an approver who took no part in the denial."""

    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="appeals")
    status = models.CharField(verbose_name=_("status"), max_length=12, choices=AppealStatus.choices,
                              default=AppealStatus.LODGED, db_index=True)
    grounds = models.TextField(verbose_name=_("grounds"))
    lodged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lodged by"),
                                  on_delete=models.PROTECT,
                                  related_name="+")
    lodged_at = models.DateTimeField(verbose_name=_("lodged at"), default=timezone.now)
    denied_at = models.DateTimeField(
        verbose_name=_("denied at"), help_text=_("When the denial appealed against was made.")
    )
    documents = models.ManyToManyField(
        "licensing.Document", verbose_name=_("documents"), blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(verbose_name=_("decision reason"), blank=True)

    class Meta:
        ordering = ["-lodged_at", "-id"]

    def __str__(self):
        return f"Appeal {self.pk} on request {self.request_id} ({self.status})"
