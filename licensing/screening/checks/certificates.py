"""End-user certificate checks: validity, issuer, quantities, the non-re-export clause, and
the certificate register (the same EUC presented on other requests, its quantities drawn
down across them).

Falsified and recycled EUCs are how the goods in the inspiring case reached a country at
war, so a certificate problem is HIGH when it points at a false or overused certificate
(expired, issued by another country than the end user's, quantities beyond it, used up by
other requests, presented elsewhere by another exporter or with other details) and MEDIUM
when it is a weakness an officer can resolve with the issuer (expiring too soon to be
used, dated in the future, no non-re-export clause, re-presented by the same exporter).

The register data comes in `reference.certificate_register` (a `CertificateRegister`, put
there by licensing/reference_data.py); the checks stay pure.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_noop

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import T as _
from licensing.screening.checks.text import join
from licensing.screening.keys import certificate_number_key  # noqa: F401 - also imported from here
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

HIGH = "high"
MEDIUM = "medium"
DEFAULT_MIN_REMAINING_DAYS = 60
# A request's state as the register message names it (licensing.workflow.states).
USE_STATUSES = {"draft": gettext_noop("draft"), "submitted": gettext_noop("submitted"),
                "end_user_verified": gettext_noop("end user verified"),
                "awaiting_countersignature": gettext_noop("awaiting countersignature"),
                "special_approval": gettext_noop("special approval"),
                "shipped": gettext_noop("shipped"), "denied": gettext_noop("denied"),
                "withdrawn": gettext_noop("withdrawn")}


@dataclass(frozen=True)
class CertificateUse:
    """Another request on which the same certificate (number and issuing country) was
    presented."""

    request_id: int
    reference: str
    organisation: str
    same_organisation: bool
    status: str
    number: str
    issue_date: date | None = None
    expiry_date: date | None = None
    non_reexport_clause: bool | None = None
    certificate_quantities: tuple[tuple[str, int], ...] = ()  # as that request recorded it
    # What it takes from the certificate, by control category: the requested quantities
    # while pending, the approved ones once a usable licence is issued, the shipped ones
    # after the licence ended. Empty for requests that take nothing (denied).
    drawn: tuple[tuple[str, int], ...] = ()

    @property
    def draws_down(self) -> bool:
        return bool(self.drawn)


@dataclass(frozen=True)
class CertificateRegister:
    uses: tuple[CertificateUse, ...] = ()
    min_remaining_days: int = DEFAULT_MIN_REMAINING_DAYS
    # Once the licence is issued, "too soon to be used" no longer applies: only expiry does.
    licence_issued: bool = False


def _register(reference: ReferenceSnapshot) -> CertificateRegister:
    return reference.certificate_register


def _totals(pairs) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for category, quantity in pairs:
        totals[category] += quantity
    return dict(totals)


def _evidence(subject: ScreeningSubject, rule: str, **more) -> dict:
    certificate = subject.certificate
    return {"rule": rule, "certificate": {
        "number": certificate.number, "issuing_country": certificate.issuing_country,
        "issue_date": certificate.issue_date.isoformat(),
        "expiry_date": certificate.expiry_date.isoformat() if certificate.expiry_date else None,
    }, **more}


def check_certificate_validity(subject: ScreeningSubject,
                               reference: ReferenceSnapshot) -> list[FindingDraft]:
    """Expired on the screening date (HIGH); dated in the future or expiring before a
    licence and shipment are plausible (MEDIUM)."""
    certificate = subject.certificate
    if certificate is None:
        return []
    register = _register(reference)
    on = subject.on
    findings = []
    if certificate.issue_date > on:
        findings.append(FindingDraft(
            check_name="euc_dated_in_future", severity=MEDIUM,
            message=_("The end-user certificate %(number)s is dated %(issued)s, after the "
                      "screening date %(on)s.", number=certificate.number,
                      issued=str(certificate.issue_date), on=str(on)),
            key=(certificate.number, certificate.issue_date.isoformat()),
            evidence=_evidence(subject, "euc_dated_in_future", on=on.isoformat())))
    expiry = certificate.expiry_date
    if expiry is None:
        return findings
    if expiry < on:
        findings.append(FindingDraft(
            check_name="euc_expired", severity=HIGH,
            message=_("The end-user certificate %(number)s expired on %(expiry)s.",
                      number=certificate.number, expiry=str(expiry)),
            key=(certificate.number, expiry.isoformat()),
            evidence=_evidence(subject, "euc_expired", on=on.isoformat())))
    elif not register.licence_issued and expiry < on + timedelta(
            days=register.min_remaining_days):
        findings.append(FindingDraft(
            check_name="euc_expires_soon", severity=MEDIUM,
            message=_("The end-user certificate %(number)s expires on %(expiry)s, within "
                      "%(days)s days: too soon for a licence to be issued and the goods "
                      "shipped under it.", number=certificate.number, expiry=str(expiry),
                      days=register.min_remaining_days),
            key=(certificate.number, expiry.isoformat()),
            evidence=_evidence(subject, "euc_expires_soon", on=on.isoformat(),
                               min_remaining_days=register.min_remaining_days)))
    return findings


def check_certificate_issuer(subject: ScreeningSubject,
                             reference: ReferenceSnapshot) -> list[FindingDraft]:
    """An EUC is issued by the end user's own government; another country's is a sign of
    a false certificate or of goods meant for somebody else (HIGH)."""
    certificate = subject.certificate
    if certificate is None:
        return []
    findings = []
    for party in subject.parties:
        if party.role != "end_user" or party.country == certificate.issuing_country:
            continue
        findings.append(FindingDraft(
            check_name="euc_issuer_country", severity=HIGH,
            message=_("The end-user certificate %(number)s was issued by %(issuer)s, but "
                      "the end user '%(name)s' is in %(country)s.",
                      number=certificate.number, issuer=certificate.issuing_country,
                      name=party.name, country=party.country),
            key=(certificate.number, certificate.issuing_country, party.country, party.name),
            evidence=_evidence(subject, "euc_issuer_country", end_user=party.name,
                               end_user_country=party.country)))
    return findings


def check_certificate_quantities(subject: ScreeningSubject,
                                 reference: ReferenceSnapshot) -> list[FindingDraft]:
    """Every requested quantity must be covered by the certificate, per control category
    (HIGH when above it or not covered at all)."""
    certificate = subject.certificate
    if certificate is None:
        return []
    covered = _totals(certificate.quantities)
    requested = _totals((item.control_category, item.quantity) for item in subject.items)
    findings = []
    for category, quantity in sorted(requested.items()):
        allowed = covered.get(category, 0)
        if quantity <= allowed:
            continue
        if allowed:
            message = _("The request asks for %(quantity)s in %(category)s, but the end-user "
                        "certificate %(number)s covers only %(allowed)s.", quantity=quantity,
                        category=category, number=certificate.number, allowed=allowed)
        else:
            message = _("The request asks for %(quantity)s in %(category)s, but the end-user "
                        "certificate %(number)s covers nothing in that category.",
                        quantity=quantity, category=category, number=certificate.number)
        findings.append(FindingDraft(
            check_name="euc_quantity_exceeded", severity=HIGH, message=message,
            key=(certificate.number, category, quantity, allowed),
            evidence=_evidence(subject, "euc_quantity_exceeded", category=category,
                               requested=quantity, certificate_quantity=allowed)))
    return findings


def check_non_reexport_clause(subject: ScreeningSubject,
                              reference: ReferenceSnapshot) -> list[FindingDraft]:
    """Without the end user's undertaking not to re-export, nothing binds the goods to the
    declared end user (MEDIUM: the issuer can be asked for it)."""
    certificate = subject.certificate
    if certificate is None or certificate.non_reexport_clause:
        return []
    return [FindingDraft(
        check_name="euc_no_reexport_clause", severity=MEDIUM,
        message=_("The end-user certificate %(number)s has no non-re-export clause.",
                  number=certificate.number),
        key=(certificate.number,),
        evidence=_evidence(subject, "euc_no_reexport_clause"))]


def _use(use, differs_in):
    """One other request a certificate was presented on, as the message lists it."""
    status = (_(USE_STATUSES[use.status]) if use.status in USE_STATUSES
              else use.status.replace("_", " "))
    if differs_in:
        return _("%(reference)s (%(organisation)s, %(status)s, differs in %(fields)s)",
                 reference=use.reference, organisation=use.organisation, status=status,
                 fields=join([_(d) for d in differs_in], ", "))
    return _("%(reference)s (%(organisation)s, %(status)s)", reference=use.reference,
             organisation=use.organisation, status=status)


def check_certificate_register(subject: ScreeningSubject,
                               reference: ReferenceSnapshot) -> list[FindingDraft]:
    """The same certificate on other requests: reuse (MEDIUM when the same exporter
    presented it with the same details, HIGH when another exporter did or the details
    differ), and the quantities drawn down across all of them (HIGH when this request
    takes the certificate beyond what it covers)."""
    certificate = subject.certificate
    if certificate is None:
        return []
    uses = _register(reference).uses
    if not uses:
        return []
    findings = []
    differing = {use.request_id: _differences(certificate, use) for use in uses}
    others = [use for use in uses if not use.same_organisation]
    severity = HIGH if others or any(differing.values()) else MEDIUM
    listed = join([_use(use, differing[use.request_id]) for use in uses], "; ")
    findings.append(FindingDraft(
        check_name="euc_reused", severity=severity,
        message=_("The end-user certificate %(number)s (%(issuer)s) was also presented on "
                  "%(count)s other request(s): %(listed)s.", number=certificate.number,
                  issuer=certificate.issuing_country, count=len(uses), listed=listed),
        key=(certificate_number_key(certificate.number), certificate.issuing_country,
             tuple(sorted(use.request_id for use in uses))),
        evidence=_evidence(subject, "euc_reused", other_requests=[
            {"request_id": use.request_id, "reference": use.reference,
             "organisation": use.organisation, "same_organisation": use.same_organisation,
             "status": use.status, "differs_in": differing[use.request_id]}
            for use in uses])))

    covered = _totals(certificate.quantities)
    requested = _totals((item.control_category, item.quantity) for item in subject.items)
    drawn_by_others: dict[str, int] = defaultdict(int)
    for use in uses:
        for category, quantity in use.drawn:
            drawn_by_others[category] += quantity
    for category, quantity in sorted(requested.items()):
        drawn = drawn_by_others.get(category, 0)
        allowed = covered.get(category, 0)
        if not drawn or drawn + quantity <= allowed:
            continue
        remaining = max(allowed - drawn, 0)
        findings.append(FindingDraft(
            check_name="euc_drawn_down", severity=HIGH,
            message=_("The end-user certificate %(number)s covers %(allowed)s in "
                      "%(category)s; other requests already draw %(drawn)s from it, leaving "
                      "%(remaining)s, and this request asks for %(quantity)s.",
                      number=certificate.number, allowed=allowed, category=category,
                      drawn=drawn, remaining=remaining, quantity=quantity),
            key=(certificate_number_key(certificate.number), certificate.issuing_country,
                 category, drawn, quantity, allowed),
            evidence=_evidence(subject, "euc_drawn_down", category=category,
                               certificate_quantity=allowed, drawn_by_others=drawn,
                               remaining=remaining, requested=quantity, drawn_by=[
                                   {"request_id": use.request_id, "reference": use.reference,
                                    "quantity": _totals(use.drawn).get(category, 0)}
                                   for use in uses if _totals(use.drawn).get(category)])))
    return findings


def _differences(certificate, use: CertificateUse) -> list[str]:
    """Fields in which another request's copy of the certificate differs from this one:
    two versions of one certificate mean at least one is not genuine."""
    differences = []
    if use.issue_date is not None and use.issue_date != certificate.issue_date:
        differences.append(gettext_noop("issue date"))
    if use.expiry_date != certificate.expiry_date and use.issue_date is not None:
        differences.append(gettext_noop("expiry date"))
    if use.non_reexport_clause is not None and \
            use.non_reexport_clause != certificate.non_reexport_clause:
        differences.append(gettext_noop("non-re-export clause"))
    if use.certificate_quantities and \
            _totals(use.certificate_quantities) != _totals(certificate.quantities):
        differences.append(gettext_noop("quantities"))
    return differences
