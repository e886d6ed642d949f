"""The stored count of a request's open findings (`ShipmentRequest.open_findings_count`):
the uncleared high and medium findings of its latest screening run, as
`selectors.with_open_findings` counts them. The queue sorts on it ("most open findings
first") without counting over every open case.

The one place that sets it. Every service that changes what it counts calls
`recount_open_findings` in its own transaction: a run queued (the latest run has no
findings yet), a run completed (its findings stored), a finding cleared, an export halt
overridden."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from licensing.models import Finding, ScreeningRun, ShipmentRequest


def counted_open_findings(outer="pk"):
    """The count as an expression over the request `outer` names (one correlated subquery)."""
    latest_run = (ScreeningRun.objects.filter(request_id=OuterRef(OuterRef(outer)))
                  .order_by("-queued_at", "-id"))
    open_of_latest = (Finding.objects.open()
                      .filter(request_id=OuterRef(outer),
                              run_id=Subquery(latest_run.values("pk")[:1]))
                      .order_by().values("request_id")
                      .annotate(n=Count("*")).values("n")[:1])
    return Coalesce(Subquery(open_of_latest, output_field=IntegerField()), Value(0))


def recount_open_findings(request_ids) -> int:
    """Store the count again for these requests (ids, or a queryset of ids): one UPDATE."""
    if isinstance(request_ids, int):
        request_ids = [request_ids]
    return ShipmentRequest.objects.filter(pk__in=request_ids).update(
        open_findings_count=counted_open_findings())


def refill_open_findings() -> None:
    """Every request's count from the findings (the migration that adds the count): zero
    for all, then recounted where any finding is open, so the work is that of the open
    findings, not of every request."""
    ShipmentRequest.objects.exclude(open_findings_count=0).update(open_findings_count=0)
    recount_open_findings(Finding.objects.open().order_by().values("request_id"))
