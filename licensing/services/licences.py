"""The licence's own transitions (suspend, reinstate, revoke, expire, exhaust) and the
shipments drawn against it. Special approval, which issues it, is special_approval.py."""

from datetime import date

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.errors import InvalidInput, TransitionConflict
from licensing.models import (
    AuditAction,
    Licence,
    LicenceItem,
    LicenceStatus,
    RequestStatus,
    Shipment,
    ShipmentItem,
    ShipmentRequest,
)
from licensing.services.audit import record_event
from licensing.services.delivery import due_date
from licensing.services.licence_documents import queue_licence_document
from licensing.services.notifications import notify_on_commit
from licensing.services.requests import lock_request
from licensing.workflow import engine


def licence_snapshot(licence: Licence) -> dict:
    return {
        "number": licence.number,
        "status": licence.status,
        "valid_from": licence.valid_from,
        "valid_until": licence.valid_until,
        "conditions": licence.conditions,
        "items": [{"line_item": i.line_item_id, "approved_quantity": i.approved_quantity,
                   "shipped_quantity": i.shipped_quantity} for i in licence.items.all()],
    }


def _licence_transition(licence, name, *, actor, action, reason, evidence=None):
    licence = Licence.objects.select_for_update().select_related("request").get(pk=licence.pk)
    engine.ensure_allowed(licence, name, actor=actor)
    if not (reason and str(reason).strip()):
        raise InvalidInput({"reason": [_("Give a reason.")]})
    before = {"status": licence.status}
    engine.take(licence, name, actor=actor)
    # The system's reason may be message parts: the event keeps its English and its parts.
    event = record_event(actor=actor, action=action, obj=licence, request=licence.request,
                         before=before, after={"status": licence.status, **(evidence or {})},
                         reason=reason)
    queue_licence_document(licence)  # a new version showing the status; the old superseded
    notify_on_commit(action, request=licence.request, licence=licence, reason=event.reason,
                     reason_parts=(event.after or {}).get("reason_parts"))
    return licence


@transaction.atomic
def suspend_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "suspend", actor=actor,
                               action=AuditAction.LICENCE_SUSPENDED, reason=reason)


@transaction.atomic
def suspend_licence_by_system(*, licence: Licence, reason,
                              evidence: dict | None = None) -> Licence:
    """`reason`: a string, or message parts (screening/checks/text.py) read in each
    reader's language."""
    return _licence_transition(licence, "suspend", actor=None,
                               action=AuditAction.LICENCE_SUSPENDED_BY_SYSTEM, reason=reason,
                               evidence=evidence)


@transaction.atomic
def reinstate_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "reinstate", actor=actor,
                               action=AuditAction.LICENCE_REINSTATED, reason=reason)


@transaction.atomic
def reinstate_licence_by_system(*, licence: Licence, reason,
                                evidence: dict | None = None) -> Licence:
    """What the system suspended (an export halt), the system reinstates when it ends.
    `reason` as for `suspend_licence_by_system`."""
    return _licence_transition(licence, "reinstate", actor=None,
                               action=AuditAction.LICENCE_REINSTATED_BY_SYSTEM, reason=reason,
                               evidence=evidence)


@transaction.atomic
def revoke_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "revoke", actor=actor, action=AuditAction.LICENCE_REVOKED,
                               reason=reason)


@transaction.atomic
def expire_licence(*, licence: Licence) -> Licence:
    return _licence_transition(licence, "expire", actor=None, action=AuditAction.LICENCE_EXPIRED,
                               reason=_("Validity ended on %(date)s.") % {
                                   "date": licence.valid_until})


@transaction.atomic
def record_shipment(*, actor, request: ShipmentRequest, shipped_on: date, carrier: str,
                    customs_declaration: str, quantities: list[tuple[int, int]],
                    route: list[str] | None = None, final: bool = False) -> Shipment:
    """Record one consignment: `quantities` are (line item id, quantity) pairs. The request
    moves to `shipped` when it is the last one (marked by the applicant) or the licence is
    used up; otherwise it stays where it is, ready for the next."""
    request = lock_request(request)
    engine.ensure_allowed(request, "record_shipment", actor=actor)
    licence = Licence.objects.select_for_update().get(request=request)
    by_line_item = {i.line_item_id: i.pk for i in licence.items.all()}
    unknown = sorted({item for item, _quantity in quantities} - set(by_line_item))
    if not quantities or unknown:
        raise InvalidInput({"items": [
            _("Not items of this licence: %(ids)s.") % {"ids": unknown} if unknown
            else _("Ship at least one item.")]})
    if any(quantity <= 0 for _item, quantity in quantities):
        raise InvalidInput({"items": [_("Each quantity must be above zero.")]})
    by_licence_item: dict[int, int] = {}
    for line_item_id, quantity in quantities:
        key = by_line_item[line_item_id]
        by_licence_item[key] = by_licence_item.get(key, 0) + quantity
    remaining = {i.pk: i.remaining_quantity for i in licence.items.all()}
    uses_up = all(by_licence_item.get(pk, 0) >= left for pk, left in remaining.items())
    before = {"status": request.status}
    engine.take(request, "record_shipment", actor=actor,
                inputs={"shipped_on": shipped_on, "quantities": by_licence_item},
                method_arguments={"last": final or uses_up})
    shipment = Shipment.objects.create(licence=licence, shipped_on=shipped_on, carrier=carrier,
                                       customs_declaration=customs_declaration,
                                       route=route or [], is_final=final, recorded_by=actor,
                                       delivery_verification_due_on=due_date(shipped_on))
    for licence_item_id, quantity in by_licence_item.items():
        ShipmentItem.objects.create(shipment=shipment, licence_item_id=licence_item_id,
                                    quantity=quantity)
        LicenceItem.objects.filter(pk=licence_item_id).update(
            shipped_quantity=F("shipped_quantity") + quantity)
    record_event(actor=actor, action=AuditAction.SHIPMENT_RECORDED, obj=shipment,
                 request=request,
                 after={"shipped_on": shipped_on, "carrier": carrier,
                        "customs_declaration": customs_declaration, "quantities": {
                            str(k): v for k, v in by_licence_item.items()},
                        "route": route or [], "final": final})
    if uses_up:
        _licence_transition(licence, "exhaust", actor=None,
                            action=AuditAction.LICENCE_EXHAUSTED,
                            reason=_("Every approved quantity has been shipped."))
    if request.status == RequestStatus.SHIPPED:
        record_event(actor=actor, action=AuditAction.REQUEST_SHIPPED, obj=request,
                     request=request, before=before, after={"status": request.status})
    return shipment


def expire_overdue_licences(on: date | None = None) -> int:
    """Daily: expire every issued or suspended licence past its validity (each in its own
    transaction, so one that changed meanwhile does not stop the rest)."""
    overdue = Licence.objects.filter(status__in=(LicenceStatus.ISSUED, LicenceStatus.SUSPENDED),
                                     valid_until__lt=on or timezone.localdate())
    count = 0
    for licence in overdue:
        try:
            expire_licence(licence=licence)
        except TransitionConflict:
            continue
        count += 1
    return count
