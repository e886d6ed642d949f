"""Appeals against a denial. The applicant lodges one within `APPEAL_PERIOD_DAYS` of the
denial, with grounds and documents; an approving authority who took no part in the denial
decides it (the rulebook's `decide_appeal`): upheld, the case returns to assessment
(submitted, screened again); dismissed, the denial stands and the case is closed. Both are
in the history and the audit trail. The appeal has its own clock (`appeal_clock`)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.case_clock import due_date, elapsed_working_days
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import (
    Appeal,
    AppealStatus,
    AuditAction,
    DocumentKind,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.services.audit import record_event
from licensing.services.clock import refresh_due_date
from licensing.services.documents import upload_document
from licensing.services.requests import lock_request, transition_request
from licensing.services.screening_runs import queue_screening

OUTCOMES = ("upheld", "dismissed")


def appeal_deadline(request: ShipmentRequest):
    """The last moment an appeal may be lodged, or None if the request is not denied."""
    if request.status != RequestStatus.DENIED or request.decided_at is None:
        return None
    return request.decided_at + timedelta(days=settings.APPEAL_PERIOD_DAYS)


def may_appeal_now(user, request: ShipmentRequest) -> bool:
    deadline = appeal_deadline(request)
    return (deadline is not None and policy.belongs_to(user, request.organisation_id)
            and timezone.now() <= deadline
            and not request.appeals.filter(denied_at=request.decided_at).exists())


@transaction.atomic
def lodge_appeal(*, actor, request: ShipmentRequest, grounds: str,
                 files: list[tuple[str, bytes]] = ()) -> Appeal:
    """`files` are (name, content) pairs: PDFs or images, kept as documents of the request."""
    if not policy.belongs_to(actor, request.organisation_id):
        raise NotPermitted(_("Only an applicant of the requesting organisation may appeal."))
    grounds = (grounds or "").strip()
    if not grounds:
        raise InvalidInput({"grounds": [_("Give the grounds of the appeal.")]})
    request = lock_request(request)
    deadline = appeal_deadline(request)
    if deadline is None:
        raise TransitionConflict(_("Only a denial can be appealed; this request is "
                                   "%(state)s.") % {"state": request.get_status_display()
                                                    .lower()})
    if timezone.now() > deadline:
        raise TransitionConflict(_("The period for appealing (%(days)d days from the denial) "
                                   "ended on %(date)s.")
                                 % {"days": settings.APPEAL_PERIOD_DAYS,
                                    "date": timezone.localdate(deadline)})
    if request.appeals.filter(denied_at=request.decided_at).exists():
        raise TransitionConflict(_("This denial has already been appealed."))
    appeal = Appeal.objects.create(request=request, grounds=grounds, lodged_by=actor,
                                   denied_at=request.decided_at)
    documents = [upload_document(actor=actor, request=request, kind=DocumentKind.OTHER,
                                 name=name, data=data, for_appeal=True)
                 for name, data in files]
    appeal.documents.set(documents)
    record_event(actor=actor, action=AuditAction.APPEAL_LODGED, obj=appeal, request=request,
                 after={"documents": [d.original_name for d in documents]}, reason=grounds)
    return appeal


@dataclass
class AppealClock:
    working_days: int
    target: int
    due_on: date
    running: bool

    @property
    def breached(self) -> bool:
        return self.working_days > self.target


def appeal_clock(appeal: Appeal, *, today: date | None = None) -> AppealClock:
    today = today or timezone.localdate()
    start = timezone.localdate(appeal.lodged_at)
    end = timezone.localdate(appeal.decided_at) if appeal.decided_at else today
    target = settings.CLOCK_TARGETS["appeal"]
    return AppealClock(elapsed_working_days(start, end), target, due_date(start, target),
                       appeal.decided_at is None)


@transaction.atomic
def decide_appeal(*, actor, request: ShipmentRequest, outcome: str,
                  reason: str) -> ShipmentRequest:
    request = lock_request(request)
    if outcome not in OUTCOMES:
        raise InvalidInput({"outcome": [_("Uphold or dismiss.")]})
    upheld = outcome == "upheld"
    transition_request(request, "decide_appeal", actor=actor,
                       action=AuditAction.APPEAL_UPHELD if upheld
                       else AuditAction.APPEAL_DISMISSED,
                       reason=reason, reason_field="reason",
                       method_arguments={"upheld": upheld}, after_extra={"outcome": outcome})
    appeal = (Appeal.objects.select_for_update()
              .filter(request=request, status=AppealStatus.LODGED).get())
    appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
    appeal.decided_by = actor
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason.strip()
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    if upheld:
        # Back to assessment: undecided again, screened against today's lists.
        request.decided_at = None
        request.decided_by = None
        request.decision_reason = ""
        request.decision_reason_parts = None
        request.save(update_fields=["decided_at", "decided_by", "decision_reason",
                                    "decision_reason_parts"])
        request.decision_criteria.clear()
        queue_screening(request=request, trigger=ScreeningRun.Trigger.MANUAL)
        refresh_due_date(request)
    return request
