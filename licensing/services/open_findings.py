"""The stored count of a request's open findings (`ShipmentRequest.open_findings_count`):
the uncleared high and medium findings of its latest screening run, as
`selectors.open_findings_of_latest_run` counts them. The queue sorts on it ("most open findings
first") without counting over every open case.

The one place that sets it. Every service that changes what it counts calls
`recount_open_findings` in its own transaction: a run queued (the latest run has no
findings yet), a run completed (its findings stored), a finding cleared, an export halt
overridden."""

from licensing.models import Finding, ShipmentRequest
from licensing.selectors import open_findings_of_latest_run


def recount_open_findings(request_ids) -> int:
    """Store the count again for these requests (ids, or a queryset of ids): one UPDATE."""
    if isinstance(request_ids, int):
        request_ids = [request_ids]
    return ShipmentRequest.objects.filter(pk__in=request_ids).update(
        open_findings_count=open_findings_of_latest_run())


def refill_open_findings() -> None:
    """Every request's count from the findings (the migration that adds the count): zero
    for all, then recounted where any finding is open, so the work is that of the open
    findings, not of every request."""
    ShipmentRequest.objects.exclude(open_findings_count=0).update(open_findings_count=0)
    recount_open_findings(Finding.objects.open().order_by().values("request_id"))
