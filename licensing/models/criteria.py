from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Criterion(models.Model):
    """A ground a decision may rely on: EU Common Position 2008/944/CFSP criteria, Arms
    Trade Treaty articles and national grounds. Seeded by a data migration; managed in admin."""

    class Source(models.TextChoices):
        EU_COMMON_POSITION = "eu_cp", _("EU Common Position 2008/944/CFSP")
        ARMS_TRADE_TREATY = "att", _("Arms Trade Treaty")
        NATIONAL = "national", _("National law")

    code = models.CharField(verbose_name=_("code"), max_length=20, unique=True)
    source = models.CharField(verbose_name=_("source"), max_length=10, choices=Source.choices)
    title = models.CharField(verbose_name=_("title"), max_length=300)
    is_active = models.BooleanField(verbose_name=_("active"), default=True)
    mandatory = models.BooleanField(
        verbose_name=_("mandatory"),
        default=False, help_text=_("Every grant records an assessment of this criterion."))

    class Meta:
        verbose_name = _("criterion")
        ordering = ["source", "code"]
        verbose_name_plural = _("criteria")

    def __str__(self):
        return f"{self.code}: {self.label}"

    @property
    def label(self) -> str:
        """The title in the reader's language: the catalogue's titles are translated
        (licensing/criteria_catalogue.py); one typed in admin shows as typed."""
        return gettext(self.title)
