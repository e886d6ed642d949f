"""Reads for the web pages. Visibility always starts from `licensing.selectors`; this adds
the work queue's filters and per-row figures as SQL, so a page costs the same number of
queries whatever the number of rows."""


from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from licensing import case_clock, selectors
from licensing.models import (
    Advice,
    AuditEvent,
    CaseAssignment,
    EndUserCertificate,
    LineItem,
    Party,
    PartyRole,
    Referral,
    RequestStatus,
    ShipmentRequest,
)
from licensing.models.requests import OPEN_STATUSES
from licensing.screening.names.transliterate import search_key
from licensing.search_across_scripts import countries_matching
from licensing.working_days import add_working_days

# The authority's service standard: a decision within 20 working days of submission.
TARGET_WORKING_DAYS = settings.CLOCK_TARGETS["overall"]
DUE_SOON_WORKING_DAYS = 15


def with_row_figures(queryset):
    """Annotate each request with the open findings of its latest screening run and that
    run's status, as correlated subqueries."""
    latest_run = selectors.latest_run_of()
    queryset = selectors.with_consultation_state(queryset)  # the consultation column
    return selectors.with_open_findings(queryset).annotate(
        screening_status=Subquery(latest_run.values("status")[:1]),
        latest_run_id=Subquery(latest_run.values("pk")[:1]),
    )


STATE_OPEN = "open"
STATE_WAITING = "waiting"
STATE_ALL = "all"
# Sent back for changes: a draft again, but a case the officials follow.
WAITING_FOR_APPLICANT = Q(status=RequestStatus.DRAFT, submitted_at__isnull=False)


def work_queue(user, filters: dict):
    """The officials' case list, oldest first unless asked otherwise."""
    qs = selectors.visible_requests(user).select_related("organisation")
    state = filters.get("state") or STATE_OPEN
    if state == STATE_OPEN:
        qs = qs.filter(Q(status__in=OPEN_STATUSES) | WAITING_FOR_APPLICANT)
    elif state == STATE_WAITING:
        qs = qs.filter(WAITING_FOR_APPLICANT)
    elif state != STATE_ALL:
        qs = qs.filter(status=state)
    if filters.get("destination"):
        qs = qs.filter(destination_country=filters["destination"])
    if filters.get("organisation"):
        qs = qs.filter(organisation=filters["organisation"])
    # Conditions on other tables are `pk IN (subquery)`: the database evaluates each
    # subquery once (a hashed set) instead of once per request row.
    if filters.get("category"):
        qs = qs.filter(pk__in=LineItem.objects.filter(
            control_category=filters["category"]).values("request_id"))
    search = (filters.get("q") or "").strip()
    if search:
        qs = qs.filter(pk__in=matching_request_ids(search))
    # Age by the overall clock's stored due date (holidays and stopped days left out; see
    # licensing.services.clock), so the (status, clock_due_on) index applies. A case whose
    # clock stands still has none: it is neither overdue nor due soon.
    today = timezone.localdate()
    soon = add_working_days(today, TARGET_WORKING_DAYS - DUE_SOON_WORKING_DAYS)
    age = filters.get("age")
    if age == "overdue":
        qs = qs.filter(clock_due_on__lte=today)
    elif age == "due_soon":
        qs = qs.filter(clock_due_on__gt=today, clock_due_on__lte=soon)
    elif age == "recent":
        qs = qs.filter(clock_due_on__gt=soon)
    elif age == "stopped":
        qs = qs.filter(Q(status__in=OPEN_STATUSES) | WAITING_FOR_APPLICANT,
                       clock_due_on__isnull=True, submitted_at__isnull=False)
    consultation = filters.get("consultation")
    if consultation == "none":
        qs = qs.exclude(pk__in=_standing_referrals().values("request_id"))
    elif consultation:
        qs = qs.filter(pk__in=_consultation_ids(consultation))
    # Open findings by the stored count (licensing.services.open_findings): a column of
    # the row, not a subquery over the findings and runs of every candidate.
    findings = filters.get("findings")
    if findings == "open":
        qs = qs.filter(open_findings_count__gt=0)
    elif findings == "none":
        qs = qs.filter(open_findings_count=0)
    # The holder as EXISTS / NOT EXISTS: a semi- or anti-join the planner estimates, walking
    # the requests in the page's order and probing the assignments' indexes. (A LEFT JOIN
    # with "assignment IS NULL" was estimated at one row: at a million requests it hashed
    # all 75,000 assignments and sorted 325,000 requests, 860 ms.)
    assignee = filters.get("assignee")
    held = CaseAssignment.objects.filter(request_id=OuterRef("pk"))
    if assignee == ASSIGNEE_ME:
        qs = qs.filter(Exists(held.filter(officer=user)))
    elif assignee == ASSIGNEE_NOBODY:
        qs = qs.filter(~Exists(held))
    elif assignee:
        qs = qs.filter(Exists(held.filter(officer_id=assignee)))
    return qs.order_by(*SORTS.get(filters.get("sort") or "", SORTS[""]))


def _standing_referrals():
    return Referral.objects.exclude(status=Referral.Status.WITHDRAWN)


def _consultation_ids(state: str):
    """Requests with a referral waiting for advice ("waiting"), one overdue ("overdue"), an
    objection standing ("objection"), or every referral answered ("complete")."""
    standing = _standing_referrals()
    if state == "waiting":
        return standing.filter(status__in=(Referral.Status.PENDING,
                                           Referral.Status.OVERDUE)).values("request_id")
    if state == "overdue":
        return standing.filter(Q(status=Referral.Status.OVERDUE)
                               | Q(status=Referral.Status.PENDING,
                                   due_on__lt=timezone.localdate())).values("request_id")
    if state == "objection":
        return standing.filter(status=Referral.Status.ADVICE_GIVEN,
                               advice__outcome=Advice.Outcome.OBJECTION).values("request_id")
    # complete: referred, and nothing is waiting any more
    return standing.exclude(request_id__in=standing.filter(
        status__in=(Referral.Status.PENDING, Referral.Status.OVERDUE)).values(
        "request_id")).values("request_id")


ASSIGNEE_ME = "me"
ASSIGNEE_NOBODY = "unassigned"
# The queue's orders. Oldest first is also the order of the overall clock's due dates for
# cases that were never stopped.
SORTS = {
    "": ("submitted_at", "id"),
    "due": (F("clock_due_on").asc(nulls_last=True), "submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "assignee": ("assignment__officer__email", "submitted_at", "id"),
    "destination": ("destination_country", "submitted_at", "id"),
    # The stored count (licensing.services.open_findings) and its index: no count over
    # every open case per page.
    "findings": ("-open_findings_count", "submitted_at", "id"),
}



def matching_request_ids(search: str):
    """Ids of the requests whose reference, EUC number or a party's name contains `search`
    (in either script), or whose destination is a country of that name
    (case-insensitive): one UNION of three `icontains` look-ups. On PostgreSQL each is
    served by a trigram index on UPPER(column) (migration 0006), which is exactly the
    expression Django's `icontains` compares, so the database reads only the matching
    rows instead of scanning every party name."""
    key = search_key(search)
    parties = Q(name__icontains=search)
    if key:
        # across scripts: "Kalashnikov" finds "Концерн Калашников" (issue 13)
        parties |= Q(search_key__contains=key)
    requests = Q(applicant_reference__icontains=search)
    codes = countries_matching(search)
    if codes:
        # a country by its name in any language or script: "Казахстан" finds KZ
        requests |= Q(destination_country__in=codes)
    return (ShipmentRequest.objects.filter(requests)
            .order_by().values("pk")
            .union(EndUserCertificate.objects.filter(number__icontains=search)
                   .order_by().values("request_id"),
                   Party.objects.filter(parties)
                   .order_by().values("request_id")))


class CappedPaginator(Paginator):
    """Counts the matches up to `COUNT_CAP` and no further: exact below it; above it the
    page says "more than 1000" and pages up to there (40 pages of 25). At a million requests
    the exact count of the open cases read ~300,000 rows on every page view (and "my cases"
    hashed all 75,000 assignments); a capped count reads at most 1,001 matches, in no
    order. An official narrows the filters or changes the order to reach the rest."""

    COUNT_CAP = 1_000

    @cached_property
    def count(self):
        return self.object_list.order_by()[:self.COUNT_CAP + 1].count()

    @cached_property
    def more(self) -> bool:
        """More matches than the pages reach: the count stopped at the cap."""
        return self.count > self.COUNT_CAP

    @cached_property
    def num_pages(self):
        if self.more:
            return max(1, self.COUNT_CAP // self.per_page)
        return super().num_pages


def page_of_rows(queryset, page_number, per_page, related=("organisation",)):
    """Paginate on ids first (the filters and the ORDER BY use indexes, and the rows skipped
    by OFFSET cost nothing), then load only that page's rows with their figures: three
    queries whatever the page and the number of matches."""
    # Always one count and one page of ids (no short cut when the first page is not
    # full): the same queries whatever the data, a search of 3 matches or of 3,000.
    page = CappedPaginator(queryset.values_list("pk", flat=True), per_page).get_page(
        page_number)
    ids = list(page.object_list)
    rows = {row.pk: row for row in with_row_figures(
        queryset.model.objects.filter(pk__in=ids).select_related(*related))}
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def prefetch_rows(page_rows):
    """Per page, not per row: the items' categories and the end user of every row."""
    from django.db.models import prefetch_related_objects

    prefetch_related_objects(
        page_rows,
        Prefetch("items", queryset=LineItem.objects.only("id", "request_id", "control_category")),
        Prefetch("parties", queryset=Party.objects.filter(role=PartyRole.END_USER)
                 .only("id", "request_id", "name", "role"), to_attr="end_users"),
    )
    today = timezone.localdate()
    clocks = case_clock.clocks_for(page_rows, today=today)
    for row in page_rows:
        row.categories = sorted({i.control_category for i in row.items.all()})
        row.end_user_name = row.end_users[0].name if row.end_users else ""
        row.clock = clocks.get(row.pk)
        row.holder = getattr(getattr(row, "assignment", None), "officer", None)
        # The overall clock: working days since the first submission, holidays and the
        # days the applicant owed an answer left out.
        row.age_working_days = row.clock.overall.working_days if row.clock else None
        row.overdue = (row.age_working_days is not None
                       and row.age_working_days >= TARGET_WORKING_DAYS
                       and row.status in OPEN_STATUSES)
        row.due_soon = (not row.overdue and row.age_working_days is not None
                        and row.age_working_days >= DUE_SOON_WORKING_DAYS
                        and row.status in OPEN_STATUSES)
    return page_rows


def request_page_queryset(user):
    """The request page's request: what the API's detail needs, plus the licence's
    document versions and shipments (the licence section and its extras), one query each
    whatever their number."""
    return selectors.request_detail_queryset(user).prefetch_related(
        "licence__documents", "licence__shipments")


def applicant_requests(user, filters: dict):
    qs = selectors.visible_requests(user)
    if filters.get("state"):
        qs = qs.filter(status=filters["state"])
    search = (filters.get("q") or "").strip()
    if search:
        qs = qs.filter(Q(applicant_reference__icontains=search)
                       | Q(end_user_certificate__number__icontains=search))
    return qs.order_by("-created_at", "-id")


def audit_events(filters: dict):
    qs = AuditEvent.objects.select_related("request")
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"].strip())
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    request_ref = (filters.get("request") or "").strip()
    if request_ref:
        match = Q(request__applicant_reference__iexact=request_ref)
        if request_ref.isdigit():
            match |= Q(request_id=int(request_ref))
        qs = qs.filter(match)
    if filters.get("date_from"):
        qs = qs.filter(at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        qs = qs.filter(at__date__lte=filters["date_to"])
    return qs.order_by("-id")


STATUS_CHOICES_FOR_OFFICIALS = [
    (STATE_OPEN, _("In progress (being decided, or waiting for the applicant)")),
    *[(value, label) for value, label in RequestStatus.choices if value != RequestStatus.DRAFT],
    (STATE_WAITING, _("Waiting for the applicant (sent back for changes)")),
    (STATE_ALL, _("All states")),
]
