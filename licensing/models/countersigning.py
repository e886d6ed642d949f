"""Countersigning: which decisions need a second approver's signature before they take
effect (rules managed in admin), and the decision that waits for it. Only
`licensing.services.countersigning` changes these (docs/consultation.md)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models.requests import ShipmentRequest


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Grant of special approval")
    DENIAL = "denial", _("Denial")


class CountersignRule(models.Model):
    """A decision of `decision` kind on a request matching every condition given (an empty
    condition matches everything) needs a countersignature."""

    class Applies(models.TextChoices):
        GRANTS = "grant", _("Grants")
        DENIALS = "denial", _("Denials")
        BOTH = "both", _("Grants and denials")

    name = models.CharField(_("name"), max_length=200)
    applies_to = models.CharField(_("applies to"), max_length=10, choices=Applies.choices,
                                  default=Applies.BOTH)
    control_categories = models.JSONField(
        _("control categories"), default=list, blank=True,
        help_text=_('Any item in one of these, e.g. ["ML3", "ML4"]; empty: any.'))
    min_value = models.DecimalField(
        _("minimum value"), max_digits=16, decimal_places=2, null=True, blank=True,
        help_text=_("Total value of the items at least this much; empty: any."))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("countersigning rule")
        verbose_name_plural = _("countersigning rules")

    def __str__(self):
        return self.name


class PendingDecision(models.Model):
    """A grant or denial decided by one approver and waiting for a second one's signature;
    `inputs` holds what the decision will do once countersigned (validated already)."""

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting countersignature")
        COUNTERSIGNED = "countersigned", _("Countersigned")
        REFUSED = "refused", _("Countersignature refused")

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.PROTECT,
                                related_name="pending_decisions")
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    status = models.CharField(_("status"), max_length=15, choices=Status.choices,
                              default=Status.AWAITING)
    rule = models.ForeignKey(
        CountersignRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="+"
    )
    returns_to = models.CharField(verbose_name=_("returns to"), max_length=30, help_text=_(
        "The state the request goes back to if the countersignature is refused."))
    reason = models.TextField(_("reason"))
    inputs = models.JSONField(verbose_name=_("inputs"), default=dict)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"),
                                   on_delete=models.PROTECT,
                                   related_name="+")
    decided_at = models.DateTimeField(verbose_name=_("decided at"), default=timezone.now)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL,
                                         verbose_name=_("countersigned by"),
                                         on_delete=models.PROTECT,
                                         null=True, blank=True, related_name="+")
    countersigned_at = models.DateTimeField(
        verbose_name=_("countersigned at"), null=True, blank=True
    )
    countersign_reason = models.TextField(verbose_name=_("countersign reason"), blank=True)

    class Meta:
        ordering = ["-decided_at", "-id"]
        verbose_name = _("decision awaiting countersignature")
        verbose_name_plural = _("decisions awaiting countersignature")
        constraints = [models.UniqueConstraint(
            fields=["request"], condition=models.Q(status="awaiting"),
            name="one_decision_awaiting_per_request")]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.request_id} ({self.get_status_display()})"
