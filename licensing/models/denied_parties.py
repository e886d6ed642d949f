"""Denied-party and sanctions lists, imported from the publishers' files as versions.

Only one version of each list is live at a time; an import that fails its checks is
recorded as refused and the previous version stays live."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeniedPartyList(models.Model):
    """A list we screen against, e.g. "OFAC SDN" (format ofac) or the national list."""

    class Format(models.TextChoices):
        OFAC = "ofac", _("OFAC SDN (sdn.csv, alt.csv, add.csv)")
        UN = "un", _("UN Security Council consolidated XML")
        CSL = "csl", _("US Consolidated Screening List CSV")
        OPENSANCTIONS = "opensanctions", _("OpenSanctions targets.simple.csv")
        NATIONAL = "national", _("National list CSV")

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    format = models.CharField(_("format"), max_length=20, choices=Format.choices)
    source = models.TextField(
        verbose_name=_("source"),
        blank=True, help_text=_("Paths or URLs the scheduled re-import reads, one per line."))
    is_active = models.BooleanField(verbose_name=_("active"), default=True)
    checked_at = models.DateTimeField(
        verbose_name=_("checked at"),
        null=True, blank=True,
        help_text=_("When the sources were last fetched (imported or found unchanged)."))

    class Meta:
        verbose_name = _("denied-party list")
        verbose_name_plural = _("denied-party lists")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def live_version(self):
        return self.versions.filter(status=DeniedPartyListVersion.Status.LIVE).first()


class DeniedPartyListVersion(models.Model):
    class Status(models.TextChoices):
        LIVE = "live", _("Live")
        SUPERSEDED = "superseded", _("Superseded")
        REFUSED = "refused", _("Refused")

    denied_party_list = models.ForeignKey(DeniedPartyList, verbose_name=_("denied party list"),
                                          on_delete=models.PROTECT,
                                          related_name="versions")
    number = models.PositiveIntegerField(verbose_name=_("number"))
    status = models.CharField(verbose_name=_("status"), max_length=12, choices=Status.choices)
    imported_at = models.DateTimeField(verbose_name=_("imported at"), default=timezone.now)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"),
                                    null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    files = models.JSONField(
        verbose_name=_("files"), default=list, help_text=_("[{name, sha256, size}]")
    )
    entry_count = models.PositiveIntegerField(verbose_name=_("entry count"), default=0)
    alias_count = models.PositiveIntegerField(verbose_name=_("alias count"), default=0)
    added_count = models.PositiveIntegerField(verbose_name=_("added count"), default=0)
    removed_count = models.PositiveIntegerField(verbose_name=_("removed count"), default=0)
    changed_count = models.PositiveIntegerField(verbose_name=_("changed count"), default=0)
    diff = models.JSONField(verbose_name=_("diff"), default=dict, blank=True,
                            help_text=_("Samples of added, removed and changed source ids."))
    refusal_reason = models.TextField(verbose_name=_("refusal reason"), blank=True)

    class Meta:
        verbose_name = _("denied-party list version")
        verbose_name_plural = _("denied-party list versions")
        ordering = ["denied_party_list", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["denied_party_list", "number"],
                                    name="unique_list_version_number"),
            models.UniqueConstraint(fields=["denied_party_list"],
                                    condition=models.Q(status="live"),
                                    name="one_live_version_per_list"),
        ]

    def __str__(self):
        return f"{self.denied_party_list} v{self.number} ({self.status})"


class ListedEntry(models.Model):
    """One listed person, organisation, vessel or aircraft in one version of a list."""

    version = models.ForeignKey(DeniedPartyListVersion, verbose_name=_("version"),
                                on_delete=models.CASCADE,
                                related_name="entries")
    source_id = models.CharField(verbose_name=_("source ID"), max_length=100)
    name = models.TextField(verbose_name=_("name"))
    entity_type = models.CharField(verbose_name=_("entity type"), max_length=12)
    aliases = models.JSONField(verbose_name=_("aliases"), default=list, blank=True)
    countries = models.JSONField(verbose_name=_("countries"), default=list, blank=True)
    programs = models.JSONField(verbose_name=_("programmes"), default=list, blank=True)
    addresses = models.JSONField(verbose_name=_("addresses"), default=list, blank=True)
    remarks = models.TextField(verbose_name=_("remarks"), blank=True)
    source_list = models.CharField(verbose_name=_("source list"), max_length=200, blank=True)
    content_hash = models.CharField(
        verbose_name=_("content hash"), max_length=64, help_text=_("To diff versions cheaply.")
    )

    class Meta:
        verbose_name = _("listed entry")
        ordering = ["id"]
        indexes = [models.Index(fields=["version", "source_id"])]
        verbose_name_plural = _("listed entries")

    def __str__(self):
        return self.name


class FalsePositiveMark(models.Model):
    """An officer's judgement that a list entry is not this party, so it is not raised
    again for that party. Four eyes: it applies at once to the request it was made on, and to
    every other request only once a second official has confirmed it. Reversible; marking,
    confirming and revoking are audited."""

    denied_party_list = models.ForeignKey(DeniedPartyList, verbose_name=_("denied party list"),
                                          on_delete=models.PROTECT,
                                          related_name="+")
    entry_source_id = models.CharField(verbose_name=_("entry source ID"), max_length=100)
    party_name_key = models.CharField(verbose_name=_("party name key"), max_length=300,
                                      help_text=_("The party's normalised name."))
    party_country = models.CharField(verbose_name=_("party country"), max_length=2, blank=True)
    reason = models.TextField(verbose_name=_("reason"))
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked by"),
                                  on_delete=models.PROTECT,
                                  related_name="+")
    marked_at = models.DateTimeField(verbose_name=_("marked at"), default=timezone.now)
    request = models.ForeignKey(
        "licensing.ShipmentRequest", verbose_name=_("request"), on_delete=models.PROTECT, null=True,
        blank=True,
        related_name="+",
        help_text=_("The case it was marked on, where it applies unconfirmed."))
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"),
                                     null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(verbose_name=_("confirmed at"), null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("revoked by"),
                                   null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)
    revocation_reason = models.TextField(verbose_name=_("revocation reason"), blank=True)

    class Meta:
        verbose_name = _("false-positive mark")
        verbose_name_plural = _("false-positive marks")
        ordering = ["-marked_at"]
        indexes = [models.Index(fields=["party_name_key", "entry_source_id"])]

    def __str__(self):
        return f"{self.party_name_key} is not {self.denied_party_list} {self.entry_source_id}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None
