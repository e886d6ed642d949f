"""The case clock's reminders: once a day, whoever holds a case that has gone past a
target (a step's, or the overall 20 working days) is told, once per breach, by email and
on his home page. A breach is one step of one case from the moment that step started, so
the job can run any number of times a day and a step that is left and re-entered (a case
reopened on appeal) is a new breach."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts import policy
from licensing.case_clock import OVERALL, clocks_for, due_date, targets
from licensing.models import AuditAction, CaseAssignment, ClockReminder, ShipmentRequest
from licensing.models.requests import OPEN_STATUSES
from licensing.services.audit import record_event
from licensing.services.notifications import notify_on_commit

BATCH = 500


def refresh_due_date(request: ShipmentRequest) -> None:
    """Store the overall clock's due date on the request (None while it stands still or the
    case is not being decided). Called by every service that starts, stops or restarts the
    clock, inside its transaction, and daily for every open case (holidays may change)."""
    _store_due_dates([ShipmentRequest.objects.get(pk=request.pk)])


def first_due_date(submitted_on):
    """The due date of a clock that starts on `submitted_on` and has never stopped."""
    return due_date(submitted_on, targets()[OVERALL])


def refresh_due_dates(*, today=None) -> int:
    """Every open case's due date, in batches. Returns how many changed."""
    open_ids = list(ShipmentRequest.objects.filter(
        Q(status__in=OPEN_STATUSES) | Q(clock_due_on__isnull=False)).order_by("pk")
        .values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(open_ids), BATCH):
        changed += _store_due_dates(
            list(ShipmentRequest.objects.filter(pk__in=open_ids[start:start + BATCH])),
            today=today)
    return changed


def _store_due_dates(requests, *, today=None) -> int:
    clocks = clocks_for(requests, today=today)
    changed = 0
    for request in requests:
        clock = clocks.get(request.pk)
        due = (clock.overall.due_on if clock is not None and not clock.stopped
               and request.status in OPEN_STATUSES else None)
        if due != request.clock_due_on:
            ShipmentRequest.objects.filter(pk=request.pk).update(clock_due_on=due)
            changed += 1
    return changed


def send_clock_reminders(*, today=None) -> int:
    """Create (and email) a reminder for every breach not yet reminded. Returns how many.
    The due dates the queue filters on are brought up to date first."""
    today = today or timezone.localdate()
    refresh_due_dates(today=today)
    open_ids = list(ShipmentRequest.objects.filter(status__in=OPEN_STATUSES,
                                                   submitted_at__isnull=False)
                    .order_by("pk").values_list("pk", flat=True))
    created = 0
    for start in range(0, len(open_ids), BATCH):
        batch = list(ShipmentRequest.objects.filter(pk__in=open_ids[start:start + BATCH]))
        holders = dict(CaseAssignment.objects.filter(request__in=batch)
                       .values_list("request_id", "officer_id"))
        reminded = set(ClockReminder.objects.filter(request__in=batch).values_list(
            "request_id", "step", "step_started_on"))
        for request_id, clock in clocks_for(batch, today=today).items():
            for step in clock.breaches:
                if (request_id, step.name, step.started_on) in reminded:
                    continue
                if _remind(request_id, step, holders.get(request_id)):
                    created += 1
    return created


def _remind(request_id, step, holder_id) -> bool:
    try:
        with transaction.atomic():
            request = ShipmentRequest.objects.get(pk=request_id)
            reminder = ClockReminder.objects.create(
                request=request, step=step.name, step_started_on=step.started_on,
                target_working_days=step.target, working_days=step.working_days,
                recipient_id=holder_id)
            record_event(actor=None, action=AuditAction.CASE_CLOCK_BREACHED, obj=reminder,
                         request=request,
                         after={"step": step.name, "working_days": step.working_days,
                                "target": step.target, "holder_id": holder_id})
            notify_on_commit("case.clock_breached", request=request, reminder=reminder)
    except IntegrityError:
        return False  # another run of the job reminded this breach first
    return True


def reminders_for(user):
    """The reminders a caseworker's home page shows: those of his cases, and (to approvers,
    who assign) those of cases nobody held."""
    if not policy.may_take_cases(user):
        return ClockReminder.objects.none()
    mine = ClockReminder.objects.filter(dismissed_at__isnull=True, recipient=user)
    if policy.may_assign_cases(user):
        mine = ClockReminder.objects.filter(dismissed_at__isnull=True).filter(
            recipient__isnull=True) | mine
    return mine.select_related("request").order_by("-created_at", "-id")


@transaction.atomic
def dismiss_reminder(*, actor, reminder_id: int) -> None:
    reminders_for(actor).filter(pk=reminder_id).update(dismissed_at=timezone.now())
