"""Reference lists the authority maintains: data with history (valid from/to), never
deleted, every change audited and followed by re-screening (see services/reference.py)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class ReferenceListState(models.Model):
    """A version counter per reference list, bumped by every change, so a screening run
    can record which versions it used and tell when it is out of date."""

    list_name = models.CharField(verbose_name=_("list name"), max_length=50, unique=True)
    version = models.PositiveIntegerField(verbose_name=_("version"), default=0)
    changed_at = models.DateTimeField(verbose_name=_("changed at"), default=timezone.now)

    def __str__(self):
        return f"{self.list_name} v{self.version}"


class InForceQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(Q(valid_from__lte=on) | Q(valid_from__isnull=True)).filter(
            Q(valid_until__gte=on) | Q(valid_until__isnull=True)
        )


class AtWarCountry(models.Model):
    """A country the authority designates as at war: exports to it are prohibited by law."""

    LIST_NAME = "at_war"

    country = CountryField(verbose_name=_("country"))
    valid_from = models.DateField(verbose_name=_("valid from"), null=True, blank=True)
    valid_until = models.DateField(verbose_name=_("valid until"), null=True, blank=True)
    basis = models.CharField(verbose_name=_("basis"), max_length=300, blank=True)
    note = models.TextField(verbose_name=_("note"), blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("at-war country")
        ordering = ["country"]
        verbose_name_plural = _("at-war countries")

    def __str__(self):
        return f"{self.country.name} (at war since {self.valid_from})"


class EmbargoScope(models.TextChoices):
    FULL = "full", _("Full")
    FULL_WITH_EXEMPTIONS = "full_with_exemptions", _("Full, with exemptions")
    PARTIAL_GEOGRAPHIC = "partial_geographic", _("Partial (geographic)")
    NON_STATE = "non_state", _("Non-state actors only")
    LISTED_PERSONS = "listed_persons", _("Listed persons only")
    POLITICAL = "political", _("Political (partial)")
    PARTIAL = "partial", _("Partial (other)")


class ArmsEmbargo(models.Model):
    """An arms embargo on a country. Only a full embargo is a prohibition; every other
    scope raises a finding an officer must clear."""

    LIST_NAME = "arms_embargoes"

    class Imposer(models.TextChoices):
        UN = "UN", _("United Nations")
        EU = "EU", _("European Union")
        OSCE = "OSCE", _("OSCE")
        NATIONAL = "national", _("National")

    country = CountryField(verbose_name=_("country"))
    imposer = models.CharField(verbose_name=_("imposer"), max_length=10, choices=Imposer.choices)
    scope = models.CharField(verbose_name=_("scope"), max_length=30, choices=EmbargoScope.choices)
    target_detail = models.TextField(verbose_name=_("target detail"), blank=True)
    legal_basis = models.CharField(verbose_name=_("legal basis"), max_length=300, blank=True)
    status_note = models.TextField(verbose_name=_("status note"), blank=True)
    needs_verification = models.BooleanField(
        verbose_name=_("needs verification"),
        default=False, help_text=_("Seeded from a source the authority has not yet checked.")
    )
    valid_from = models.DateField(verbose_name=_("valid from"), null=True, blank=True)
    valid_until = models.DateField(verbose_name=_("valid until"), null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("arms embargo")
        verbose_name_plural = _("arms embargoes")
        ordering = ["country", "imposer"]

    def __str__(self):
        return f"{self.imposer} {self.get_scope_display().lower()} embargo on {self.country.name}"


class DiversionRiskCountry(models.Model):
    """A country flagged as a diversion risk when it appears on a route."""

    LIST_NAME = "diversion_risk"

    country = CountryField(verbose_name=_("country"))
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    valid_from = models.DateField(verbose_name=_("valid from"), null=True, blank=True)
    valid_until = models.DateField(verbose_name=_("valid until"), null=True, blank=True)

    objects = InForceQuerySet.as_manager()

    class Meta:
        verbose_name = _("diversion-risk country")
        ordering = ["country"]
        verbose_name_plural = _("diversion-risk countries")

    def __str__(self):
        return f"{self.country.name} (diversion risk)"
