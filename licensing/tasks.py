"""Celery tasks: thin wrappers around services. Arguments are primary keys (JSON only);
every task is idempotent, acknowledged late and retried with backoff, because the
database, not the broker, records what must happen. Services queue these by name through
the outbox (licensing/services/background.py) and never import this module; tasks that fan
out queue the same way."""

import logging
from datetime import date

from celery import shared_task
from django.core.exceptions import ObjectDoesNotExist

from licensing.models import DeniedPartyList, ScreeningRun
from licensing.services import (
    audit_anchor,
    audit_proof,
    background,
    clock,
    consultation,
    delivery,
    halts,
    licence_documents,
    licences,
    list_imports,
    notifications,
    retention,
    screening,
    uploads,
)

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


@shared_task(name=background.SCREEN_REQUEST, bind=True, **RETRYING)
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


@shared_task(acks_late=True)
def send_owed_background_work() -> int:
    """Every minute: publish what the outbox still owes (the broker was down)."""
    return len(background.send_owed())


@shared_task(name=background.RESCREEN_EVERYTHING_OPEN, **RETRYING)
def rescreen_everything_open(reason: str = "") -> int:
    """Continuous screening: a list changed, so screen every open request and unshipped
    licence again, in batches so no single task runs long."""
    ids = list(screening.screenable_requests().order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), RESCREEN_BATCH_SIZE):
        background.enqueue(background.RESCREEN_BATCH, ids[start:start + RESCREEN_BATCH_SIZE])
    logger.info("Re-screening %d request(s): %s", len(ids), reason)
    return len(ids)


@shared_task(name=background.RESCREEN_BATCH, **RETRYING)
def rescreen_batch(request_ids: list[int]) -> int:
    return len(screening.queue_rescreening(request_ids=request_ids,
                                           trigger=ScreeningRun.Trigger.LIST_CHANGE))


@shared_task(acks_late=True)
def expire_overdue_licences() -> int:
    return licences.expire_overdue_licences()


# --- licence documents, notifications, proof of delivery, export halts ---

@shared_task(name=background.GENERATE_LICENCE_DOCUMENT, **RETRYING)
def generate_licence_document(licence_id: int) -> int | None:
    """(Re)generate the licence's signed PDF if its newest version does not show the
    licence's current status; a no-op otherwise."""
    document = licence_documents.ensure_current_document(licence_id)
    return document.version if document else None


@shared_task(name=background.SEND_NOTIFICATION, **RETRYING)
def send_notification(payload: dict) -> int:
    return notifications.send_notification(payload)


@shared_task(**RETRYING)
def flag_overdue_delivery_verifications() -> int:
    return len(delivery.flag_overdue_delivery_verifications())


@shared_task(name=background.APPLY_EXPORT_HALT, **RETRYING)
def apply_export_halt(halt_id: int) -> dict:
    return halts.apply_export_halt(halt_id)


@shared_task(acks_late=True)
def apply_export_halts_in_force() -> int:
    """Daily: apply halts that came into force since (declared with a later start date)."""
    due = halts.halts_due_to_apply()
    for halt_id in due:
        background.enqueue(background.APPLY_EXPORT_HALT, halt_id)
    return len(due)


# --- consultation (docs/consultation.md) ---

@shared_task(acks_late=True)
def apply_referral_silence(today: str | None = None) -> dict:
    """Daily: referrals past their due date take their body's silence policy (deemed
    consent, or overdue and escalated). `today` (ISO date) for a chosen day."""
    return consultation.apply_silence(today=date.fromisoformat(today) if today else None)


# --- denied-party lists (docs/screening.md) ---

@shared_task(acks_late=True)
def reimport_denied_party_lists() -> int:
    """Daily: re-import every active list that has a configured source, one task each."""
    ids = [dp_list.pk for dp_list in DeniedPartyList.objects.filter(is_active=True)
           .exclude(source="")]
    for list_id in ids:
        background.enqueue(background.REIMPORT_DENIED_PARTY_LIST, list_id)
    return len(ids)


@shared_task(name=background.REIMPORT_DENIED_PARTY_LIST, **RETRYING)
def reimport_denied_party_list(list_id: int) -> str:
    """Fetch one list's sources and import them if they changed. A source that cannot be
    fetched is retried LIST_FETCH_RETRIES times; a file that is fetched but bad is refused
    (recorded as a refused version) and not retried. Without network (every attempt failed)
    the live version, e.g. the demo's snapshot, simply stays; /readyz shows the list's age."""
    try:
        version = list_imports.refresh_list_from_source(list_id)
    except list_imports.SourceUnavailable as exc:
        if reimport_denied_party_list.request.retries < LIST_FETCH_RETRIES:
            raise reimport_denied_party_list.retry(exc=exc, countdown=60) from exc
        logger.warning("List %s: source unavailable, the live version stays: %s", list_id, exc)
        return "source unavailable"
    return "unchanged" if version is None else f"version {version.number} {version.status}"


@shared_task(acks_late=True)
def send_clock_reminders() -> int:
    """Daily: remind whoever holds a case past a target (once per breach)."""
    return clock.send_clock_reminders()


# --- the audit trail's proof and retention (docs/audit-trail.md) ---

@shared_task(name=background.ANCHOR_AUDIT_CHAIN, acks_late=True, autoretry_for=(OSError,),
             retry_backoff=5, max_retries=5)
def anchor_audit_chain(reason: str = "") -> str:
    anchor = audit_anchor.write_anchor(reason=reason or "Scheduled anchor")
    logger.info("Audit chain anchored: %s (%s events)", anchor.name, anchor.event_count)
    return anchor.name


@shared_task(name=background.CHECK_AUDIT_CHAIN, acks_late=True)
def check_audit_chain(check_id: int) -> str:
    return audit_proof.run_chain_check(check_id).status


@shared_task(acks_late=True)
def erase_expired_personal_data() -> int:
    return len(retention.erase_expired_personal_data())


@shared_task(acks_late=True)
def remove_orphan_uploads() -> int:
    """Delete stored files no row refers to (services/uploads.py). Safe to run twice."""
    return len(uploads.remove_orphan_files())
