"""Background work, queued through a transactional outbox.

`enqueue(task_name, *args)` writes an `OutboxMessage` in the caller's transaction, so the work
is owed exactly when the change that owes it commits (and not at all if it rolls back). After
commit the message is published to the broker by task name and the row marked sent. If the
broker is down, publishing fails fast (the settings allow one quick retry) and the row stays
unsent; the periodic sweep (`send_owed`, Celery beat every minute) sends whatever is owed
once the broker answers again. So a broker outage delays work but never loses it.

Publishing is by name (`send_task`), so no service imports the Celery tasks module: the
tasks sit above the services and call them. Delivery is at least once (a row sent just before a
crash may be sent again by the sweep): every task is idempotent.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from licensing.models import OutboxMessage

logger = logging.getLogger(__name__)

# The names of the tasks services queue. The task module registers each task under the
# name given here (`@shared_task(name=background.SCREEN_REQUEST)`), so the two cannot drift.
SCREEN_REQUEST = "licensing.screen_request"
RESCREEN_EVERYTHING_OPEN = "licensing.rescreen_everything_open"
RESCREEN_BATCH = "licensing.rescreen_batch"
GENERATE_LICENCE_DOCUMENT = "licensing.generate_licence_document"
SEND_NOTIFICATION = "licensing.send_notification"
APPLY_EXPORT_HALT = "licensing.apply_export_halt"
REIMPORT_DENIED_PARTY_LIST = "licensing.reimport_denied_party_list"
ANCHOR_AUDIT_CHAIN = "licensing.anchor_audit_chain"
CHECK_AUDIT_CHAIN = "licensing.check_audit_chain"
TASK_NAMES = frozenset({
    SCREEN_REQUEST, RESCREEN_EVERYTHING_OPEN, RESCREEN_BATCH, GENERATE_LICENCE_DOCUMENT,
    SEND_NOTIFICATION, APPLY_EXPORT_HALT, REIMPORT_DENIED_PARTY_LIST, ANCHOR_AUDIT_CHAIN,
    CHECK_AUDIT_CHAIN,
})

# A row younger than this is left to the publish its own transaction queued on commit.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500

SENT, SKIPPED, BROKER_DOWN = "sent", "skipped", "broker down"


def enqueue(task_name: str, *args) -> OutboxMessage:
    """Owe the task `task_name(*args)` from the caller's transaction on; publish it once the
    transaction commits (at once outside one). Arguments must be JSON (primary keys,
    strings, small dicts)."""
    if task_name not in TASK_NAMES:
        # A misspelt name would be queued and then refused by every worker.
        raise ValueError(f"Unknown background task {task_name!r}.")
    message = OutboxMessage.objects.create(task_name=task_name, args=list(args))
    transaction.on_commit(lambda: _publish_committed(message))
    return message


def publish(message_id: int) -> bool:
    """Send one owed message now; True if this call sent it. Never raises for a broker
    that is down (the row stays owed); in eager mode (demo without Redis, tests) the task
    runs in-process and its errors propagate."""
    return _publish(message_id) == SENT


def send_owed(*, older_than: timedelta = SWEEP_GRACE, limit: int = SWEEP_BATCH) -> list[int]:
    """The sweep: send every message still owed, oldest first; stop at the first broker
    failure (the rest would fail too). Also forgets messages sent long ago. Returns the ids
    sent."""
    cutoff = timezone.now() - older_than
    owed = list(OutboxMessage.objects.filter(sent_at__isnull=True, created_at__lte=cutoff)
                .order_by("created_at", "id").values_list("pk", flat=True)[:limit])
    sent = []
    for message_id in owed:
        outcome = _publish(message_id)
        if outcome == BROKER_DOWN:
            break
        if outcome == SENT:
            sent.append(message_id)
    if sent:
        logger.info("Outbox sweep sent %d owed message(s)", len(sent))
    forget_sent()
    return sent


def forget_sent() -> int:
    """Delete rows sent more than OUTBOX_KEEP_DAYS ago: they are no longer owed, and the
    work they caused is recorded where it happened (audit trail, screening runs)."""
    before = timezone.now() - timedelta(days=settings.OUTBOX_KEEP_DAYS)
    deleted, _ = OutboxMessage.objects.filter(sent_at__lt=before).delete()
    return deleted


def send_now(task_name: str, *args) -> bool:
    """Publish without an outbox row, for work the database already records another way
    (the screening sweep re-sends runs from their ScreeningRun rows). False if the broker
    is down; the caller's own record keeps the work owed."""
    if task_name not in TASK_NAMES:
        raise ValueError(f"Unknown background task {task_name!r}.")
    app = current_app
    if app.conf.task_always_eager:
        _registered_task(task_name).apply(args=list(args), throw=True)
        return True
    try:
        app.send_task(task_name, args=list(args), retry=False)
    except (BrokerError, OSError) as exc:
        logger.warning("Broker unavailable; %s%r left for the sweep: %s", task_name,
                       tuple(args), exc)
        return False
    return True


def _publish(message_id: int) -> str:
    app = current_app
    if app.conf.task_always_eager:
        return _run_in_process(message_id)
    with transaction.atomic():
        # The row lock keeps the sweep and the on-commit publish from both sending it
        # (PostgreSQL; SQLite serialises writers anyway).
        message = (OutboxMessage.objects.select_for_update(skip_locked=True)
                   .filter(pk=message_id, sent_at__isnull=True).first())
        if message is None:
            return SKIPPED
        message.attempts += 1
        try:
            app.send_task(message.task_name, args=message.args, retry=False)
        except (BrokerError, OSError) as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            message.save(update_fields=["attempts", "last_error"])
            logger.warning("Broker unavailable; %s%r left for the sweep: %s",
                           message.task_name, tuple(message.args), exc)
            return BROKER_DOWN
        message.sent_at = timezone.now()
        message.last_error = ""
        message.save(update_fields=["attempts", "sent_at", "last_error"])
    return SENT


def _publish_committed(message: OutboxMessage) -> str:
    """The publish its own transaction queued on commit: the row was written just now by
    this process, and the sweep leaves rows younger than SWEEP_GRACE alone, so there is no
    one to race and no need to read and lock the row first: send it, then mark it sent (a
    single UPDATE, which only a row still owed matches). Delivery stays at least once."""
    app = current_app
    if app.conf.task_always_eager:
        return _run_in_process(message.pk)
    try:
        # Through the app's producer pool: the broker connection is opened once per process
        # and reused by every publish after it.
        app.send_task(message.task_name, args=message.args, retry=False)
    except (BrokerError, OSError) as exc:
        OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        logger.warning("Broker unavailable; %s%r left for the sweep: %s",
                       message.task_name, tuple(message.args), exc)
        return BROKER_DOWN
    OutboxMessage.objects.filter(pk=message.pk, sent_at__isnull=True).update(
        attempts=F("attempts") + 1, sent_at=timezone.now(), last_error="")
    return SENT


def _run_in_process(message_id: int) -> str:
    message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
    if message is None:
        return SKIPPED
    task = _registered_task(message.task_name)
    try:
        task.apply(args=message.args, throw=True)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message_id).update(
            attempts=F("attempts") + 1, last_error=f"{type(exc).__name__}: {exc}"[:2000])
        raise
    OutboxMessage.objects.filter(pk=message_id).update(attempts=F("attempts") + 1,
                                                       sent_at=timezone.now(), last_error="")
    return SENT


def _registered_task(task_name: str):
    app = current_app
    if task_name not in app.tasks:
        # The web process never imports the tasks module; let Celery's autodiscovery load it.
        app.loader.import_default_modules()
    return app.tasks[task_name]
