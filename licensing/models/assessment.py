"""The officer's criterion-by-criterion assessment of a request: for each criterion of the
catalogue that applies, an outcome, the reasoning and the evidence, for the destination or,
where it matters, for one party or item. Only `licensing.services.assessment` writes it."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models.requests import Document, LineItem, Party, ShipmentRequest


class Assessment(models.Model):
    class Outcome(models.TextChoices):
        NO_CONCERN = "no_concern", _("No concern")
        CONCERN = "concern", _("Concern")
        REFUSAL_GROUND = "refusal_ground", _("Refusal ground")

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="assessments")
    criterion = models.ForeignKey("licensing.Criterion", verbose_name=_("criterion"),
                                  on_delete=models.PROTECT,
                                  related_name="+")
    party = models.ForeignKey(Party, verbose_name=_("party"), null=True, blank=True,
                              on_delete=models.CASCADE,
                              related_name="+")
    item = models.ForeignKey(LineItem, verbose_name=_("item"), null=True, blank=True,
                             on_delete=models.CASCADE,
                             related_name="+")
    outcome = models.CharField(verbose_name=_("outcome"), max_length=20, choices=Outcome.choices)
    reasoning = models.TextField(verbose_name=_("reasoning"))
    documents = models.ManyToManyField(
        Document, verbose_name=_("documents"), blank=True, related_name="+"
    )
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("assessed by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    assessed_at = models.DateTimeField(verbose_name=_("assessed at"), default=timezone.now)

    class Meta:
        ordering = ["criterion__source", "criterion__code", "id"]

    def __str__(self):
        return f"{self.criterion.code}: {self.get_outcome_display()}"

    @property
    def scope_label(self) -> str:
        if self.party_id:
            return str(self.party.name)
        if self.item_id:
            return str(self.item.description)
        return str(_("Destination"))
