"""Celery tasks: thin wrappers around services. Arguments are primary keys (JSON only);
every task is idempotent, acknowledged late and retried with backoff, because the
database, not the broker, records what must happen."""

import logging

from celery import shared_task
from django.conf import settings
from kombu.exceptions import OperationalError as BrokerError

from licensing.models import ScreeningRun
from licensing.services import screening

logger = logging.getLogger(__name__)

RETRYING = {
    "acks_late": True,
    "autoretry_for": (Exception,),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 8,
}
RESCREEN_BATCH_SIZE = 200


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
    if not screening.mark_run_started(run_id):
        return "already completed"
    try:
        screening.execute_screening_run(run_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            screening.mark_run_failed(run_id, repr(exc))
        raise
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
