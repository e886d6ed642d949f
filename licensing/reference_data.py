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

import threading
import zlib
from collections import defaultdict
from datetime import date
from types import MappingProxyType

from django.conf import settings
from django.db import connection
from django.utils import timezone

from licensing.denied_party_index import (
    denied_party_list_versions,
    live_list_index,
    live_versions_and_key,
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


def load_reference_snapshot(subject: ScreeningSubject | None = None, *,
                            own: tuple | None = None) -> ReferenceSnapshot:
    """Every kind of reference data, in force today. With a subject, the parts that depend
    on the request (false-positive marks for its party names, overdue DVCs of end users in
    its end-user countries, its certificate's other uses) are narrowed to it. `own`: the
    subject request's (organisation id, status, licence status) when the caller has it.

    Three queries give every list's version (the same as `current_list_versions()`): the
    list states, the live denied-party versions (which also key the name index) and the
    export halts in force (read whole; their ids make the halts' version). The country
    lists (at war, embargoes, diversion risk) come from a per-process cache keyed by the
    day and by their lists' states (`country_lists`)."""
    today = timezone.localdate()
    states, rows = _list_states_and_rows()
    denied_versions, live_key = live_versions_and_key()
    halts = export_halts_in_force(today)
    versions = {model.LIST_NAME: 0 for model in REFERENCE_MODELS}
    versions.update((name, version) for name, version, _changed in states)
    versions.update(denied_versions)
    versions.update(_halts_version(halt.halt_id for halt in halts))
    at_war, embargoes, reasons = country_lists(today, states, rows)
    overdue = _overdue_for(subject, states, rows)
    return ReferenceSnapshot(
        versions=versions,
        at_war=at_war,
        embargoes=embargoes,
        diversion_risk=frozenset(reasons),
        diversion_risk_reasons=reasons,
        export_halts=halts,
        overdue_delivery_verifications=overdue,
        denied_parties=denied_party_data(subject, live_key=live_key),
        certificate_register=certificate_register(subject, own=own),
    )


def current_list_versions() -> dict[str, int]:
    """The version of every list screening reads, by name."""
    versions = {model.LIST_NAME: 0 for model in REFERENCE_MODELS}
    # Bumped by every change: admin-edited lists, export halts, overdue DVCs.
    versions.update(ReferenceListState.objects.values_list("list_name", "version"))
    versions.update(denied_party_list_versions())
    versions.update(halts_in_force_version())
    return versions


# --- the country lists, cached per process ---
#
# At-war countries, arms embargoes and diversion-risk countries change only through
# services/reference.py, which bumps the list's ReferenceListState (version and changed_at)
# in the change's transaction. The cache key is the day (entries come into and go out of
# force by date), the (version, changed_at) of each of the three lists as the screening
# transaction reads them, and, against a write that bypasses the service (the shell, a
# test's fixture, a restored backup), each table's row count and highest id, read in the
# same statement. So a change committed by any process is seen by the next run in every
# process, and a version number reused after a rolled-back bump is told apart by its time.
# A save or delete in this process empties the cache as well (licensing/apps.py).

_country_lists_lock = threading.Lock()
_country_lists: tuple | None = None  # (key, (at_war, embargoes, reasons))
COUNTRY_LIST_NAMES = frozenset(model.LIST_NAME for model in REFERENCE_MODELS)


def _list_states_and_rows() -> tuple[list[tuple], tuple]:
    """Every ReferenceListState row (list_name, version, changed_at), and the (list name,
    row count, highest id) of each country list's table: one statement."""
    state_table = ReferenceListState._meta.db_table
    parts = [f"SELECT list_name, version, changed_at, CAST(NULL AS BIGINT), "  # noqa: S608
             f"CAST(NULL AS BIGINT) FROM {state_table}"]
    parts += [f"SELECT %s, NULL, NULL, COUNT(*), MAX(id) FROM {model._meta.db_table}"  # noqa: S608
              for model in REFERENCE_MODELS]
    # The overdue shipments (overdue_shipments()): the guard of their cache below.
    parts.append(f"SELECT %s, NULL, NULL, COUNT(*), MAX(id) "  # noqa: S608
                 f"FROM {Shipment._meta.db_table} WHERE delivery_overdue_flagged_at IS NOT "
                 f"NULL AND delivery_verification_id IS NULL")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts),
                       [*(model.LIST_NAME for model in REFERENCE_MODELS), OVERDUE_ROWS])
        result = cursor.fetchall()
    states, rows = [], []
    for name, version, changed_at, count, highest in result:
        if count is None:
            states.append((name, version, changed_at))
        else:
            rows.append((name, count, highest))
    return states, tuple(sorted(rows))


def country_lists(on: date, states=None, rows=()):
    """(at-war entries, embargo entries, diversion-risk reasons) in force on `on`. `states`
    and `rows`: as `_list_states_and_rows()` returns them, read by the caller."""
    global _country_lists
    if states is None:
        states, rows = _list_states_and_rows()
    key = (on, tuple(sorted(row for row in states if row[0] in COUNTRY_LIST_NAMES)),
           tuple(row for row in rows if row[0] in COUNTRY_LIST_NAMES))
    cached = _country_lists
    if cached is not None and cached[0] == key:
        return cached[1]
    # Shared by every run that hits the cache: entries are frozen, the reasons read-only.
    value = (at_war_entries(on), embargo_entries(on),
             MappingProxyType(diversion_risk_reasons(on)))
    with _country_lists_lock:
        _country_lists = (key, value)
    return value


def forget_country_lists(**_kwargs) -> None:
    global _country_lists, _overdue
    with _country_lists_lock:
        _country_lists = None
        _overdue = None


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
    return _halts_version(ExportHalt.in_force().values_list("pk", flat=True))


def _halts_version(ids) -> dict[str, int]:
    joined = ",".join(str(pk) for pk in sorted(ids))
    return {"export_halts_in_force": zlib.crc32(joined.encode())}


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


# The overdue DVCs, cached per process like the country lists (issue 17, third round):
# every overdue entry, keyed by the overdue list's state (services/delivery.py bumps it, in
# the same transaction, when a DVC becomes overdue or an overdue one arrives) and, against a
# write that bypasses the service, by the count and highest id of the overdue shipments,
# read in the same statement as the lists' states. Narrowed to the subject in Python as
# the query of overdue_delivery_verifications() narrows it (a shipment is kept, with all
# its request's end users, when one of them is in the subject's end-user countries).
OVERDUE_LIST_NAME = "overdue_delivery_verifications"  # services/delivery.py's LIST_NAME
OVERDUE_ROWS = "overdue_shipments"
_overdue: tuple | None = None  # (key, ((shipment id, end-user countries, entries), ...))


def _overdue_for(subject, states, rows) -> tuple[OverdueDelivery, ...]:
    global _overdue
    if subject is None:
        return overdue_delivery_verifications(None)
    key = (tuple(row for row in states if row[0] == OVERDUE_LIST_NAME),
           tuple(row for row in rows if row[0] == OVERDUE_ROWS))
    cached = _overdue
    if cached is None or cached[0] != key:
        by_shipment = []
        for shipment in overdue_shipments().select_related("licence__request") \
                .prefetch_related("licence__request__parties"):
            request = shipment.licence.request
            end_users = [party for party in request.parties.all()
                         if party.role == PartyRole.END_USER]
            by_shipment.append((
                frozenset(str(party.country) for party in end_users),
                tuple(OverdueDelivery(
                    shipment_id=shipment.pk, request_id=request.pk,
                    licence_number=shipment.licence.number, end_user_name=party.name,
                    end_user_country=str(party.country), shipped_on=shipment.shipped_on,
                    due_on=shipment.delivery_verification_due_on) for party in end_users)))
        cached = (key, tuple(by_shipment))
        with _country_lists_lock:
            _overdue = cached
    countries = {str(p.country) for p in subject.parties if p.role == PartyRole.END_USER}
    return tuple(entry for shipment_countries, entries in cached[1]
                 if shipment_countries & countries for entry in entries)


# --- denied parties ---

def denied_party_data(subject: ScreeningSubject | None = None, *,
                      live_key: tuple | None = None) -> DeniedPartyData:
    """The live index, and the false-positive marks for the subject's party names."""
    live = live_list_index(live_key)
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


def certificate_register(subject: ScreeningSubject | None = None, *,
                         own: tuple | None = None) -> CertificateRegister:
    """The subject's certificate as presented on other requests (none without a subject or
    a certificate). `own`: the subject request's (organisation id, status, licence status),
    read here when not given."""
    if subject is None or subject.certificate is None:
        return CertificateRegister(min_remaining_days=settings.EUC_MIN_REMAINING_DAYS)
    certificate = subject.certificate
    if own is None:
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
