"""Proof of delivery: each shipment owes a delivery verification certificate (DVC) within
DVC_DUE_DAYS of its date. The applicant attaches it to the shipment; a daily Celery beat
job flags the overdue ones (audited, officials and applicant notified); while one is
overdue, screening raises a high finding on every request naming that end user."""

import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import policy
from licensing.errors import NotPermitted, TransitionConflict
from licensing.models import AuditAction, DocumentKind, Shipment, ShipmentRequest
from licensing.reference_data import OVERDUE_LIST_NAME, overdue_shipments
from licensing.services.audit import record_event
from licensing.services.documents import upload_document
from licensing.services.notifications import notify_on_commit
from licensing.services.reference import bump_list_version, schedule_continuous_screening

logger = logging.getLogger(__name__)

# Bumped when a DVC becomes overdue or an overdue one arrives: screening is out of date.
LIST_NAME = OVERDUE_LIST_NAME  # also the key of the screening cache (reference_data)


def due_date(shipped_on: date) -> date:
    return shipped_on + timedelta(days=settings.DVC_DUE_DAYS)


def get_shipment(request: ShipmentRequest, shipment_id) -> Shipment:
    from django.http import Http404

    try:
        return Shipment.objects.select_related("licence__request").get(
            pk=shipment_id, licence__request=request)
    except (Shipment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such shipment.") from None


@transaction.atomic
def attach_delivery_verification(*, actor, shipment: Shipment, name: str,
                                 data: bytes) -> Shipment:
    """The applicant's proof that a shipment arrived: stored as a document of the request
    (kind delivery_verification) and linked to the shipment, in one transaction."""
    request = shipment.licence.request
    if not policy.belongs_to(actor, request.organisation_id):
        raise NotPermitted(_("Only the licence holder's applicants may upload delivery proof."))
    shipment = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if shipment.delivery_verification_id is not None:
        raise TransitionConflict(_("This shipment's delivery verification certificate has "
                                 "already been received."))
    document = upload_document(actor=actor, request=request,
                               kind=DocumentKind.DELIVERY_VERIFICATION, name=name, data=data)
    was_overdue = shipment.delivery_overdue_flagged_at is not None
    shipment.delivery_verification = document
    shipment.delivery_verified_at = timezone.now()
    shipment.save(update_fields=["delivery_verification", "delivery_verified_at"])
    record_event(actor=actor, action=AuditAction.SHIPMENT_DELIVERY_VERIFIED, obj=shipment,
                 request=request,
                 after={"document": document.pk, "sha256": document.sha256,
                        "due_on": shipment.delivery_verification_due_on,
                        "was_overdue": was_overdue})
    if was_overdue:
        bump_list_version(LIST_NAME)
        schedule_continuous_screening(reason=f"overdue DVC of shipment {shipment.pk} arrived")
    return shipment


def flag_overdue_delivery_verifications(today: date | None = None) -> list[int]:
    """Daily: flag each shipment whose DVC is past due (once), audit it, and notify the
    applicant and the officials; then re-screen what is open. Idempotent."""
    today = today or timezone.localdate()
    due = list(Shipment.objects.filter(
        delivery_verification__isnull=True, delivery_overdue_flagged_at__isnull=True,
        delivery_verification_due_on__lt=today).values_list("pk", flat=True))
    flagged = []
    for shipment_id in due:
        with transaction.atomic():
            shipment = (Shipment.objects.select_for_update().select_related("licence__request")
                        .get(pk=shipment_id))
            if (shipment.delivery_overdue_flagged_at is not None
                    or shipment.delivery_verification_id is not None):
                continue
            shipment.delivery_overdue_flagged_at = timezone.now()
            shipment.save(update_fields=["delivery_overdue_flagged_at"])
            request = shipment.licence.request
            record_event(actor=None, action=AuditAction.SHIPMENT_DELIVERY_VERIFICATION_OVERDUE,
                         obj=shipment, request=request,
                         after={"shipped_on": shipment.shipped_on,
                                "due_on": shipment.delivery_verification_due_on,
                                "licence": shipment.licence.number},
                         reason=f"No delivery verification certificate by "
                                f"{shipment.delivery_verification_due_on}.")
            notify_on_commit("shipment.delivery_verification_overdue", request=request,
                             shipment=shipment)
            flagged.append(shipment_id)
    if flagged:
        with transaction.atomic():
            bump_list_version(LIST_NAME)
            schedule_continuous_screening(reason=f"{len(flagged)} DVC(s) overdue")
        logger.info("Flagged %d overdue delivery verification(s)", len(flagged))
    return flagged


def overdue_for_officials(user):
    """What officials see: every overdue DVC, oldest first."""
    if not policy.may_see_overdue_deliveries(user):
        raise NotPermitted(_("Only officials see overdue delivery verifications."))
    return (overdue_shipments().select_related("licence__request__organisation")
            .order_by("delivery_verification_due_on", "pk"))
