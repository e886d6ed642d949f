"""`/healthz` (the process answers) and `/readyz` (it can do its work: database, Redis, a
Celery worker on our queue, every list with a source re-imported within its period).

JSON, no sign-in, no secrets: each check says ok or what is wrong, never a URL or password.
Load balancers route on /readyz; an orchestrator restarts on /healthz."""

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def check_database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True, "vendor": connection.vendor}


def redis_client():
    import redis

    url = settings.CELERY_BROKER_URL if settings.CELERY_BROKER_URL.startswith(
        ("redis://", "rediss://")) else settings.REDIS_URL
    return redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2) if url else None


def check_redis() -> dict:
    client = redis_client()
    if client is None:
        return {"ok": True, "detail": "not configured (in-process cache)"}
    client.ping()
    return {"ok": True}


def check_workers() -> dict:
    """At least one worker consuming our queue answers (workers of other deployments on the
    same broker do not count)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "detail": "tasks run in-process (CELERY_TASK_ALWAYS_EAGER)"}
    from config.celery import app

    queue = app.conf.task_default_queue
    replies = app.control.inspect(timeout=settings.READYZ_WORKER_TIMEOUT).active_queues() or {}
    workers = sorted(name for name, queues in replies.items()
                     if any(q.get("name") == queue for q in queues))
    if not workers:
        return {"ok": False, "detail": f"no worker answers on queue {queue}"}
    return {"ok": True, "workers": len(workers)}


def list_ages() -> list[dict]:
    """Every active list: seconds since it was last imported or found unchanged at its
    source, and whether that is within its re-import period (lists with a source only)."""
    from licensing.models import DeniedPartyList

    period = timedelta(hours=settings.LIST_REIMPORT_HOURS)
    grace = settings.READYZ_LIST_GRACE
    now = timezone.now()
    ages = []
    for dp_list in DeniedPartyList.objects.filter(is_active=True).prefetch_related("versions"):
        live = next((v for v in dp_list.versions.all() if v.status == "live"), None)
        moments = [m for m in (dp_list.checked_at, live.imported_at if live else None) if m]
        age = (now - max(moments)).total_seconds() if moments else None
        due = bool(dp_list.source.strip())
        ages.append({"list": dp_list.name, "age_seconds": age, "has_source": due,
                     "ok": not due or (age is not None and age <= (period + grace)
                                       .total_seconds())})
    return ages


def check_lists() -> dict:
    ages = list_ages()
    stale = [age["list"] for age in ages if not age["ok"]]
    if stale:
        return {"ok": False, "detail": "not re-imported within LIST_REIMPORT_HOURS",
                "lists": stale}
    return {"ok": True, "lists": len(ages)}


CHECKS = {"database": check_database, "redis": check_redis, "workers": check_workers,
          "lists": check_lists}


@require_GET
@never_cache
def readyz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; say which
            results[name] = {"ok": False, "detail": type(exc).__name__}
    ready = all(result["ok"] for result in results.values())
    return JsonResponse({"status": "ready" if ready else "unready", "checks": results},
                        status=200 if ready else 503)
