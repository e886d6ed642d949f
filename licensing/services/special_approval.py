"""Special approval: the approving authority's final consent, which issues the licence."""

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.errors import InvalidInput
from licensing.models import (
    AuditAction,
    DecisionKind,
    Licence,
    LicenceItem,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.services import countersigning_rules
from licensing.services.audit import record_event
from licensing.services.conditions import resolve_conditions
from licensing.services.consultation import attach_provisos, record_override
from licensing.services.halts import record_overrides
from licensing.services.licence_documents import queue_licence_document
from licensing.services.licences import licence_snapshot
from licensing.services.notifications import notify_on_commit
from licensing.services.requests import lock_request, transition_request
from licensing.services.screening import screen_now, screening_is_stale
from licensing.workflow import engine, guards


def grant_special_approval(*, actor, request: ShipmentRequest, valid_until: date | None = None,
                           conditions: list[str] | None = None, reason: str = "",
                           approved_quantities: dict[int, int] | None = None,
                           halt_override_reason: str = "",
                           consultation_override_reason: str = "") -> Licence | None:
    """Issue the licence. If a reference list changed since the last screening, screen
    again first; new findings then stop the grant until reviewed. `conditions` are
    managed-condition codes or free text; `halt_override_reason` lets an approver grant
    despite export halts in "special approval only" mode; `consultation_override_reason`
    despite a missing consent or a standing objection (recorded as an override). The
    consulted bodies' provisos in force become conditions of the licence. Where a
    countersigning rule applies, nothing is issued yet (None): the decision waits for a
    second approver (`countersigning.countersign_decision`)."""
    if screening_is_stale(request):
        screen_now(request=request, trigger=ScreeningRun.Trigger.BEFORE_APPROVAL)
    return _grant(actor=actor, request=request, valid_until=valid_until,
                  conditions=conditions or [], reason=reason,
                  approved_quantities=approved_quantities or {},
                  halt_override_reason=halt_override_reason,
                  consultation_override_reason=consultation_override_reason)


def _approved_quantities(items, approved_quantities) -> dict[int, int]:
    unknown = set(approved_quantities) - {i.pk for i in items}
    if unknown:
        raise InvalidInput({"approved_quantities": [
            _("Not items of this request: %(ids)s.") % {"ids": sorted(unknown)}]})
    quantities = {i.pk: approved_quantities.get(i.pk, i.quantity) for i in items}
    for item in items:
        if not 0 < quantities[item.pk] <= item.quantity:
            raise InvalidInput({"approved_quantities": [
                _("Approve between 1 and %(max)s of “%(description)s”.") % {
                    "max": item.quantity, "description": item.description}]})
    return quantities


@transaction.atomic
def _grant(*, actor, request, valid_until, conditions, reason, approved_quantities,
           halt_override_reason="", consultation_override_reason="") -> Licence | None:
    request = lock_request(request)
    conditions = resolve_conditions(conditions)
    today = timezone.localdate()
    valid_until = valid_until or today + timedelta(days=settings.LICENCE_VALIDITY_DAYS)
    if valid_until <= today:
        raise InvalidInput({"valid_until": [_("The licence must be valid beyond today.")]})
    items = list(request.items.all())
    quantities = _approved_quantities(items, approved_quantities)
    record_overrides(actor=actor, request=request, reason=halt_override_reason)
    unmet = guards.consultation_unmet(engine.facts_for(request, actor=actor))
    rule = countersigning_rules.rule_requiring(request, kind=DecisionKind.GRANT)
    transition_request(request, "grant_special_approval", actor=actor,
                       action=(AuditAction.REQUEST_SPECIAL_APPROVAL_GRANTED if rule is None
                               else AuditAction.DECISION_AWAITING_COUNTERSIGNATURE),
                       reason=reason,
                       inputs={"halt_override_reason": halt_override_reason,
                               "consultation_override_reason": consultation_override_reason},
                       method_arguments={"countersigned_later": rule is not None},
                       after_extra={"decision": DecisionKind.GRANT,
                                    "countersigning_rule": rule.name if rule else None})
    record_override(actor=actor, request=request, reason=consultation_override_reason,
                    unmet=unmet)
    grant = {"valid_until": valid_until.isoformat(), "conditions": conditions,
             "approved_quantities": {str(pk): q for pk, q in quantities.items()}}
    if rule is not None:
        countersigning_rules.await_countersignature(actor=actor, request=request, rule=rule,
                                              kind=DecisionKind.GRANT, reason=reason,
                                              inputs=grant,
                                              returns_to=RequestStatus.END_USER_VERIFIED)
        return None
    return issue_licence(request=request, decided_by=actor, reason=reason, grant=grant)


def issue_licence(*, request, decided_by, reason: str, grant: dict,
                  countersigned_by=None) -> Licence:
    """The grant takes effect: the licence, its items and provisos, its document. Called by
    the grant itself, or by the countersignature it waited for (inside its transaction)."""
    actor = countersigned_by or decided_by
    today = timezone.localdate()
    request.decided_at = timezone.now()
    request.decided_by = decided_by
    request.decision_reason = reason
    request.decision_reason_parts = None  # a person's reason, not the system's
    request.save(update_fields=["decided_at", "decided_by", "decision_reason",
                                "decision_reason_parts"])
    quantities = {int(pk): q for pk, q in grant["approved_quantities"].items()}
    licence = Licence.objects.create(
        request=request, valid_from=today,
        valid_until=date.fromisoformat(grant["valid_until"]), conditions=grant["conditions"],
        approved_by=decided_by, countersigned_by=countersigned_by, approval_reason=reason)
    LicenceItem.objects.bulk_create(
        LicenceItem(licence=licence, line_item=item, approved_quantity=quantities[item.pk])
        for item in request.items.all()
    )
    attach_provisos(licence=licence)
    record_event(actor=actor, action=AuditAction.LICENCE_ISSUED, obj=licence, request=request,
                 after=licence_snapshot(licence), reason=reason)
    queue_licence_document(licence)
    notify_on_commit("request.special_approval_granted", request=request, licence=licence)
    return licence
