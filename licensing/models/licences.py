"""The licence issued by special approval, and the shipments that draw it down."""

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField

from licensing.workflow.states import LicenceStatus
from licensing.workflow.transitions import LICENCE, fsm

__all__ = ["LicenceStatus"]  # re-exported: the models' public names


# No 0/O or 1/I: the number is read aloud and typed by customs officers.
_LICENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def new_licence_number() -> str:
    """`EL-YYYY-` and 12 random characters (60 bits): unique and not guessable."""
    body = "".join(secrets.choice(_LICENCE_ALPHABET) for _i in range(12))
    return f"EL-{timezone.localdate():%Y}-{body[:4]}-{body[4:8]}-{body[8:]}"


class Licence(ConcurrentTransitionMixin, models.Model):
    request = models.OneToOneField("licensing.ShipmentRequest", on_delete=models.PROTECT,
                                   related_name="licence")
    number = models.CharField(max_length=40, unique=True, default=new_licence_number)
    status = FSMField(default=LicenceStatus.ISSUED, choices=LicenceStatus.choices,
                      protected=True, db_index=True)
    valid_from = models.DateField()
    valid_until = models.DateField()
    conditions = models.JSONField(default=list, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", help_text="The second approver, where a countersigning rule applied.")
    approval_reason = models.TextField(blank=True)
    issued_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self):
        return self.number

    def is_within_validity(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on <= self.valid_until

    @fsm(LICENCE, "suspend")
    def suspend(self):
        pass

    @fsm(LICENCE, "reinstate")
    def reinstate(self):
        pass

    @fsm(LICENCE, "revoke")
    def revoke(self):
        pass

    @fsm(LICENCE, "expire")
    def expire(self):
        pass

    @fsm(LICENCE, "exhaust")
    def exhaust(self):
        pass


class LicenceCondition(models.Model):
    """A proviso from the managed list an approver can attach to a licence."""

    code = models.CharField(max_length=30, unique=True)
    text = models.TextField()
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("licence condition")
        verbose_name_plural = _("licence conditions")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.text[:60]}"


def licence_document_path(document, filename):
    return f"licences/{document.licence_id}/{document.licence.number}-v{document.version}.pdf"


class LicenceDocument(models.Model):
    """A generated, signed PDF of the licence. A new version is made when the licence's
    status changes; earlier versions are kept and marked superseded, never replaced."""

    licence = models.ForeignKey("licensing.Licence", on_delete=models.PROTECT,
                                related_name="documents")
    version = models.PositiveIntegerField()
    licence_status = models.CharField(max_length=12, help_text=_("The status it shows."))
    file = models.FileField(upload_to=licence_document_path)
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    generated_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("licence document")
        verbose_name_plural = _("licence documents")
        ordering = ["licence", "-version"]
        constraints = [models.UniqueConstraint(fields=["licence", "version"],
                                               name="unique_licence_document_version")]

    def __str__(self):
        return f"{self.licence_id} document v{self.version}"


class LicenceItem(models.Model):
    """An approved quantity for one requested line item (may be lower than requested)."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="items")
    line_item = models.ForeignKey("licensing.LineItem", on_delete=models.PROTECT,
                                  related_name="+")
    approved_quantity = models.PositiveBigIntegerField(validators=[MinValueValidator(1)])
    shipped_quantity = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="licence_item_not_overshipped",
                condition=models.Q(shipped_quantity__lte=models.F("approved_quantity")),
            ),
        ]

    def __str__(self):
        return f"{self.approved_quantity} of {self.line_item_id} ({self.shipped_quantity} shipped)"

    @property
    def remaining_quantity(self) -> int:
        return self.approved_quantity - self.shipped_quantity


class Shipment(models.Model):
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="shipments")
    shipped_on = models.DateField()
    carrier = models.CharField(max_length=200)
    customs_declaration = models.CharField(max_length=100)
    route = models.JSONField(default=list, blank=True, help_text=_("Countries actually crossed."))
    is_final = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    # Proof of delivery: a delivery verification certificate is due by this date.
    delivery_verification_due_on = models.DateField(null=True, blank=True)
    delivery_verification = models.ForeignKey(
        "licensing.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    delivery_verified_at = models.DateTimeField(null=True, blank=True)
    delivery_overdue_flagged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["shipped_on", "id"]

    def __str__(self):
        return f"Shipment of {self.shipped_on} ({self.customs_declaration})"


class ShipmentItem(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="items")
    licence_item = models.ForeignKey(LicenceItem, on_delete=models.PROTECT,
                                     related_name="shipment_items")
    quantity = models.PositiveBigIntegerField(validators=[MinValueValidator(1)])

    def __str__(self):
        return f"{self.quantity} of licence item {self.licence_item_id}"
