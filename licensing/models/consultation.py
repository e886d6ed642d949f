"""Consultation: which consulted bodies must consent (routing rules), the referral of a
request to each, the advice a body gives (consent, consent with conditions, objection) and
its provisos, the questions a body asks the officer, and the approving authority's
override. Only `licensing.services.consultation` changes these (docs/consultation.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import SilencePolicy
from licensing.models.requests import ShipmentRequest

BODIES = {"kind": "consulted_body"}


class RoutingRule(models.Model):
    """Refers a request to `body` when every condition given matches (an empty condition
    matches everything). The default rules, one per body the law names, have none."""

    name = models.CharField(verbose_name=_("name"), max_length=200)
    body = models.ForeignKey("accounts.Organisation", verbose_name=_("body"),
                             on_delete=models.PROTECT,
                             related_name="routing_rules", limit_choices_to=BODIES)
    mandatory = models.BooleanField(
        verbose_name=_("mandatory"),
        default=True, help_text=_("An officer cannot remove a referral a mandatory rule made."))
    destination_countries = models.JSONField(
        verbose_name=_("destination countries"),
        default=list, blank=True, help_text=_('Country codes, e.g. ["PL", "HU"]; empty: any.'))
    control_categories = models.JSONField(
        verbose_name=_("control categories"),
        default=list, blank=True, help_text=_('e.g. ["ML4"]; empty: any.'))
    end_user_types = models.JSONField(
        verbose_name=_("end-user types"),
        default=list, blank=True, help_text=_('e.g. ["trader", "broker"]; empty: any.'))
    min_value = models.DecimalField(
        verbose_name=_("minimum value"),
        max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("Total value of the items at least this much; empty: any."))
    finding_severities = models.JSONField(
        verbose_name=_("finding severities"),
        default=list, blank=True,
        help_text=_('Screening found any of these, e.g. ["high"]; empty: any.'))
    is_active = models.BooleanField(verbose_name=_("active"), default=True)

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["body__name", "name"]

    def __str__(self):
        return self.name


class Referral(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ADVICE_GIVEN = "advice_given", _("Advice given")
        DEEMED_CONSENT = "deemed_consent", _("Deemed consent (silence)")
        OVERDUE = "overdue", _("Overdue (escalated)")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="referrals")
    body = models.ForeignKey("accounts.Organisation", verbose_name=_("body"),
                             on_delete=models.PROTECT,
                             related_name="referrals", limit_choices_to=BODIES)
    mandatory = models.BooleanField(verbose_name=_("mandatory"), default=True)
    grounds = models.CharField(verbose_name=_("grounds"), max_length=500, blank=True,
                               help_text=_("The routing rules (or the officer) that referred it."))
    status = models.CharField(verbose_name=_("status"), max_length=20, choices=Status.choices,
                              default=Status.PENDING,
                              db_index=True)
    silence_policy = models.CharField(
        verbose_name=_("silence policy"), max_length=20, choices=SilencePolicy.choices
    )
    referred_at = models.DateTimeField(verbose_name=_("referred at"), default=timezone.now)
    referred_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("referred by"),
                                    null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(verbose_name=_("due on"))
    overdue_since = models.DateField(verbose_name=_("overdue since"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(verbose_name=_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
                                     null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawal_reason = models.TextField(verbose_name=_("withdrawal reason"), blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["request", "body"],
                                               name="one_referral_per_body")]

    def __str__(self):
        return f"{self.request_id} → {self.body}"

    @property
    def is_open(self) -> bool:
        """Waiting for the body's advice (pending, or overdue and escalated)."""
        return self.status in (self.Status.PENDING, self.Status.OVERDUE)

    @property
    def consents(self) -> bool:
        if self.status == self.Status.DEEMED_CONSENT:
            return True
        advice = self.submitted_advice
        return advice is not None and advice.outcome != Advice.Outcome.OBJECTION

    @property
    def objects_to(self) -> bool:
        advice = self.submitted_advice
        return advice is not None and advice.outcome == Advice.Outcome.OBJECTION

    @property
    def submitted_advice(self):
        advice = getattr(self, "advice", None)
        return advice if advice is not None and advice.is_submitted else None


class Advice(models.Model):
    """A body's advice on one referral. A draft is the body's alone until submitted;
    submitted advice is final."""

    class Outcome(models.TextChoices):
        CONSENT = "consent", _("Consent")
        CONSENT_WITH_CONDITIONS = "consent_with_conditions", _("Consent with conditions")
        OBJECTION = "objection", _("Objection")

    referral = models.OneToOneField(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="advice"
    )
    outcome = models.CharField(verbose_name=_("outcome"), max_length=30, choices=Outcome.choices)
    reasoning = models.TextField(verbose_name=_("reasoning"), blank=True)
    criteria = models.ManyToManyField(
        "licensing.Criterion", verbose_name=_("criteria"), blank=True, related_name="+"
    )
    drafted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("drafted by"),
                                   on_delete=models.PROTECT,
                                   related_name="+")
    updated_at = models.DateTimeField(verbose_name=_("updated at"), default=timezone.now)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), null=True, blank=True)

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.referral.body})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Proviso(models.Model):
    """A condition a body set with its consent. On the grant it becomes a condition of the
    licence (and is printed on it); only the body that set it may withdraw it."""

    advice = models.ForeignKey(
        Advice, verbose_name=_("advice"), on_delete=models.CASCADE, related_name="provisos"
    )
    body = models.ForeignKey("accounts.Organisation", verbose_name=_("body"),
                             on_delete=models.PROTECT,
                             related_name="provisos")
    text = models.TextField(verbose_name=_("text"))
    licence = models.ForeignKey("licensing.Licence", verbose_name=_("licence"), null=True,
                                blank=True,
                                on_delete=models.PROTECT, related_name="provisos")
    withdrawn_at = models.DateTimeField(verbose_name=_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
                                     null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    withdrawal_reason = models.TextField(verbose_name=_("withdrawal reason"), blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.text

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


class ReferralQuestion(models.Model):
    """A body's question to the officer: the referral's clock stops from the day it is
    asked until the day it is answered."""

    referral = models.ForeignKey(
        Referral, verbose_name=_("referral"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.TextField(verbose_name=_("text"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("asked by"),
                                 on_delete=models.PROTECT,
                                 related_name="+")
    asked_on = models.DateField(verbose_name=_("asked on"))
    asked_at = models.DateTimeField(verbose_name=_("asked at"), default=timezone.now)
    answer = models.TextField(verbose_name=_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(verbose_name=_("answered on"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "id"]

    def __str__(self):
        return self.text[:80]

    @property
    def is_open(self) -> bool:
        return self.answered_on is None


class ConsultationOverride(models.Model):
    """The approving authority granted special approval without every consent, or over an
    objection, with a written reason."""

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="consultation_overrides")
    overridden_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("overridden by"),
                                      on_delete=models.PROTECT,
                                      related_name="+")
    overridden_at = models.DateTimeField(verbose_name=_("overridden at"), default=timezone.now)
    reason = models.TextField(verbose_name=_("reason"))
    unmet = models.JSONField(
        verbose_name=_("unmet"), default=list, help_text=_("What was missing or objected.")
    )

    class Meta:
        ordering = ["-overridden_at"]

    def __str__(self):
        return f"{self.request_id}: {self.reason[:80]}"
