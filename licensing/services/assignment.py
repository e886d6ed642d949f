"""Who holds a case: an officer takes an unassigned case himself; a senior approver assigns
any case to any caseworker; taking a case from its holder is a reassignment and needs a
reason. Each change is one audit event."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import AuditAction, CaseAssignment, ShipmentRequest
from licensing.models.requests import OPEN_STATUSES, RequestStatus
from licensing.services.audit import record_event

# A case can be held while it is being decided, while it waits for the applicant (sent
# back for changes) and while it is under appeal.
ASSIGNABLE_STATUSES = (*OPEN_STATUSES, RequestStatus.DRAFT, RequestStatus.DENIED)


def _lock(request) -> ShipmentRequest:
    return ShipmentRequest.objects.select_for_update().get(pk=request.pk)


def _check_assignable(request: ShipmentRequest) -> None:
    if request.submitted_at is None or request.status not in ASSIGNABLE_STATUSES:
        raise TransitionConflict(_("Only a case being decided (or waiting for the applicant, "
                                   "or under appeal) can be assigned."))


@transaction.atomic
def assign_case(*, actor, request: ShipmentRequest, officer: User,
                reason: str = "") -> CaseAssignment:
    """Give the case to `officer`. Oneself: any caseworker, for an unassigned case. Anyone
    else, or a case someone holds: an approver, and a reason when it changes hands."""
    reason = (reason or "").strip()
    if not policy.may_take_cases(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may take "
                             "a case."))
    if not policy.may_hold_cases(officer):
        raise InvalidInput({"officer": [_("Cases are assigned to licensing officers and "
                                          "approving authorities only.")]})
    request = _lock(request)
    _check_assignable(request)
    current = CaseAssignment.objects.select_for_update().filter(request=request).first()
    if current is not None and current.officer_id == officer.pk:
        raise TransitionConflict(_("The case is already assigned to %(name)s.")
                                 % {"name": officer.email})
    if (officer.pk != actor.pk or current is not None) and not policy.may_assign_cases(actor):
        raise NotPermitted(_("Only an approving authority may assign a case to someone else "
                             "or take it from its holder."))
    if current is not None and not reason:
        raise InvalidInput({"reason": [_("Give the reason for reassigning the case.")]})
    before = None if current is None else {"officer": current.officer.email}
    if current is None:
        current = CaseAssignment(request=request)
    current.officer = officer
    current.assigned_by = actor
    current.assigned_at = timezone.now()
    current.reason = reason
    current.save()
    record_event(actor=actor,
                 action=AuditAction.CASE_ASSIGNED if before is None
                 else AuditAction.CASE_REASSIGNED,
                 obj=current, request=request, before=before,
                 after={"officer": officer.email}, reason=reason)
    return current


@transaction.atomic
def release_case(*, actor, request: ShipmentRequest, reason: str = "") -> None:
    """Give a case back to the unassigned pile: its holder, or an approver."""
    request = _lock(request)
    current = CaseAssignment.objects.select_for_update().filter(request=request).first()
    if current is None:
        raise TransitionConflict(_("The case is not assigned to anyone."))
    if not (policy.may_assign_cases(actor)
            or (policy.may_take_cases(actor) and current.officer_id == actor.pk)):
        raise NotPermitted(_("Only the case's holder or an approving authority may release "
                             "it."))
    record_event(actor=actor, action=AuditAction.CASE_UNASSIGNED, obj=current,
                 request=request, before={"officer": current.officer.email},
                 after={"officer": None}, reason=(reason or "").strip())
    current.delete()


def case_holders():
    """Whom a case may be assigned to, by email."""
    return User.objects.filter(policy.caseworkers()).order_by("email")
