"""Export halts (moratoria): stop a category of goods, optionally to some destinations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportHalt(models.Model):
    LIST_NAME = "export_halts"

    class Mode(models.TextChoices):
        DENY = "deny", _("Deny: nothing in scope may be approved or shipped")
        SPECIAL_APPROVAL_ONLY = "special_approval_only", _(
            "Special approval only: an approver may override per request with a reason")

    title = models.CharField(verbose_name=_("title"), max_length=200)
    control_categories = models.JSONField(verbose_name=_("control categories"), default=list,
                                          blank=True,
                                          help_text=_("ML categories in scope; empty means all."))
    destinations = models.JSONField(verbose_name=_("destinations"), default=list, blank=True,
                                    help_text=_("ISO country codes in scope; empty means all."))
    mode = models.CharField(verbose_name=_("mode"), max_length=25, choices=Mode.choices)
    valid_from = models.DateField(verbose_name=_("valid from"))
    valid_until = models.DateField(verbose_name=_("valid until"), null=True, blank=True)
    public_reason = models.TextField(verbose_name=_("public reason"))
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("declared by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    declared_at = models.DateTimeField(verbose_name=_("declared at"), default=timezone.now)
    lifted_at = models.DateTimeField(verbose_name=_("lifted at"), null=True, blank=True)
    lifted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("lifted by"), null=True,
                                  blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    lift_reason = models.TextField(verbose_name=_("lift reason"), blank=True)

    class Meta:
        verbose_name = _("export halt")
        verbose_name_plural = _("export halts")
        ordering = ["-valid_from"]

    def __str__(self):
        return self.title

    @classmethod
    def in_force(cls, on=None):
        on = on or timezone.localdate()
        return cls.objects.filter(lifted_at__isnull=True, valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on))

    def covers(self, *, control_category: str, destination: str) -> bool:
        return ((not self.control_categories or control_category in self.control_categories)
                and (not self.destinations or destination in self.destinations))


class HaltOverride(models.Model):
    """An approver's written reason to approve one request despite a halt in
    "special approval only" mode."""

    halt = models.ForeignKey(
        ExportHalt, verbose_name=_("halt"), on_delete=models.PROTECT, related_name="overrides"
    )
    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"),
                                on_delete=models.PROTECT,
                                related_name="halt_overrides")
    reason = models.TextField(verbose_name=_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"),
                                   on_delete=models.PROTECT,
                                   related_name="+")
    granted_at = models.DateTimeField(verbose_name=_("granted at"), default=timezone.now)

    class Meta:
        verbose_name = _("halt override")
        verbose_name_plural = _("halt overrides")
        constraints = [models.UniqueConstraint(fields=["halt", "request"],
                                               name="one_override_per_halt_and_request")]

    def __str__(self):
        return f"Override of {self.halt} for request {self.request_id}"
