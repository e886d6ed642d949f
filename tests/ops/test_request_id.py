"""One request id from the HTTP request through the Celery task it queues: in the web log
line of the submission, the worker's log lines of the screening, and the audit events of
both. The worker is a real process on real Redis; its log is JSON lines."""

import json
import logging
import uuid

import pytest

from licensing.models import AuditEvent, ScreeningRun
from ops.logs import JsonFormatter
from tests import factories
from tests.conftest import wait_for


@pytest.mark.django_db(transaction=True)
def test_a_submission_and_its_screening_carry_one_request_id(api, celery_worker, caplog):
    request = factories.draft_request()
    request_id = f"test-{uuid.uuid4().hex}"
    with caplog.at_level(logging.INFO, logger="licensing.access"):
        response = api.as_user(request.created_by).post(
            f"/api/v1/requests/{request.pk}/submit/", HTTP_X_REQUEST_ID=request_id)
    assert response.status_code == 200, response.content
    assert response["X-Request-ID"] == request_id

    submission = [r for r in caplog.records if r.name == "licensing.access"
                  and r.path.endswith("/submit/")]
    line = json.loads(JsonFormatter().format(submission[0]))
    assert line["request_id"] == request_id and line["status"] == 200

    run = ScreeningRun.objects.get(request=request)

    def worker_lines():
        """the worker logged the end of the screening run"""
        lines = [json.loads(text) for text in celery_worker.log_path.read_text().splitlines()
                 if text.startswith("{")]
        mine = [entry for entry in lines if entry.get("screening_run") == run.pk]
        return mine if any("completed" in entry["message"] for entry in mine) else None

    lines = wait_for(worker_lines, timeout=60)
    assert {entry["request_id"] for entry in lines} == {request_id}
    assert {entry["process"] for entry in lines} != {line["process"]}  # another process

    submitted = AuditEvent.objects.get(request=request, action="request.submitted")
    assert submitted.correlation_id == request_id
    written_by_worker = AuditEvent.objects.filter(request=request, actor_label="system")
    assert written_by_worker.exists()
    assert set(written_by_worker.values_list("correlation_id", flat=True)) == {request_id}


def test_an_unusable_incoming_id_is_replaced(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32
