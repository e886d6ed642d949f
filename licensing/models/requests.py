"""A shipment request (the application) with its parties, route, items, end-user
certificate and documents. The request's lifecycle is the state machine below."""

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from django_fsm import ConcurrentTransitionMixin, FSMField

from licensing.screening.keys import certificate_number_key
from licensing.workflow.states import OPEN_STATUSES, RequestStatus
from licensing.workflow.transitions import REQUEST, fsm

__all__ = ["OPEN_STATUSES", "RequestStatus"]  # re-exported: the models' public names


class ControlCategory(models.TextChoices):
    """EU Common Military List categories."""

    ML1 = "ML1", _("ML1 Smooth-bore weapons < 20 mm, other arms and automatic weapons ≤ 12.7 mm")
    ML2 = "ML2", _("ML2 Smooth-bore weapons ≥ 20 mm, other weapons > 12.7 mm")
    ML3 = "ML3", _("ML3 Ammunition and fuze setting devices")
    ML4 = "ML4", _("ML4 Bombs, torpedoes, rockets, missiles, other explosive devices")
    ML5 = "ML5", _("ML5 Fire control and related alerting and warning equipment")
    ML6 = "ML6", _("ML6 Ground vehicles and components")
    ML7 = "ML7", _("ML7 Chemical or biological toxic agents, riot control agents")
    ML8 = "ML8", _("ML8 Energetic materials")
    ML9 = "ML9", _("ML9 Vessels of war, special naval equipment")
    ML10 = "ML10", _("ML10 Aircraft, unmanned aerial vehicles, aero-engines")
    ML11 = "ML11", _("ML11 Electronic equipment and spacecraft")
    ML12 = "ML12", _("ML12 High velocity kinetic energy weapon systems")
    ML13 = "ML13", _("ML13 Armoured or protective equipment")
    ML14 = "ML14", _("ML14 Specialised equipment for military training or simulation")
    ML15 = "ML15", _("ML15 Imaging or countermeasure equipment")
    ML16 = "ML16", _("ML16 Forgings, castings and unfinished products")
    ML17 = "ML17", _("ML17 Miscellaneous equipment, materials and libraries")
    ML18 = "ML18", _("ML18 Production equipment")
    ML19 = "ML19", _("ML19 Directed energy weapon systems")
    ML20 = "ML20", _("ML20 Cryogenic and superconductive equipment")
    ML21 = "ML21", _("ML21 Software")
    ML22 = "ML22", _("ML22 Technology")


class ShipmentRequest(ConcurrentTransitionMixin, models.Model):
    """An application to export. Only `licensing.services` change it."""

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="requests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
        related_name="+"
    )
    applicant_reference = models.CharField(verbose_name=_("applicant reference"), max_length=64)
    destination_country = CountryField(verbose_name=_("destination country"))
    end_use = models.TextField(verbose_name=_("end use"))
    status = FSMField(
        verbose_name=_("status"),
        default=RequestStatus.DRAFT, choices=RequestStatus.choices, protected=True, db_index=True
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(
        verbose_name=_("submitted at"),
        null=True, blank=True, db_index=True,
        help_text=_("The first submission: kept when the request is sent back and resubmitted."))
    last_submitted_at = models.DateTimeField(
        verbose_name=_("last submitted at"), null=True, blank=True
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    clock_due_on = models.DateField(
        verbose_name=_("case clock due on"),
        null=True, blank=True, editable=False,
        help_text=_("The day the overall case clock reaches its target (licensing/case_clock.py)"
                    "; empty while the clock stands still or the case is not being decided. "
                    "Kept by licensing.services.clock, so the queue can filter and sort on it."))
    open_findings_count = models.PositiveIntegerField(
        _("open findings"), default=0, editable=False,
        help_text=_("The open (uncleared high or medium) findings of the latest screening run. "
                    "Kept by licensing.services.open_findings, so the queue can sort on it."))
    changes_requested = models.TextField(
        verbose_name=_("changes requested"),
        blank=True, help_text=_("The officer's latest request for changes, shown to the applicant.")
    )
    decision_reason = models.TextField(verbose_name=_("decision reason"), blank=True)
    # A reason the system worded (an automatic denial) as its catalogue sentences and
    # parameters (screening/checks/text.py), shown in the reader's language; a person's
    # reason, and rows from before, have none.
    decision_reason_parts = models.JSONField(
        verbose_name=_("decision reason parts"), null=True, blank=True
    )
    decision_criteria = models.ManyToManyField(
        "licensing.Criterion", verbose_name=_("decision criteria"), blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
        on_delete=models.PROTECT,
        related_name="+", help_text=_("Empty when the system decided."),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "applicant_reference"],
                name="unique_applicant_reference_per_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            # The work queue filtered by destination (state and age narrow it further).
            models.Index(fields=["destination_country", "status", "submitted_at"]),
            # The work queue by due date, and its "overdue" and "due soon" filters.
            models.Index(fields=["status", "clock_due_on"]),
            # The work queue's "most open findings first".
            models.Index(fields=["-open_findings_count", "submitted_at", "id"],
                         name="licensing_s_open_findings_idx"),
        ]
        # The work queue's search (icontains on applicant_reference, Party.name and
        # EndUserCertificate.number) has trigram indexes on PostgreSQL only: migration 0006.

    def __str__(self):
        return f"{self.applicant_reference} to {self.destination_country}"

    # --- the state machine: each transition's rules are its entry in the rulebook
    # (licensing/workflow/transitions.py); only services call these methods ---

    @fsm(REQUEST, "submit")
    def submit(self):
        pass

    @fsm(REQUEST, "request_changes")
    def request_changes(self):
        pass

    @fsm(REQUEST, "withdraw")
    def withdraw(self):
        pass

    @fsm(REQUEST, "deny")
    def deny(self, *, countersigned_later: bool = False):
        """A denial that needs a countersignature waits for it (CountersignRule)."""
        return (RequestStatus.AWAITING_COUNTERSIGNATURE if countersigned_later
                else RequestStatus.DENIED)

    @fsm(REQUEST, "verify_end_user")
    def verify_end_user(self):
        pass

    @fsm(REQUEST, "grant_special_approval")
    def grant_special_approval(self, *, countersigned_later: bool = False):
        """A grant that needs a countersignature waits for it (CountersignRule)."""
        return (RequestStatus.AWAITING_COUNTERSIGNATURE if countersigned_later
                else RequestStatus.SPECIAL_APPROVAL)

    @fsm(REQUEST, "countersign")
    def countersign(self, *, grant: bool):
        return RequestStatus.SPECIAL_APPROVAL if grant else RequestStatus.DENIED

    @fsm(REQUEST, "refuse_countersignature")
    def refuse_countersignature(self, *, back_to: str):
        return back_to

    @fsm(REQUEST, "record_shipment")
    def record_shipment(self, *, last: bool):
        """A consignment; the last one (marked so, or using the licence up) ships it."""
        return RequestStatus.SHIPPED if last else RequestStatus.SPECIAL_APPROVAL

    @fsm(REQUEST, "decide_appeal")
    def decide_appeal(self, *, upheld: bool):
        """Upheld: back to assessment (submitted); dismissed: the denial stands."""
        return RequestStatus.SUBMITTED if upheld else RequestStatus.DENIED

    @property
    def waiting_for_applicant(self) -> bool:
        """Sent back for changes after a submission: a draft that officials still follow."""
        return self.status == RequestStatus.DRAFT and self.submitted_at is not None

    @property
    def shown_decision_reason(self) -> str:
        """The reason of the last decision in the active language if the system worded it,
        else as stored."""
        from licensing.screening.checks.text import render_json

        if self.decision_reason_parts and self.decision_reason:
            return render_json(self.decision_reason_parts)
        return self.decision_reason


class Submission(models.Model):
    """Each time the request was submitted: the clock runs from the first one."""

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="submissions")
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["request", "number"]
        constraints = [models.UniqueConstraint(fields=["request", "number"],
                                               name="unique_submission_number")]

    def __str__(self):
        return f"Submission {self.number} of request {self.request_id}"


class SendBack(models.Model):
    """An official sent the request back for changes: the applicant owes an answer from
    `sent_at` until he resubmits (`answered_at`), and the case's clock stops meanwhile."""

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="send_backs")
    message = models.TextField(verbose_name=_("message"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"),
                                on_delete=models.PROTECT,
                                related_name="+")
    sent_at = models.DateTimeField(verbose_name=_("sent at"), default=timezone.now)
    answered_at = models.DateTimeField(verbose_name=_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["request", "sent_at", "id"]

    def __str__(self):
        return f"Sent back {self.sent_at:%Y-%m-%d} (request {self.request_id})"


class TransitCountry(models.Model):
    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="transit_countries")
    position = models.PositiveSmallIntegerField(verbose_name=_("position"))
    country = CountryField(verbose_name=_("country"))

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["request", "position"],
                                               name="unique_transit_position")]

    def __str__(self):
        return f"{self.position}. {self.country}"


class PartyRole(models.TextChoices):
    END_USER = "end_user", _("End user")
    CONSIGNEE = "consignee", _("Consignee")
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee", _("Intermediate consignee")
    FREIGHT_FORWARDER = "freight_forwarder", _("Freight forwarder")


class EndUserType(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    POLICE = "police", _("Police")
    MANUFACTURER = "manufacturer", _("Manufacturer")
    TRADER_BROKER = "trader_broker", _("Trader or broker")
    OTHER = "other", _("Other")


class Party(models.Model):
    request = models.ForeignKey(
        ShipmentRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(verbose_name=_("role"), max_length=30, choices=PartyRole.choices)
    name = models.CharField(verbose_name=_("name"), max_length=300)
    address = models.TextField(verbose_name=_("address"))
    country = CountryField(verbose_name=_("country"))
    end_user_type = models.CharField(
        verbose_name=_("end-user type"), max_length=20, choices=EndUserType.choices, blank=True
    )
    # a person's date of birth, if the party is one: evidence for or against a list entry
    # that gives one (screening weighs it; docs/screening.md)
    date_of_birth = models.DateField(verbose_name=_("date of birth"), null=True, blank=True)
    # The name folded for search across scripts (transliterate.search_key): "Kalashnikov"
    # finds "Концерн Калашников". Written with the name by services/requests.py.
    search_key = models.CharField(
        verbose_name=_("search key"), max_length=600, blank=True, editable=False
    )

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.get_role_display()}: {self.name}"


class LineItem(models.Model):
    request = models.ForeignKey(
        ShipmentRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="items"
    )
    description = models.CharField(verbose_name=_("description"), max_length=500)
    control_category = models.CharField(
        verbose_name=_("control category"), max_length=5, choices=ControlCategory.choices
    )
    quantity = models.PositiveBigIntegerField(
        verbose_name=_("quantity"), validators=[MinValueValidator(1)]
    )
    unit = models.CharField(verbose_name=_("unit"), max_length=30)
    value = models.DecimalField(verbose_name=_("value"), max_digits=16, decimal_places=2,
                                validators=[MinValueValidator(0)])
    currency = models.CharField(
        verbose_name=_("currency"), max_length=3, validators=[RegexValidator(r"^[A-Z]{3}$")]
    )
    for_assembly_abroad = models.BooleanField(
        verbose_name=_("for assembly abroad"),
        default=False,
        help_text=_("A part or kit for assembly abroad, or for incorporation and onward export."),
    )

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(name="line_item_quantity_positive",
                                              condition=models.Q(quantity__gt=0))]
        # The work queue's category filter: request ids by category from the index alone.
        indexes = [models.Index(fields=["control_category", "request"])]

    def __str__(self):
        return f"{self.quantity} {self.unit} {self.description}"


class EndUserCertificate(models.Model):
    request = models.OneToOneField(ShipmentRequest, verbose_name=_("request"),
                                   on_delete=models.CASCADE,
                                   related_name="end_user_certificate")
    number = models.CharField(verbose_name=_("number"), max_length=100, db_index=True)
    # The number as the register compares it (licensing/screening/keys.py), kept by save()
    # so screening finds the same certificate on other requests by index, not by reading
    # every certificate of the issuing country.
    number_key = models.CharField(
        verbose_name=_("number key"), max_length=100, editable=False, default=""
    )
    issuing_country = CountryField(verbose_name=_("issuing country"))
    issuing_authority = models.CharField(verbose_name=_("issuing authority"), max_length=300)
    issue_date = models.DateField(verbose_name=_("issue date"))
    expiry_date = models.DateField(verbose_name=_("expiry date"), null=True, blank=True)
    non_reexport_clause = models.BooleanField(verbose_name=_("non-re-export clause"))

    class Meta:
        indexes = [models.Index(fields=["issuing_country", "number_key"],
                                name="euc_register_key")]

    def __str__(self):
        return f"EUC {self.number} ({self.issuing_country})"

    def save(self, *args, **kwargs):
        self.number_key = certificate_number_key(self.number)
        if kwargs.get("update_fields") is not None and "number" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "number_key"}
        super().save(*args, **kwargs)


class EndUserCertificateItem(models.Model):
    """A quantity the certificate covers."""

    certificate = models.ForeignKey(EndUserCertificate, verbose_name=_("certificate"),
                                    on_delete=models.CASCADE,
                                    related_name="items")
    control_category = models.CharField(
        verbose_name=_("control category"), max_length=5, choices=ControlCategory.choices
    )
    description = models.CharField(verbose_name=_("description"), max_length=500, blank=True)
    quantity = models.PositiveBigIntegerField(
        verbose_name=_("quantity"), validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"{self.quantity} {self.control_category}"


class DocumentKind(models.TextChoices):
    END_USER_CERTIFICATE = "end_user_certificate", _("End-user certificate")
    DELIVERY_VERIFICATION = "delivery_verification", _("Delivery verification certificate")
    OTHER = "other", _("Other")


def document_path(document, filename):
    # Stored under a random name: the original name is user input and never a path.
    return f"documents/{document.request_id}/{document.sha256[:16]}-{timezone.now():%Y%m%d%H%M%S%f}"


class Document(models.Model):
    """An uploaded file. Never served by URL; views stream it after a permission check."""

    request = models.ForeignKey(ShipmentRequest, verbose_name=_("request"),
                                on_delete=models.CASCADE,
                                related_name="documents")
    kind = models.CharField(verbose_name=_("kind"), max_length=30, choices=DocumentKind.choices)
    file = models.FileField(verbose_name=_("file"), upload_to=document_path)
    original_name = models.CharField(verbose_name=_("original name"), max_length=255)
    content_type = models.CharField(verbose_name=_("content type"), max_length=100)
    size = models.PositiveIntegerField(verbose_name=_("size"))
    sha256 = models.CharField(verbose_name=_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField(verbose_name=_("uploaded at"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"


class EndUserVerification(models.Model):
    """How an officer established that the end user and the EUC are genuine."""

    class Channel(models.TextChoices):
        EMBASSY = "embassy", _("Through our embassy")
        ISSUING_AUTHORITY = "issuing_authority", _("Directly with the issuing authority")
        DIPLOMATIC_NOTE = "diplomatic_note", _("Diplomatic note")
        SITE_VISIT = "site_visit", _("Site visit")
        OTHER = "other", _("Other")

    request = models.OneToOneField(ShipmentRequest, verbose_name=_("request"),
                                   on_delete=models.CASCADE,
                                   related_name="end_user_verification")
    channel = models.CharField(verbose_name=_("channel"), max_length=30, choices=Channel.choices)
    reference = models.CharField(verbose_name=_("reference"), max_length=200)
    verified_on = models.DateField(verbose_name=_("verified on"))
    note = models.TextField(verbose_name=_("note"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"),
                                    on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField(verbose_name=_("recorded at"), default=timezone.now)

    def __str__(self):
        return f"Verified via {self.get_channel_display().lower()} ({self.reference})"
