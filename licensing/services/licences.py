"""Special approval (which issues the licence), the licence's own transitions, and
shipments drawn against it."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from licensing.models import (
    Licence,
    LicenceItem,
    LicenceStatus,
    RequestStatus,
    ScreeningRun,
    Shipment,
    ShipmentItem,
    ShipmentRequest,
)
from licensing.services.audit import record_event
from licensing.services.conditions import resolve_conditions
from licensing.services.delivery import due_date
from licensing.services.errors import (
    InvalidInput,
    NotPermitted,
    TransitionConflict,
    TransitionRefused,
)
from licensing.services.halts import record_overrides
from licensing.services.licence_documents import queue_licence_document
from licensing.services.notifications import notify_on_commit
from licensing.services.requests import _locked, _transition_request
from licensing.services.screening import screen_now, screening_is_stale
from licensing.services.transitions import ensure_transition_allowed, take_transition
from licensing.workflow import guards
from licensing.workflow import permissions as may


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


def grant_special_approval(*, actor, request: ShipmentRequest, valid_until: date | None = None,
                           conditions: list[str] | None = None, reason: str = "",
                           approved_quantities: dict[int, int] | None = None,
                           halt_override_reason: str = "") -> Licence:
    """Special approval: issue the licence. If a reference list changed since the last
    screening, screen again first; new findings then stop the grant until reviewed.
    `conditions` are managed-condition codes or free text; `halt_override_reason` lets an
    approver grant despite export halts in "special approval only" mode."""
    if screening_is_stale(request):
        screen_now(request=request, trigger=ScreeningRun.Trigger.BEFORE_APPROVAL)
    return _grant(actor=actor, request=request, valid_until=valid_until,
                  conditions=conditions or [], reason=reason,
                  approved_quantities=approved_quantities or {},
                  halt_override_reason=halt_override_reason)


@transaction.atomic
def _grant(*, actor, request, valid_until, conditions, reason, approved_quantities,
           halt_override_reason="") -> Licence:
    request = _locked(request)
    conditions = resolve_conditions(conditions)
    today = timezone.localdate()
    valid_until = valid_until or today + timedelta(days=settings.LICENCE_VALIDITY_DAYS)
    if valid_until <= today:
        raise InvalidInput({"valid_until": ["The licence must be valid beyond today."]})
    items = list(request.items.all())
    unknown = set(approved_quantities) - {i.pk for i in items}
    if unknown:
        raise InvalidInput({"approved_quantities": [
            f"Not items of this request: {sorted(unknown)}."]})
    quantities = {i.pk: approved_quantities.get(i.pk, i.quantity) for i in items}
    for item in items:
        if not 0 < quantities[item.pk] <= item.quantity:
            raise InvalidInput({"approved_quantities": [
                f"Approve between 1 and {item.quantity} of '{item.description}'."]})
    record_overrides(actor=actor, request=request, reason=halt_override_reason)
    _transition_request(request, "grant_special_approval", actor=actor,
                        action="request.special_approval_granted", reason=reason,
                        problems=lambda: guards.special_approval_problems(request))
    request.decided_at = timezone.now()
    request.decided_by = actor
    request.decision_reason = reason
    request.save(update_fields=["decided_at", "decided_by", "decision_reason"])
    licence = Licence.objects.create(request=request, valid_from=today, valid_until=valid_until,
                                     conditions=conditions, approved_by=actor,
                                     approval_reason=reason)
    LicenceItem.objects.bulk_create(
        LicenceItem(licence=licence, line_item=item, approved_quantity=quantities[item.pk])
        for item in items
    )
    record_event(actor=actor, action="licence.issued", obj=licence, request=request,
                 after=licence_snapshot(licence), reason=reason)
    queue_licence_document(licence)
    notify_on_commit("request.special_approval_granted", request=request, licence=licence)
    return licence


def _licence_transition(licence, name, *, actor, action, reason, evidence=None):
    licence = Licence.objects.select_related("request").get(pk=licence.pk)
    ensure_transition_allowed(licence, name, actor=actor)
    if not (reason and reason.strip()):
        raise InvalidInput({"reason": ["Give a reason."]})
    before = {"status": licence.status}
    take_transition(licence, name, actor=actor)
    record_event(actor=actor, action=action, obj=licence, request=licence.request,
                 before=before, after={"status": licence.status, **(evidence or {})},
                 reason=reason)
    queue_licence_document(licence)  # a new version showing the status; the old superseded
    notify_on_commit(action, request=licence.request, licence=licence, reason=reason)
    return licence


@transaction.atomic
def suspend_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "suspend", actor=actor, action="licence.suspended",
                               reason=reason)


@transaction.atomic
def suspend_licence_by_system(*, licence: Licence, reason: str,
                              evidence: dict | None = None) -> Licence:
    return _licence_transition(licence, "suspend", actor=None,
                               action="licence.suspended_by_system", reason=reason,
                               evidence=evidence)


@transaction.atomic
def reinstate_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "reinstate", actor=actor, action="licence.reinstated",
                               reason=reason)


@transaction.atomic
def revoke_licence(*, actor, licence: Licence, reason: str) -> Licence:
    return _licence_transition(licence, "revoke", actor=actor, action="licence.revoked",
                               reason=reason)


@transaction.atomic
def expire_licence(*, licence: Licence) -> Licence:
    return _licence_transition(licence, "expire", actor=None, action="licence.expired",
                               reason=f"Validity ended on {licence.valid_until}.")


@transaction.atomic
def record_shipment(*, actor, request: ShipmentRequest, shipped_on: date, carrier: str,
                    customs_declaration: str, quantities: list[tuple[int, int]],
                    route: list[str] | None = None, final: bool = False) -> Shipment:
    """Record one consignment: `quantities` are (line item id, quantity) pairs. The request
    moves to `shipped` when it is the last one (marked by the applicant) or the licence is
    used up."""
    try:
        licence = (Licence.objects.select_for_update().select_related("request")
                   .get(request_id=request.pk))
    except Licence.DoesNotExist:
        raise TransitionConflict("This request has no licence to ship against.") from None
    request = licence.request
    if request.status != RequestStatus.SPECIAL_APPROVAL:
        raise TransitionConflict(
            f"Cannot record a shipment on a request that is {request.get_status_display()}.")
    if not may.is_applicant_of(request, actor):
        raise NotPermitted("Only the licence holder's applicants may record shipments.")
    by_line_item = {i.line_item_id: i.pk for i in licence.items.all()}
    unknown = sorted({item for item, _ in quantities} - set(by_line_item))
    if not quantities or unknown:
        raise InvalidInput({"items": [f"Not items of this licence: {unknown}." if unknown
                                      else "Ship at least one item."]})
    if any(quantity <= 0 for _, quantity in quantities):
        raise InvalidInput({"items": ["Each quantity must be above zero."]})
    by_licence_item: dict[int, int] = {}
    for line_item_id, quantity in quantities:
        key = by_line_item[line_item_id]
        by_licence_item[key] = by_licence_item.get(key, 0) + quantity
    quantities = by_licence_item
    problems = guards.shipment_problems(licence, quantities, shipped_on)
    if problems:
        raise TransitionRefused("Cannot record this shipment.", problems)
    shipment = Shipment.objects.create(licence=licence, shipped_on=shipped_on, carrier=carrier,
                                       customs_declaration=customs_declaration,
                                       route=route or [], is_final=final, recorded_by=actor,
                                       delivery_verification_due_on=due_date(shipped_on))
    for licence_item_id, quantity in quantities.items():
        ShipmentItem.objects.create(shipment=shipment, licence_item_id=licence_item_id,
                                    quantity=quantity)
        LicenceItem.objects.filter(pk=licence_item_id).update(
            shipped_quantity=F("shipped_quantity") + quantity)
    record_event(actor=actor, action="shipment.recorded", obj=shipment, request=request,
                 after={"shipped_on": shipped_on, "carrier": carrier,
                        "customs_declaration": customs_declaration, "quantities": {
                            str(k): v for k, v in quantities.items()},
                        "route": route or [], "final": final})
    exhausted = not licence.items.filter(shipped_quantity__lt=F("approved_quantity")).exists()
    if exhausted:
        _licence_transition(licence, "exhaust", actor=None, action="licence.exhausted",
                            reason="Every approved quantity has been shipped.")
    if final or exhausted:
        request = _locked(request)
        _transition_request(request, "mark_shipped", actor=actor, action="request.shipped")
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
