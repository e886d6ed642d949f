"""Reference data for screening and the guards, read through one explicit loader.

`load_reference_snapshot(subject)` reads every kind of reference data a check needs (at-war
countries, arms embargoes, diversion-risk countries and why they are flagged, export halts in
force, overdue delivery verifications, the denied-party lists' live index and false-positive
marks, the certificate register) into a `ReferenceSnapshot` whose fields are all required.
`current_list_versions()` reads the version of every one of those lists, so a screening run
records what it used and is seen to be stale when any of them changes.

Each source is called by name here; nothing registers itself at start-up, so a kind of data
cannot go missing without the snapshot failing to build. Read-only: this module sits below
the services (services, selectors and `licensing/workflow/` may import it; it imports no
service)."""

import zlib
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.utils import timezone

from licensing.denied_party_index import (
    denied_party_list_versions,
    live_list_index,
    marks_in_force_for,
)
from licensing.models import (
    ArmsEmbargo,
    AtWarCountry,
    DiversionRiskCountry,
    EndUserCertificate,
    ExportHalt,
    LicenceStatus,
    PartyRole,
    ReferenceListState,
    RequestStatus,
    Shipment,
    ShipmentRequest,
)
from licensing.screening.checks.certificates import (
    CertificateRegister,
    CertificateUse,
    certificate_number_key,
)
from licensing.screening.checks.delivery import OverdueDelivery
from licensing.screening.checks.halts import HaltEntry
from licensing.screening.checks.parties import DeniedPartyData, screened_names
from licensing.screening.names import normalise_name
from licensing.screening.subject import (
    AtWarEntry,
    EmbargoEntry,
    ReferenceSnapshot,
    ScreeningSubject,
)

# The lists edited in Django admin (services/reference.py): each has a version from the start.
REFERENCE_MODELS = (AtWarCountry, ArmsEmbargo, DiversionRiskCountry)


def load_reference_snapshot(subject: ScreeningSubject | None = None) -> ReferenceSnapshot:
    """Every kind of reference data, in force today. With a subject, the parts that depend
    on the request (false-positive marks for its party names, overdue DVCs of end users in
    its end-user countries, its certificate's other uses) are narrowed to it."""
    today = timezone.localdate()
    reasons = diversion_risk_reasons(today)
    return ReferenceSnapshot(
        versions=current_list_versions(),
        at_war=at_war_entries(today),
        embargoes=embargo_entries(today),
        diversion_risk=frozenset(reasons),
        diversion_risk_reasons=reasons,
        export_halts=export_halts_in_force(today),
        overdue_delivery_verifications=overdue_delivery_verifications(subject),
        denied_parties=denied_party_data(subject),
        certificate_register=certificate_register(subject),
    )


def current_list_versions() -> dict[str, int]:
    """The version of every list screening reads, by name."""
    versions = {model.LIST_NAME: 0 for model in REFERENCE_MODELS}
    # Bumped by every change: admin-edited lists, export halts, overdue DVCs.
    versions.update(ReferenceListState.objects.values_list("list_name", "version"))
    versions.update(denied_party_list_versions())
    versions.update(halts_in_force_version())
    return versions


# --- countries ---

def at_war_entries(on: date) -> tuple[AtWarEntry, ...]:
    return tuple(
        AtWarEntry(entry_id=e.pk, country=str(e.country), since=e.valid_from, basis=e.basis)
        for e in AtWarCountry.objects.in_force(on))


def embargo_entries(on: date) -> tuple[EmbargoEntry, ...]:
    return tuple(
        EmbargoEntry(entry_id=e.pk, country=str(e.country), imposer=e.imposer, scope=e.scope,
                     legal_basis=e.legal_basis, target_detail=e.target_detail)
        for e in ArmsEmbargo.objects.in_force(on))


def diversion_risk_reasons(on: date) -> dict[str, str]:
    """Every country flagged as a diversion risk, with the reason (may be empty)."""
    return {str(country): reason for country, reason in
            DiversionRiskCountry.objects.in_force(on).values_list("country", "reason")}


# --- export halts ---

def export_halts_in_force(on: date | None = None) -> tuple[HaltEntry, ...]:
    return tuple(
        HaltEntry(halt_id=h.pk, title=h.title, mode=h.mode,
                  control_categories=tuple(h.control_categories),
                  destinations=tuple(h.destinations), valid_from=h.valid_from,
                  valid_until=h.valid_until, public_reason=h.public_reason)
        for h in ExportHalt.in_force(on))


def halts_in_force_version() -> dict[str, int]:
    """Changes when a halt comes into force or runs out by date (declaring and lifting also
    bump the list's own version), so screening done before is seen to be out of date."""
    ids = ",".join(str(pk) for pk in ExportHalt.in_force().order_by("pk")
                   .values_list("pk", flat=True))
    return {"export_halts_in_force": zlib.crc32(ids.encode())}


# --- proof of delivery ---

def overdue_shipments():
    """Shipments flagged overdue by the daily job and still without their certificate."""
    return Shipment.objects.filter(delivery_overdue_flagged_at__isnull=False,
                                   delivery_verification__isnull=True)


def overdue_delivery_verifications(
        subject: ScreeningSubject | None = None) -> tuple[OverdueDelivery, ...]:
    """Overdue DVCs, one per end user of the shipment's request; with a subject, only those
    of end users in its end-user countries (names are compared, normalised, by the check)."""
    shipments = overdue_shipments().select_related("licence__request")
    if subject is not None:
        countries = {p.country for p in subject.parties if p.role == PartyRole.END_USER}
        shipments = shipments.filter(licence__request__parties__role=PartyRole.END_USER,
                                     licence__request__parties__country__in=countries
                                     ).distinct()
    entries = []
    for shipment in shipments:
        request = shipment.licence.request
        for party in request.parties.all():
            if party.role != PartyRole.END_USER:
                continue
            entries.append(OverdueDelivery(
                shipment_id=shipment.pk, request_id=request.pk,
                licence_number=shipment.licence.number, end_user_name=party.name,
                end_user_country=str(party.country), shipped_on=shipment.shipped_on,
                due_on=shipment.delivery_verification_due_on))
    return tuple(entries)


# --- denied parties ---

def denied_party_data(subject: ScreeningSubject | None = None) -> DeniedPartyData:
    """The live index, and the false-positive marks for the subject's party names."""
    live = live_list_index()
    suppressed = frozenset()
    if subject is not None:
        keys = {normalise_name(party.name) for party in screened_names(subject)}
        suppressed = frozenset(marks_in_force_for(subject.request_id).filter(
            party_name_key__in=keys).values_list(
            "denied_party_list_id", "entry_source_id", "party_name_key"))
    return DeniedPartyData(index=live.index, entries=live.entries, suppressed=suppressed)


# --- the certificate register ---
#
# Not a table of its own: every request keeps its copy of the end-user certificate, so the
# register is the set of requests whose certificate has the same number (compared without
# case and separators) and issuing country. What each of them draws from the certificate:
#
# - submitted or end-user verified: the requested quantities (reserved while it is decided);
# - special approval with a licence still usable (issued, suspended): the approved quantities;
# - licence ended (revoked, expired, exhausted) or request shipped: what was shipped;
# - denied: nothing (it is listed as a reuse of the number, but takes no quantity).
#
# Withdrawn requests and drafts are not in the register.

DRAWING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED,
                    RequestStatus.AWAITING_COUNTERSIGNATURE, RequestStatus.SPECIAL_APPROVAL,
                    RequestStatus.SHIPPED)
REGISTER_STATUSES = (*DRAWING_STATUSES, RequestStatus.DENIED)
USABLE_LICENCE = (LicenceStatus.ISSUED, LicenceStatus.SUSPENDED)


def certificate_register(subject: ScreeningSubject | None = None) -> CertificateRegister:
    """The subject's certificate as presented on other requests (none without a subject or
    a certificate)."""
    if subject is None or subject.certificate is None:
        return CertificateRegister(min_remaining_days=settings.EUC_MIN_REMAINING_DAYS)
    certificate = subject.certificate
    own = (ShipmentRequest.objects.filter(pk=subject.request_id)
           .values_list("organisation_id", "status", "licence__status").first())
    organisation_id, status, licence_status = own or (None, None, None)
    # By the stored key (index euc_register_key): the cost does not grow with the register.
    uses = tuple(_use(euc, organisation_id) for euc in EndUserCertificate.objects
                 .filter(issuing_country=certificate.issuing_country,
                         number_key=certificate_number_key(certificate.number),
                         request__status__in=REGISTER_STATUSES)
                 .exclude(request_id=subject.request_id).order_by("request_id")
                 .select_related("request__organisation")
                 .prefetch_related("items", "request__items"))
    return CertificateRegister(
        uses=uses,
        min_remaining_days=settings.EUC_MIN_REMAINING_DAYS,
        licence_issued=status in (RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED)
        and licence_status is not None,
    )


def _use(euc: EndUserCertificate, organisation_id) -> CertificateUse:
    request = euc.request
    return CertificateUse(
        request_id=request.pk,
        reference=request.applicant_reference,
        organisation=request.organisation.name,
        same_organisation=request.organisation_id == organisation_id,
        status=request.status,
        number=euc.number,
        issue_date=euc.issue_date,
        expiry_date=euc.expiry_date,
        non_reexport_clause=euc.non_reexport_clause,
        certificate_quantities=tuple((i.control_category, i.quantity) for i in euc.items.all()),
        drawn=_drawn(request),
    )


def _drawn(request: ShipmentRequest) -> tuple[tuple[str, int], ...]:
    if request.status not in DRAWING_STATUSES:
        return ()
    licence = getattr(request, "licence", None) if request.status in (
        RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED) else None
    totals: dict[str, int] = defaultdict(int)
    if licence is None:
        for item in request.items.all():
            totals[item.control_category] += item.quantity
    else:
        usable = licence.status in USABLE_LICENCE and request.status != RequestStatus.SHIPPED
        for item in licence.items.select_related("line_item"):
            quantity = item.approved_quantity if usable else item.shipped_quantity
            totals[item.line_item.control_category] += quantity
    return tuple((category, quantity) for category, quantity in sorted(totals.items())
                 if quantity)
