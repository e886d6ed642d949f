"""Countersigning: a grant or denial that a countersigning rule covers takes effect only
when a second approver, who neither took the decision nor verified the end user, signs it.

The deciding service (`grant_special_approval`, `deny_request`) validates everything, moves
the request to "awaiting countersignature" and keeps the decision
(`countersigning_rules.await_countersignature`). The second approver's
`countersign_decision` then makes it take effect with the inputs kept, or
`refuse_countersignature` sends the case back to be decided again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.errors import InvalidInput, TransitionConflict
from licensing.models import (
    AuditAction,
    Criterion,
    DecisionKind,
    PendingDecision,
    ShipmentRequest,
)
from licensing.services import requests as request_services
from licensing.services import special_approval


def _awaiting(request) -> PendingDecision:
    decision = (PendingDecision.objects.select_for_update()
                .filter(request=request, status=PendingDecision.Status.AWAITING).first())
    if decision is None:
        raise TransitionConflict(_("No decision awaits a countersignature on this request."))
    return decision


@transaction.atomic
def countersign_decision(*, actor, request: ShipmentRequest, reason: str = ""):
    """The second approver signs: the grant issues the licence, the denial closes the case.
    Returns the licence or the request."""
    request = request_services.lock_request(request)
    decision = _awaiting(request)
    grant = decision.kind == DecisionKind.GRANT
    if grant and decision.inputs["valid_until"] <= timezone.localdate().isoformat():
        raise InvalidInput({"reason": [_(
            "The licence this grant would issue is no longer valid; refuse the "
            "countersignature so that the grant is decided again.")]})
    request_services.transition_request(request, "countersign", actor=actor,
                       action=AuditAction.DECISION_COUNTERSIGNED, reason=reason,
                       method_arguments={"grant": grant},
                       after_extra={"decision": decision.kind,
                                    "decided_by": decision.decided_by.email,
                                    "countersigning_rule": decision.rule.name})
    decision.status = PendingDecision.Status.COUNTERSIGNED
    decision.countersigned_by = actor
    decision.countersigned_at = timezone.now()
    decision.countersign_reason = reason
    decision.save(update_fields=["status", "countersigned_by", "countersigned_at",
                                 "countersign_reason"])
    if grant:
        return special_approval.issue_licence(request=request, decided_by=decision.decided_by,
                                              reason=decision.reason, grant=decision.inputs,
                                              countersigned_by=actor)
    criteria = list(Criterion.objects.filter(code__in=decision.inputs["criteria"]))
    return request_services.apply_denial(request=request, decided_by=decision.decided_by,
                                         reason=decision.reason, criteria=criteria)


@transaction.atomic
def refuse_countersignature(*, actor, request: ShipmentRequest, reason: str):
    """The second approver does not sign: the decision lapses and the case goes back to the
    step it was decided in."""
    request = request_services.lock_request(request)
    decision = _awaiting(request)
    request_services.transition_request(request, "refuse_countersignature", actor=actor,
                       action=AuditAction.COUNTERSIGNATURE_REFUSED, reason=reason,
                       reason_field="reason", method_arguments={"back_to": decision.returns_to},
                       after_extra={"decision": decision.kind,
                                    "decided_by": decision.decided_by.email})
    decision.status = PendingDecision.Status.REFUSED
    decision.countersigned_by = actor
    decision.countersigned_at = timezone.now()
    decision.countersign_reason = reason
    decision.save(update_fields=["status", "countersigned_by", "countersigned_at",
                                 "countersign_reason"])
    return request
