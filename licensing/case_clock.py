"""The case clock: working days from the first submission to the decision, counted with the
holiday calendar (working_days.py), stopped while the applicant owes an answer (sent back
for changes, or a request for information not yet answered), while a consulted body's
question waits on the officer, and between a denial and the appeal that overturned it; kept
per step against its target, each referral to a consulted body being a step of its own
(from the referral to the body's advice, against the body's own number of days, stopped
while its question waits).

`elapsed_working_days(start, end, stopped)` is the counting rule on its own, for any step
that has a start, an end and periods when it stood still (a referral's clock can use it).
`clocks_for(requests)` reads what the clock needs for many requests in a fixed number of
queries, whatever their number; `clock_for(request)` is the same for one."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import CharField, DateTimeField, F, Min, Value
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from licensing.models import (
    Appeal,
    AppealStatus,
    EndUserVerification,
    InformationRequest,
    Referral,
    ReferralQuestion,
    ScreeningRun,
    SendBack,
)
from licensing.working_days import holidays, is_working_day

Period = tuple[date, date | None]   # (stopped from, until; None while still stopped)

# The steps of a case, in order, with their words; targets come from settings.
SCREENING, OFFICER, SPECIAL_APPROVAL, OVERALL = ("screening", "officer", "special_approval",
                                                 "overall")
REFERRAL = "referral"  # one per referral to a consulted body, with the body's own target
STEP_LABELS = {
    SCREENING: _("Screening"),
    OFFICER: _("Officer's review"),
    REFERRAL: _("Consultation"),
    SPECIAL_APPROVAL: _("Special approval"),
    OVERALL: _("Overall"),
}


def targets() -> dict[str, int]:
    """Working days allowed per step and overall (`CLOCK_TARGETS`)."""
    return dict(settings.CLOCK_TARGETS)


def _stopped_days(periods: Iterable[Period], until: date) -> set[date]:
    """Days on which the clock stood still: after the day it stopped, up to and including
    the day it started again (the same counting as `working_days_between`)."""
    days: set[date] = set()
    for stopped_from, stopped_until in periods:
        last = min(stopped_until or until, until)
        day = stopped_from + timedelta(days=1)
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return days


def weekdays_after(start: date, end: date) -> int:
    """Monday to Friday after `start` up to and including `end`, by arithmetic: five a
    whole week, the remaining days (fewer than seven) one by one."""
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    first = start.weekday()
    return weeks * 5 + sum(1 for offset in range(1, rest + 1) if (first + offset) % 7 < 5)


def elapsed_working_days(start: date, end: date, stopped: Iterable[Period] = (), *,
                         off: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end`, leaving out weekends, the
    calendar's holidays (`off`, read from the calendar when not given) and every day inside a
    stopped period."""
    if end <= start:
        return 0
    if off is None:
        off = holidays(start, end)
    still = _stopped_days(stopped, end)
    # Weekdays counted by whole weeks, then the days left out taken away (each once: a
    # stopped day that is also a holiday is one day).
    left_out = {day for day in off | still if start < day <= end and day.weekday() < 5}
    return weekdays_after(start, end) - len(left_out)


def due_date(start: date, target: int, stopped: Iterable[Period] = (), *,
             off: frozenset[date] | None = None) -> date:
    """The day the step reaches its target, given the stops so far (an open stop pushes it
    on day by day, so while stopped this is the due date if it restarted today)."""
    today = timezone.localdate()
    if off is None:
        off = holidays(start, max(start, today) + timedelta(days=target * 2 + 60))
    still = _stopped_days(stopped, today)
    day, remaining = start, target
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, off) and day not in still:
            remaining -= 1
    return day


@dataclass
class Step:
    name: str
    started_on: date
    ended_on: date | None     # None: the step is running
    working_days: int
    target: int
    due_on: date
    title: str = ""           # a referral's step is named after its body

    @property
    def label(self):
        return self.title or STEP_LABELS[self.name]

    @property
    def running(self) -> bool:
        return self.ended_on is None

    @property
    def breached(self) -> bool:
        return self.working_days > self.target


@dataclass
class CaseClock:
    """A case's clock: the overall count and each step reached so far."""

    overall: Step | None
    steps: list[Step] = field(default_factory=list)
    stopped: bool = False  # the applicant owes an answer, or the officer a consulted body
    stopped_periods: list[Period] = field(default_factory=list)

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.running), None)

    @property
    def breaches(self) -> list[Step]:
        """Running steps (and the overall count, while undecided) past their target."""
        running = [s for s in self.steps if s.running]
        if self.overall is not None and self.overall.running:
            running.append(self.overall)
        return [s for s in running if s.breached]


@dataclass
class _Times:
    submitted: date | None = None
    screened: date | None = None
    verified: date | None = None
    decided: date | None = None
    stops: list[Period] = field(default_factory=list)
    stopped_now: bool = False
    referrals: list["_ReferralTimes"] = field(default_factory=list)


@dataclass
class _ReferralTimes:
    body: str
    referred: date
    ended: date | None
    target: int
    stops: list[Period] = field(default_factory=list)


def _referral_end(status, advised_at, withdrawn_at, due_on) -> date | None:
    if status == Referral.Status.DEEMED_CONSENT:
        return due_on
    if status == Referral.Status.WITHDRAWN:
        return _local(withdrawn_at)
    return _local(advised_at) if status == Referral.Status.ADVICE_GIVEN else None


def _local(moment) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def clocks_for(requests, *, today: date | None = None) -> dict[int, CaseClock]:
    """The clock of every request given (rows with `pk`, `submitted_at`, `decided_at`), in
    four queries whatever their number (the times and stops, the consulted bodies'
    questions, the referrals, the holidays)."""
    requests = [r for r in requests if r.submitted_at is not None]
    if not requests:
        return {}
    today = today or timezone.localdate()
    ids = [r.pk for r in requests]
    times = {r.pk: _Times(submitted=_local(r.submitted_at), decided=_local(r.decided_at))
             for r in requests}
    # The first completed run, the verification, and the stops (send-backs, questions to
    # the applicant, a denial overturned on appeal): one UNION ALL, each part tagged.
    stops: dict[int, list] = defaultdict(list)
    for kind, request_id, start, end in _times_and_stops(ids):
        if kind == "screened":
            times[request_id].screened = _local(start)
        elif kind == "verified":
            times[request_id].verified = _local(start)
        else:
            stops[request_id].append((start, end))
    # A consulted body's question to the officer stops its referral's clock and the case's.
    questions: dict[int, list] = defaultdict(list)
    question_stops: dict[int, list] = defaultdict(list)  # answered on a day: dates already
    for request_id, referral_id, start, end in ReferralQuestion.objects.filter(
            referral__request_id__in=ids).values_list("referral__request_id", "referral_id",
                                                      "asked_at", "answered_on"):
        question_stops[request_id].append((_local(start), end))
        questions[referral_id].append((_local(start), end))
    for row in Referral.objects.filter(request_id__in=ids).values(
            "pk", "request_id", "body__name", "body__referral_due_working_days", "status",
            "referred_at", "advice__submitted_at", "withdrawn_at", "due_on").order_by(
            "referred_at", "pk"):
        times[row["request_id"]].referrals.append(_ReferralTimes(
            body=row["body__name"], referred=_local(row["referred_at"]),
            ended=_referral_end(row["status"], row["advice__submitted_at"],
                                row["withdrawn_at"], row["due_on"]),
            target=row["body__referral_due_working_days"], stops=questions[row["pk"]]))
    for request_id in set(stops) | set(question_stops):
        periods = [(_local(s), _local(e)) for s, e in stops[request_id]]
        periods += question_stops[request_id]
        times[request_id].stops = periods
        times[request_id].stopped_now = any(e is None for _s, e in periods)
    earliest = min(t.submitted for t in times.values())
    off = holidays(earliest, today + timedelta(days=200))
    allowed = targets()
    return {pk: _clock(t, today, off, allowed) for pk, t in times.items()}


def _times_and_stops(ids):
    """(kind, request id, start, end) of the requests' first completed screening run
    ("screened", its finish), end-user verification ("verified", when recorded) and clock
    stops ("stop": a send-back or a question to the applicant, asked to answered; a denial
    later overturned on appeal, from the denial to the appeal's decision — the appeal has
    its own clock). One query (was five)."""
    # A typed NULL: PostgreSQL takes a UNION column's type from its first part.
    none = Cast(Value(None), output_field=DateTimeField())

    def tagged(queryset, kind, start, end=none):
        # Annotations only, so that every part selects its columns in this order.
        return queryset.annotate(kind=Value(kind, output_field=CharField()),
                                 rid=F("request_id"), start=start, end=end).values_list(
            "kind", "rid", "start", "end").order_by()

    screened = tagged(ScreeningRun.objects.filter(
        request_id__in=ids, status=ScreeningRun.Status.COMPLETED).values("request_id"),
        "screened", Min("finished_at"))
    return screened.union(
        tagged(EndUserVerification.objects.filter(request_id__in=ids), "verified",
               F("recorded_at")),
        tagged(SendBack.objects.filter(request_id__in=ids), "stop", F("sent_at"),
               F("answered_at")),
        tagged(InformationRequest.objects.filter(request_id__in=ids), "stop", F("asked_at"),
               F("answered_at")),
        tagged(Appeal.objects.filter(request_id__in=ids, status=AppealStatus.UPHELD), "stop",
               F("denied_at"), F("decided_at")),
        all=True)


def clock_for(request, *, today: date | None = None) -> CaseClock | None:
    return clocks_for([request], today=today).get(request.pk)


def _step(name, start, end, times, today, off, allowed) -> Step:
    until = end or today
    return Step(name, start, end,
                elapsed_working_days(start, until, times.stops, off=off),
                allowed[name], due_date(start, allowed[name], times.stops, off=off))


def _clock(times: _Times, today, off, allowed) -> CaseClock:
    s = times.submitted
    steps = [_step(SCREENING, s, times.screened or (times.decided if times.decided else None),
                   times, today, off, allowed)]
    if times.screened:
        officer_end = times.verified or times.decided
        steps.append(_step(OFFICER, times.screened, officer_end, times, today, off, allowed))
        for referral in times.referrals:
            until = referral.ended or today
            steps.append(Step(
                REFERRAL, referral.referred, referral.ended,
                elapsed_working_days(referral.referred, until, referral.stops, off=off),
                referral.target,
                due_date(referral.referred, referral.target, referral.stops, off=off),
                title=str(_("Consultation: %(body)s") % {"body": referral.body})))
        if times.verified:
            steps.append(_step(SPECIAL_APPROVAL, times.verified, times.decided, times, today,
                               off, allowed))
    overall = _step(OVERALL, s, times.decided, times, today, off, allowed)
    return CaseClock(overall=overall, steps=steps, stopped=times.stopped_now,
                     stopped_periods=times.stops)
