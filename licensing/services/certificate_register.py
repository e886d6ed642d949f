"""Data for the certificate and route checks, read from the database for one screening run
(SNAPSHOT_EXTENDERS, registered in licensing/apps.py).

The certificate register is not a table of its own: every request keeps its copy of the
end-user certificate, so the register is the set of requests whose certificate has the same
number (compared without case and separators) and issuing country. What each of them draws
from the certificate:

- submitted or end-user verified: the requested quantities (reserved while it is decided);
- special approval with a licence still usable (issued, suspended): the approved quantities;
- licence ended (revoked, expired, exhausted) or request shipped: what was shipped;
- denied: nothing (it is listed as a reuse of the number, but takes no quantity).

Withdrawn requests and drafts are not in the register.
"""

from collections import defaultdict

from django.conf import settings

from licensing.models import (
    DiversionRiskCountry,
    EndUserCertificate,
    LicenceStatus,
    RequestStatus,
    ShipmentRequest,
)
from licensing.screening.checks.certificates import (
    CERTIFICATE_REGISTER,
    CertificateRegister,
    CertificateUse,
    certificate_number_key,
)
from licensing.screening.checks.route import DIVERSION_RISK_REASONS

DRAWING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED,
                    RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED)
REGISTER_STATUSES = (*DRAWING_STATUSES, RequestStatus.DENIED)
USABLE_LICENCE = (LicenceStatus.ISSUED, LicenceStatus.SUSPENDED)


def certificate_register_snapshot(subject=None) -> dict:
    if subject is None or subject.certificate is None:
        return {}
    certificate = subject.certificate
    own = (ShipmentRequest.objects.filter(pk=subject.request_id)
           .values_list("organisation_id", "status", "licence__status").first())
    organisation_id, status, licence_status = own or (None, None, None)
    wanted = certificate_number_key(certificate.number)
    candidates = [
        pk for pk, number in EndUserCertificate.objects.filter(
            issuing_country=certificate.issuing_country,
            request__status__in=REGISTER_STATUSES,
        ).exclude(request_id=subject.request_id).values_list("pk", "number")
        if certificate_number_key(number) == wanted
    ]
    uses = tuple(_use(euc, organisation_id) for euc in EndUserCertificate.objects
                 .filter(pk__in=candidates).order_by("request_id")
                 .select_related("request__organisation")
                 .prefetch_related("items", "request__items"))
    register = CertificateRegister(
        uses=uses,
        min_remaining_days=settings.EUC_MIN_REMAINING_DAYS,
        licence_issued=status in (RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED)
        and licence_status is not None,
    )
    return {CERTIFICATE_REGISTER: register}


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


def diversion_risk_snapshot(subject=None) -> dict:
    """The reasons countries are flagged, for the route check's messages."""
    from django.utils import timezone

    reasons = {str(country): reason for country, reason in
               DiversionRiskCountry.objects.in_force(timezone.localdate())
               .values_list("country", "reason")}
    return {DIVERSION_RISK_REASONS: reasons} if reasons else {}


def register() -> None:
    from licensing.services import screening

    for extender in (certificate_register_snapshot, diversion_risk_snapshot):
        if extender not in screening.SNAPSHOT_EXTENDERS:
            screening.SNAPSHOT_EXTENDERS.append(extender)
