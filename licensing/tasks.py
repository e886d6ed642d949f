"""Celery tasks: thin wrappers around services. Arguments are primary keys (JSON only);
every task is idempotent, acknowledged late and retried with backoff, because the
database, not the broker, records what must happen."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from kombu.exceptions import OperationalError as BrokerError

from licensing.models import ScreeningRun
from licensing.services import screening

logger = logging.getLogger(__name__)

RETRYING = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    # The row a message names is gone (or never committed): retrying cannot help.
    "dont_autoretry_for": (ObjectDoesNotExist,),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
RESCREEN_BATCH_SIZE = 200
# A list source that cannot be fetched is tried this many more times, a minute apart, then
# left until the next scheduled re-import: no stack traces for a machine without network.
LIST_FETCH_RETRIES = 2


def send_task_safely(task, *args) -> bool:
    """Publish, or log and move on when the broker is down: the work is already recorded
    in the database and the periodic sweep sends it again."""
    try:
        task.apply_async(args=args, retry=False)
        return True
    except (BrokerError, OSError) as exc:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise
        logger.warning("Broker unavailable; %s%r left for the sweep: %s", task.name, args, exc)
        return False


@shared_task(bind=True, **RETRYING)
def screen_request(self, run_id: int) -> str:
    try:
        if not screening.mark_run_started(run_id):
            return "already completed"
    except ScreeningRun.DoesNotExist:
        logger.warning("Screening run %s does not exist; nothing to do", run_id)
        return "no such run"
    logger.info("Screening run %s started", run_id, extra={"screening_run": run_id})
    try:
        screening.execute_screening_run(run_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            screening.mark_run_failed(run_id, repr(exc))
        raise
    logger.info("Screening run %s completed", run_id, extra={"screening_run": run_id})
    return "completed"


@shared_task(acks_late=True)
def sweep_unscreened_requests() -> int:
    return len(screening.sweep_unscreened_requests())


@shared_task(**RETRYING)
def rescreen_everything_open(reason: str = "") -> int:
    """Continuous screening: a list changed, so screen every open request and unshipped
    licence again, in batches so no single task runs long."""
    ids = list(screening.screenable_requests().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RESCREEN_BATCH_SIZE):
        send_task_safely(rescreen_batch, ids[start:start + RESCREEN_BATCH_SIZE])
    logger.info("Re-screening %d request(s): %s", len(ids), reason)
    return len(ids)


@shared_task(**RETRYING)
def rescreen_batch(request_ids: list[int]) -> int:
    return len(screening.queue_rescreening(request_ids=request_ids,
                                           trigger=ScreeningRun.Trigger.LIST_CHANGE))


@shared_task(acks_late=True)
def expire_overdue_licences() -> int:
    from licensing.services.licences import expire_overdue_licences as expire

    return expire()


# --- licence documents, notifications, proof of delivery, export halts ---

@shared_task(**RETRYING)
def generate_licence_document(licence_id: int) -> int | None:
    """(Re)generate the licence's signed PDF if its newest version does not show the
    licence's current status; a no-op otherwise."""
    from licensing.services.licence_documents import ensure_current_document

    document = ensure_current_document(licence_id)
    return document.version if document else None


@shared_task(**RETRYING)
def send_notification(payload: dict) -> int:
    from licensing.services.notifications import send_notification as send

    return send(payload)


@shared_task(**RETRYING)
def flag_overdue_delivery_verifications() -> int:
    from licensing.services.delivery import flag_overdue_delivery_verifications as flag

    return len(flag())


@shared_task(**RETRYING)
def apply_export_halt(halt_id: int) -> dict:
    from licensing.services.halts import apply_export_halt as apply

    return apply(halt_id)


@shared_task(acks_late=True)
def apply_export_halts_in_force() -> int:
    """Daily: apply halts that came into force since (declared with a later start date)."""
    from licensing.services.halts import halts_due_to_apply

    due = halts_due_to_apply()
    for halt_id in due:
        send_task_safely(apply_export_halt, halt_id)
    return len(due)


# --- denied-party lists (docs/screening.md) ---

@shared_task(acks_late=True)
def reimport_denied_party_lists() -> int:
    """Daily: re-import every active list that has a configured source, one task each."""
    from licensing.models import DeniedPartyList

    ids = [dp_list.pk for dp_list in DeniedPartyList.objects.filter(is_active=True)
           .exclude(source="")]
    for list_id in ids:
        send_task_safely(reimport_denied_party_list, list_id)
    return len(ids)


@shared_task(**RETRYING)
def reimport_denied_party_list(list_id: int) -> str:
    """Fetch one list's sources and import them if they changed. A source that cannot be
    fetched is retried LIST_FETCH_RETRIES times; a file that is fetched but bad is refused
    (recorded as a refused version) and not retried. Without network (every attempt failed)
    the live version, e.g. the demo's snapshot, simply stays; /readyz shows the list's age."""
    from licensing.services.list_imports import SourceUnavailable, refresh_list_from_source

    try:
        version = refresh_list_from_source(list_id)
    except SourceUnavailable as exc:
        if reimport_denied_party_list.request.retries < LIST_FETCH_RETRIES:
            raise reimport_denied_party_list.retry(exc=exc, countdown=60) from exc
        logger.warning("List %s: source unavailable, the live version stays: %s", list_id, exc)
        return "source unavailable"
    return "unchanged" if version is None else f"version {version.number} {version.status}"
