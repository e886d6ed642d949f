"""Every figure of the officials' dashboard, the annual export report and the decision
export. Pure reads; each function documents exactly what it counts.

Values: a licence approves a quantity of each requested line item; its value is the line
item's value pro rata (value x approved / requested), and a shipment's value likewise (value
x shipped / requested). Values are summed per currency, never converted."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q
from django.utils import timezone

from licensing.case_clock import OVERALL, clocks_for, targets
from licensing.models import (
    AuditEvent,
    Finding,
    Licence,
    LicenceItem,
    LineItem,
    Referral,
    RequestStatus,
    ScreeningRun,
    ShipmentItem,
    ShipmentRequest,
)
from licensing.workflow.states import OPEN_STATUSES

CENT = Decimal("0.01")
GRANTED_STATUSES = (RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED)


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _pro_rata(line_value, part, whole) -> Decimal:
    return Decimal(line_value) * Decimal(part) / Decimal(whole)


def _in_year(field_name, year):
    return {} if year is None else {f"{field_name}__year": year}


# --- the dashboard ----------------------------------------------------------------------

def requests_by_state() -> list[tuple[str, str, int]]:
    """(status, label, number of requests) for every state but draft (a draft is the
    applicant's until submitted), in the lifecycle's order, zeros included."""
    counts = dict(ShipmentRequest.objects.exclude(status=RequestStatus.DRAFT)
                  .values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [(value, label, counts.get(value, 0)) for value, label in RequestStatus.choices
            if value != RequestStatus.DRAFT]


def decisions_per_month(year: int) -> list[dict]:
    """Per month of `year`: licences granted (by the licence's issue time) and requests
    denied (by the decision's time). Twelve rows, zeros included."""
    tz = timezone.get_current_timezone()
    granted = defaultdict(int)
    for issued_at in Licence.objects.filter(issued_at__year=year).values_list("issued_at",
                                                                              flat=True):
        granted[issued_at.astimezone(tz).month] += 1
    denied = defaultdict(int)
    for decided_at in ShipmentRequest.objects.filter(
            status=RequestStatus.DENIED, decided_at__year=year).values_list("decided_at",
                                                                             flat=True):
        denied[decided_at.astimezone(tz).month] += 1
    return [{"month": m, "granted": granted[m], "denied": denied[m]} for m in range(1, 13)]


@dataclass
class Total:
    quantity: int = 0
    value: dict = field(default_factory=lambda: defaultdict(Decimal))  # currency -> value
    count: int = 0

    def add(self, quantity, currency, value):
        self.quantity += quantity
        self.value[currency] += value

    def values(self) -> dict:
        return {c: _money(v) for c, v in sorted(self.value.items())}


def _licensed_items(year):
    return (LicenceItem.objects.filter(**_in_year("licence__issued_at", year))
            .values_list("approved_quantity", "line_item__quantity", "line_item__value",
                         "line_item__currency", "line_item__control_category",
                         "licence__request__destination_country", "licence_id"))


def licensed_by(key: str, year: int | None = None) -> list[tuple[str, Total]]:
    """Licensed quantity and value (approved, pro rata) of licences issued in `year` (all
    years if None), by `destination` or `category`; largest quantity first."""
    totals: dict[str, Total] = defaultdict(Total)
    licences = defaultdict(set)
    for approved, requested, value, currency, category, destination, licence_id in \
            _licensed_items(year):
        name = str(destination) if key == "destination" else category
        totals[name].add(approved, currency, _pro_rata(value, approved, requested))
        licences[name].add(licence_id)
    for name, total in totals.items():
        total.count = len(licences[name])
    return sorted(totals.items(), key=lambda kv: (-kv[1].quantity, kv[0]))


def denials_by_criterion(year: int | None = None) -> list[tuple[str, int]]:
    """Denied requests citing each criterion (a denial citing two counts under both)."""
    rows = (ShipmentRequest.objects.filter(status=RequestStatus.DENIED,
                                           **_in_year("decided_at", year))
            .values_list("decision_criteria__code").annotate(n=Count("id", distinct=True))
            .exclude(decision_criteria__code=None).order_by("-n", "decision_criteria__code"))
    return [(code, n) for code, n in rows]


def findings_by_check(year: int | None = None) -> list[tuple[str, dict]]:
    """Findings raised by completed screening runs (finished in `year`), per check and
    severity: [(check, {severity: n, "total": n})], most first."""
    rows = (Finding.objects.filter(run__status=ScreeningRun.Status.COMPLETED,
                                   **_in_year("run__finished_at", year))
            .values_list("check_name", "severity").annotate(n=Count("id")))
    checks: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for check, severity, n in rows:
        checks[check][severity] += n
        checks[check]["total"] += n
    return sorted(((c, dict(v)) for c, v in checks.items()), key=lambda kv: (-kv[1]["total"],
                                                                              kv[0]))


def first_submissions(request_ids=None) -> dict[int, object]:
    """When each request was first submitted, from the audit trail (a request sent back for
    changes and submitted again keeps its first date)."""
    events = AuditEvent.objects.filter(action="request.submitted")
    if request_ids is not None:
        events = events.filter(request_id__in=request_ids)
    return dict(events.values_list("request_id").annotate(first=Min("at"))
                .values_list("request_id", "first"))


def _decided(year):
    return ShipmentRequest.objects.filter(
        Q(status=RequestStatus.DENIED) | Q(status__in=GRANTED_STATUSES),
        decided_at__isnull=False, **_in_year("decided_at", year))


def processing_days(year: int | None = None) -> list[int]:
    """Working days from first submission to decision of each request decided (granted or
    denied) in `year`, sorted: the case clock's overall count (licensing/case_clock.py), so
    public holidays and the days the clock stood still (the applicant owed an answer, or the
    officer a consulted body) do not count."""
    decided = _decided(year).only("pk", "submitted_at", "decided_at")
    return sorted(clock.overall.working_days for clock in clocks_for(decided).values())


def percentile(values: list, fraction: float):
    """Nearest rank: the smallest value with at least `fraction` of the values at or below
    it. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * fraction // 1))  # ceil
    return ordered[int(rank) - 1]


def median(values: list):
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Decimal(ordered[middle])
    return (Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2


@dataclass(frozen=True)
class ProcessingTime:
    decided: int
    median: Decimal | None
    p90: int | None
    within_target: int
    target: int

    @property
    def share_within_target(self) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(100) * self.within_target / self.decided).quantize(Decimal("0.1"))


def processing_time(year: int | None = None) -> ProcessingTime:
    days = processing_days(year)
    target = overall_target()
    return ProcessingTime(decided=len(days), median=median(days), p90=percentile(days, 0.9),
                          within_target=sum(1 for d in days if d <= target), target=target)


def overall_target() -> int:
    return targets()[OVERALL]


def consultations_outstanding_by_body() -> list[dict]:
    """Referrals still waiting for a body's advice on requests being decided, per body:
    pending within their due date, and overdue (past it; escalated or not yet swept)."""
    today = timezone.localdate()
    open_referrals = Referral.objects.filter(
        status__in=(Referral.Status.PENDING, Referral.Status.OVERDUE),
        request__status__in=OPEN_STATUSES)
    rows = (open_referrals.values("body__name").order_by("body__name")
            .annotate(outstanding=Count("pk"),
                      overdue=Count("pk", filter=Q(status=Referral.Status.OVERDUE)
                                    | Q(due_on__lt=today))))
    return [{"body": row["body__name"], "outstanding": row["outstanding"],
             "overdue": row["overdue"]} for row in rows]


# --- the annual export report (national report and ATT annual report) --------------------

@dataclass
class AnnualRow:
    destination: str
    category: str
    currency: str
    licences: int = 0
    authorised_quantity: int = 0
    authorised_value: Decimal = Decimal(0)
    refusals: int = 0
    refused_quantity: int = 0
    refused_value: Decimal = Decimal(0)
    shipments: int = 0
    exported_quantity: int = 0
    exported_value: Decimal = Decimal(0)


def annual_export_report(year: int) -> list[AnnualRow]:
    """Per destination, control category and currency, for `year`:
    authorised: licences issued in the year (each licence counted once per category it
    covers), quantity approved and its value;
    refused: requests denied in the year (once per category requested), quantity and value
    requested;
    actual exports: shipments made (shipped_on in the year, once per category shipped),
    quantity shipped and its value. Sorted by destination, category, currency."""
    rows: dict[tuple, AnnualRow] = {}
    licences, refusals, shipments = defaultdict(set), defaultdict(set), defaultdict(set)

    def row(destination, category, currency) -> AnnualRow:
        key = (str(destination), category, currency)
        if key not in rows:
            rows[key] = AnnualRow(*key)
        return rows[key]

    for approved, requested, value, currency, category, destination, licence_id in \
            _licensed_items(year):
        r = row(destination, category, currency)
        r.authorised_quantity += approved
        r.authorised_value += _pro_rata(value, approved, requested)
        licences[(str(destination), category, currency)].add(licence_id)

    for quantity, value, currency, category, destination, request_id in (
            LineItem.objects.filter(request__status=RequestStatus.DENIED,
                                    request__decided_at__year=year)
            .values_list("quantity", "value", "currency", "control_category",
                         "request__destination_country", "request_id")):
        r = row(destination, category, currency)
        r.refused_quantity += quantity
        r.refused_value += Decimal(value)
        refusals[(str(destination), category, currency)].add(request_id)

    for quantity, requested, value, currency, category, destination, shipment_id in (
            ShipmentItem.objects.filter(shipment__shipped_on__year=year)
            .values_list("quantity", "licence_item__line_item__quantity",
                         "licence_item__line_item__value", "licence_item__line_item__currency",
                         "licence_item__line_item__control_category",
                         "shipment__licence__request__destination_country", "shipment_id")):
        r = row(destination, category, currency)
        r.exported_quantity += quantity
        r.exported_value += _pro_rata(value, quantity, requested)
        shipments[(str(destination), category, currency)].add(shipment_id)

    for key, r in rows.items():
        r.licences, r.refusals, r.shipments = (len(licences[key]), len(refusals[key]),
                                               len(shipments[key]))
        r.authorised_value = _money(r.authorised_value)
        r.refused_value = _money(r.refused_value)
        r.exported_value = _money(r.exported_value)
    return [rows[k] for k in sorted(rows)]


def annual_totals(rows: list[AnnualRow]) -> dict:
    """The report's totals per currency (quantities summed across categories)."""
    totals: dict[str, dict] = {}
    for r in rows:
        t = totals.setdefault(r.currency, {
            "authorised_quantity": 0, "authorised_value": Decimal(0), "refused_quantity": 0,
            "refused_value": Decimal(0), "exported_quantity": 0, "exported_value": Decimal(0)})
        for name in t:
            t[name] += getattr(r, name)
    return dict(sorted(totals.items()))


# --- the ad-hoc decision export -------------------------------------------------------------

@dataclass
class Decision:
    request: ShipmentRequest
    outcome: str
    first_submitted: object
    working_days: int | None
    categories: list
    quantity: int
    values: dict
    criteria: list


def decisions(*, date_from: date | None = None, date_to: date | None = None,
              outcome: str = "", destination: str = "", category: str = ""):
    """Decided requests (granted or denied), oldest decision first, with filters on the
    decision's date (in the authority's time zone), outcome ("granted"/"denied"),
    destination and control category. Yields Decision rows in batches."""
    requests = _decided(None).select_related("organisation", "decided_by").order_by(
        "decided_at", "id")
    if date_from:
        requests = requests.filter(decided_at__date__gte=date_from)
    if date_to:
        requests = requests.filter(decided_at__date__lte=date_to)
    if outcome == "granted":
        requests = requests.filter(status__in=GRANTED_STATUSES)
    elif outcome == "denied":
        requests = requests.filter(status=RequestStatus.DENIED)
    if destination:
        requests = requests.filter(destination_country=destination)
    if category:
        requests = requests.filter(items__control_category=category).distinct()
    batch = 500
    ids = list(requests.values_list("id", flat=True))
    for start in range(0, len(ids), batch):
        chunk_ids = ids[start:start + batch]
        chunk = requests.filter(id__in=chunk_ids).prefetch_related("items",
                                                                   "decision_criteria")
        first = first_submissions(chunk_ids)
        chunk = list(chunk)
        clocks = clocks_for(chunk)
        for request in chunk:
            submitted = first.get(request.pk)
            values = defaultdict(Decimal)
            for item in request.items.all():
                values[item.currency] += item.value
            yield Decision(
                request=request,
                outcome="denied" if request.status == RequestStatus.DENIED else "granted",
                first_submitted=submitted,
                working_days=(clocks[request.pk].overall.working_days
                              if request.pk in clocks else None),
                categories=sorted({i.control_category for i in request.items.all()}),
                quantity=sum(i.quantity for i in request.items.all()),
                values={c: _money(v) for c, v in sorted(values.items())},
                criteria=[c.code for c in request.decision_criteria.all()])
