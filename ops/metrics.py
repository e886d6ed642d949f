"""Prometheus metrics at `/metrics`, read from the database and Redis at scrape time, so any
web process answers for the whole deployment (nothing is counted in process memory).

Off unless METRICS_ENABLED; with METRICS_TOKEN set, a scrape must send
`Authorization: Bearer <token>`."""

import hmac
from datetime import timedelta

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from prometheus_client.core import CollectorRegistry, GaugeMetricFamily, SummaryMetricFamily

# Screening latency (queued → finished) is summarised over the runs of this last period.
LATENCY_WINDOW = timedelta(hours=1)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


class LicensingCollector:
    def collect(self):
        from licensing.models import RequestStatus, ScreeningRun, ShipmentRequest
        from ops.health import list_ages, redis_client

        by_state = dict(ShipmentRequest.objects.values_list("status")
                        .annotate(n=Count("id")).values_list("status", "n"))
        requests = GaugeMetricFamily("licensing_requests", "Shipment requests by state.",
                                     labels=["state"])
        for state in RequestStatus.values:
            requests.add_metric([state], by_state.get(state, 0))
        yield requests

        by_status = dict(ScreeningRun.objects.values_list("status")
                         .annotate(n=Count("id")).values_list("status", "n"))
        runs = GaugeMetricFamily("licensing_screening_runs", "Screening runs by status.",
                                 labels=["status"])
        for status in ScreeningRun.Status.values:
            runs.add_metric([status], by_status.get(status, 0))
        yield runs

        since = timezone.now() - LATENCY_WINDOW
        latencies = [(finished - queued).total_seconds() for queued, finished in
                     ScreeningRun.objects.filter(finished_at__gte=since)
                     .values_list("queued_at", "finished_at")]
        yield SummaryMetricFamily(
            "licensing_screening_latency_seconds",
            "Screening runs finished in the last hour: time from queued to finished.",
            count_value=len(latencies), sum_value=sum(latencies))
        quantiles = GaugeMetricFamily(
            "licensing_screening_latency_quantile_seconds",
            "Screening latency over the last hour, by quantile.", labels=["quantile"])
        for fraction in (0.5, 0.95):
            quantiles.add_metric([str(fraction)],
                                 _percentile(latencies, fraction) if latencies else 0.0)
        yield quantiles

        depth = GaugeMetricFamily("licensing_queue_depth",
                                  "Celery messages waiting on the broker queue.",
                                  labels=["queue"])
        client = redis_client()
        if client is not None and not settings.CELERY_TASK_ALWAYS_EAGER:
            queue = settings.CELERY_TASK_DEFAULT_QUEUE
            depth.add_metric([queue], client.llen(queue))
        yield depth

        ages = GaugeMetricFamily("licensing_list_age_seconds",
                                 "Seconds since each active denied-party list was imported or "
                                 "found unchanged at its source.", labels=["list"])
        for age in list_ages():
            if age["age_seconds"] is not None:
                ages.add_metric([age["list"]], age["age_seconds"])
        yield ages


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return True
    sent = request.headers.get("Authorization", "")
    return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


@require_GET
@never_cache
def metrics(request):
    if not settings.METRICS_ENABLED:
        raise Http404
    if not _authorised(request):
        return HttpResponse("Unauthorized\n", status=401, content_type="text/plain")
    registry = CollectorRegistry(auto_describe=False)
    registry.register(LicensingCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
