"""The outbox (licensing/services/background.py): work is owed from the change's own
transaction, published after commit, kept when the broker is down and sent by the sweep when
it is back; with a real Redis and a real worker, the work then happens."""

import ast
import logging
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from celery import current_app
from django.core import mail
from django.db import transaction
from django.utils import timezone

from licensing.models import AuditEvent, Licence, LicenceDocument, OutboxMessage
from licensing.services import background, halts, requests, special_approval
from tests import factories
from tests.conftest import REPO_ROOT, wait_for
from tests.licensing.licence_helpers import eager_tasks  # noqa: F401 - fixture

CLOSED_PORT = "redis://127.0.0.1:1/0"


@contextmanager
def broker_at(url: str):
    """Point this process's Celery app at another broker, as a web process whose Redis went
    away would be. The app's references to its connection pools are dropped so the next
    publish connects to `url` (what Celery itself does after a fork); the pools stay open in
    kombu's registry, keyed by broker, for when the old broker is back."""
    app = current_app

    def drop_pools():
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    drop_pools()
    app.conf.broker_url = url
    try:
        yield
    finally:
        drop_pools()
        app.conf.broker_url = previous


def owed():
    return OutboxMessage.objects.filter(sent_at__isnull=True)


# --- without a worker ---

@pytest.mark.django_db
def test_work_is_owed_only_if_the_change_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        message = background.enqueue(background.SEND_NOTIFICATION, {"kind": "x"})
        assert owed().get() == message  # written in the caller's transaction
    assert len(callbacks) == 1  # published only once it commits

    with pytest.raises(RuntimeError), transaction.atomic():
        background.enqueue(background.APPLY_EXPORT_HALT, 7)
        raise RuntimeError("the change fails")
    assert list(owed().values_list("task_name", flat=True)) == [background.SEND_NOTIFICATION]


@pytest.mark.django_db
def test_a_task_name_nobody_registered_is_refused_at_once():
    with pytest.raises(ValueError, match="Unknown background task"):
        background.enqueue("licensing.screen_requets", 1)
    assert not OutboxMessage.objects.exists()


def test_every_task_services_queue_is_registered_under_its_name():
    current_app.loader.import_default_modules()  # what a worker does on start
    assert background.TASK_NAMES - set(current_app.tasks) == set()


def test_no_service_or_workflow_module_imports_the_tasks_module():
    offenders = []
    for folder in ("licensing/services", "licensing/workflow"):
        for path in sorted((REPO_ROOT / folder).glob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                offenders += [f"{path.relative_to(REPO_ROOT)}: {name}" for name in names
                              if name == "licensing.tasks" or name.startswith("licensing.tasks.")]
    assert offenders == []


def test_the_outbox_sweep_runs_every_minute(settings):
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values()
               if e["task"] == "licensing.tasks.send_owed_background_work"]
    assert entry["schedule"] == timedelta(minutes=1)


@pytest.mark.django_db
def test_with_the_broker_down_publishing_keeps_the_row_owed_and_says_so(caplog):
    message = background.enqueue(background.APPLY_EXPORT_HALT, 7)  # no commit in this test
    with broker_at(CLOSED_PORT), caplog.at_level(logging.WARNING):
        assert background.publish(message.pk) is False
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1
    assert message.last_error
    assert "left for the sweep" in caplog.text


@pytest.mark.django_db
def test_the_sweep_stops_at_the_first_broker_failure_and_spares_fresh_rows():
    first, second = (background.enqueue(background.APPLY_EXPORT_HALT, n) for n in (1, 2))
    OutboxMessage.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    fresh = background.enqueue(background.APPLY_EXPORT_HALT, 3)  # its own publish is due
    with broker_at(CLOSED_PORT):
        assert background.send_owed() == []
    attempts = dict(OutboxMessage.objects.values_list("pk", "attempts"))
    assert attempts == {first.pk: 1, second.pk: 0, fresh.pk: 0}


@pytest.mark.django_db
def test_the_sweep_forgets_rows_sent_long_ago(settings):
    settings.OUTBOX_KEEP_DAYS = 7
    old, recent, unsent = (background.enqueue(background.APPLY_EXPORT_HALT, n)
                           for n in (1, 2, 3))
    now = timezone.now()
    OutboxMessage.objects.filter(pk=old.pk).update(sent_at=now - timedelta(days=8))
    OutboxMessage.objects.filter(pk=recent.pk).update(sent_at=now - timedelta(days=6))
    OutboxMessage.objects.filter(pk=unsent.pk).update(created_at=now - timedelta(days=30))
    assert background.forget_sent() == 1
    assert set(OutboxMessage.objects.values_list("pk", flat=True)) == {recent.pk, unsent.pk}


@pytest.mark.django_db
def test_in_eager_mode_the_work_runs_in_process_on_commit(
        eager_tasks, django_capture_on_commit_callbacks, officer):  # noqa: F811
    request = factories.submitted_request()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        requests.deny_request(actor=officer, request=request, reason="Risk of diversion.",
                              criteria=["7"])
    assert [m.to for m in mail.outbox] == [[request.created_by.email]]
    assert not owed().filter(task_name=background.SEND_NOTIFICATION).exists()


# --- with a real worker: the broker goes away, then comes back (issue 15, V5) ---

def _sweep_with_the_broker_back() -> list[int]:
    """Send what is owed; the worker may already be queueing follow-up work of its own."""
    due = sorted(owed().values_list("pk", flat=True))
    sent = background.send_owed(older_than=timedelta(0))
    assert sorted(sent) == due
    assert not OutboxMessage.objects.filter(pk__in=due, sent_at__isnull=True).exists()
    return sent


def _mail_in_worker_log(worker, kind: str, request):
    """The worker's e-mail backend (console) sent the notification: the message to the
    applicant and the count the backend reported are in the worker's log."""
    def sent():
        """the worker sent the e-mail"""
        log = Path(worker.log_path).read_text(errors="replace")
        # The worker logs one JSON object a line (ops/logs.py): the message ends at its quote.
        return (f"To: {request.created_by.email}" in log
                and f"Sent 1 notification(s) of {kind} for request {request.pk}\"" in log)

    wait_for(sent, timeout=60)


@pytest.mark.django_db(transaction=True)
def test_a_grant_while_the_broker_is_down_gets_its_pdf_and_email_after_the_sweep(
        celery_worker, approver):
    request = factories.verified_request()
    with broker_at(CLOSED_PORT):
        licence = special_approval.grant_special_approval(actor=approver, request=request,
                                                          reason="Allied armed forces.")
    assert sorted(owed().values_list("task_name", flat=True)) == sorted(
        [background.GENERATE_LICENCE_DOCUMENT, background.SEND_NOTIFICATION])
    assert not LicenceDocument.objects.filter(licence=licence).exists()

    assert len(_sweep_with_the_broker_back()) == 2

    def generated():
        """the worker generated the licence PDF"""
        return LicenceDocument.objects.filter(licence=licence, licence_status="issued").exists()

    wait_for(generated, timeout=60)
    _mail_in_worker_log(celery_worker, "request.special_approval_granted", request)


@pytest.mark.django_db(transaction=True)
def test_a_denial_while_the_broker_is_down_is_mailed_after_the_sweep(celery_worker, officer):
    request = factories.submitted_request()
    with broker_at(CLOSED_PORT):
        requests.deny_request(actor=officer, request=request, reason="Risk of diversion.",
                              criteria=["7"])
    assert list(owed().values_list("task_name", "args")) == [
        (background.SEND_NOTIFICATION, [{"kind": "request.denied", "request_id": request.pk,
                                         "reason": "Risk of diversion.", "licence_id": None,
                                         "shipment_id": None}])]
    _sweep_with_the_broker_back()
    _mail_in_worker_log(celery_worker, "request.denied", request)


@pytest.mark.django_db(transaction=True)
def test_a_halt_declared_while_the_broker_is_down_is_applied_after_the_sweep(
        celery_worker, approver):
    licensed = factories.approved_request()
    with broker_at(CLOSED_PORT):
        halt = halts.declare_halt(actor=approver, title="Ammunition moratorium", mode="deny",
                                  public_reason="Munitions reached a country at war.",
                                  valid_from=timezone.localdate(), control_categories=["ML3"])
    assert list(owed().values_list("task_name", "args")) == [
        (background.APPLY_EXPORT_HALT, [halt.pk])]
    assert Licence.objects.get(request=licensed).status == "issued"

    _sweep_with_the_broker_back()

    def applied():
        """the worker applied the halt"""
        return AuditEvent.objects.filter(action="halt.applied",
                                         object_id=str(halt.pk)).exists()

    wait_for(applied, timeout=60)
    assert Licence.objects.get(request=licensed).status == "suspended"
