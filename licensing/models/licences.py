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
    request = models.OneToOneField("licensing.ShipmentRequest", verbose_name=_("request"),
                                   on_delete=models.PROTECT,
                                   related_name="licence")
    number = models.CharField(
        verbose_name=_("number"), max_length=40, unique=True, default=new_licence_number
    )
    status = FSMField(verbose_name=_("status"), default=LicenceStatus.ISSUED,
                      choices=LicenceStatus.choices,
                      protected=True, db_index=True)
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_until = models.DateField(verbose_name=_("valid until"))
    conditions = models.JSONField(verbose_name=_("conditions"), default=list, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    countersigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("countersigned by"), on_delete=models.PROTECT,
        null=True, blank=True,
        related_name="+",
        help_text=_("The second approver, where a countersigning rule applied."))
    approval_reason = models.TextField(verbose_name=_("approval reason"), blank=True)
    issued_at = models.DateTimeField(verbose_name=_("issued at"), default=timezone.now)

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

    code = models.CharField(verbose_name=_("code"), max_length=30, unique=True)
    text = models.TextField(verbose_name=_("text"))
    is_active = models.BooleanField(verbose_name=_("active"), default=True)

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

    licence = models.ForeignKey("licensing.Licence", verbose_name=_("licence"),
                                on_delete=models.PROTECT,
                                related_name="documents")
    version = models.PositiveIntegerField(verbose_name=_("version"))
    licence_status = models.CharField(
        verbose_name=_("licence status"), max_length=12, help_text=_("The status it shows.")
    )
    file = models.FileField(verbose_name=_("file"), upload_to=licence_document_path)
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(verbose_name=_("size"))
    generated_at = models.DateTimeField(verbose_name=_("generated at"), default=timezone.now)
    superseded_at = models.DateTimeField(verbose_name=_("superseded at"), null=True, blank=True)

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

    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.CASCADE, related_name="items"
    )
    line_item = models.ForeignKey("licensing.LineItem", verbose_name=_("line item"),
                                  on_delete=models.PROTECT,
                                  related_name="+")
    approved_quantity = models.PositiveBigIntegerField(
        verbose_name=_("approved quantity"), validators=[MinValueValidator(1)]
    )
    shipped_quantity = models.PositiveBigIntegerField(verbose_name=_("shipped quantity"), default=0)

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
    licence = models.ForeignKey(
        Licence, verbose_name=_("licence"), on_delete=models.PROTECT, related_name="shipments"
    )
    shipped_on = models.DateField(verbose_name=_("shipped on"))
    carrier = models.CharField(verbose_name=_("carrier"), max_length=200)
    customs_declaration = models.CharField(verbose_name=_("customs declaration"), max_length=100)
    route = models.JSONField(
        verbose_name=_("route"), default=list, blank=True,
        help_text=_("Countries actually crossed.")
    )
    is_final = models.BooleanField(verbose_name=_("final shipment"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), default=timezone.now)
    # Proof of delivery: a delivery verification certificate is due by this date.
    delivery_verification_due_on = models.DateField(
        verbose_name=_("delivery verification due on"), null=True, blank=True
    )
    delivery_verification = models.ForeignKey(
        "licensing.Document", verbose_name=_("delivery verification"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    delivery_verified_at = models.DateTimeField(
        verbose_name=_("delivery verified at"), null=True, blank=True
    )
    delivery_overdue_flagged_at = models.DateTimeField(
        verbose_name=_("delivery overdue flagged at"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        ordering = ["shipped_on", "id"]

    def __str__(self):
        return f"Shipment of {self.shipped_on} ({self.customs_declaration})"


class ShipmentItem(models.Model):
    shipment = models.ForeignKey(
        Shipment, verbose_name=_("shipment"), on_delete=models.CASCADE, related_name="items"
    )
    licence_item = models.ForeignKey(LicenceItem, verbose_name=_("licence item"),
                                     on_delete=models.PROTECT,
                                     related_name="shipment_items")
    quantity = models.PositiveBigIntegerField(
        verbose_name=_("quantity"), validators=[MinValueValidator(1)]
    )

    def __str__(self):
        return f"{self.quantity} of licence item {self.licence_item_id}"
