"""/healthz and /readyz: JSON, no sign-in, no secrets; readiness follows a real worker."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from licensing.models import DeniedPartyList, DeniedPartyListVersion
from licensing.services.list_imports import import_denied_party_list, save_denied_party_list
from tests.conftest import REPO_ROOT, TEST_BROKER_URL, _worker_database_url, wait_for
from tests.processes import BIN, project_env, running

NATIONAL = REPO_ROOT / "tests" / "licensing" / "data" / "national_list.csv"


def test_healthz_answers_without_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["X-Request-ID"]


@pytest.mark.django_db
def test_readyz_names_what_is_wrong_without_secrets(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the worker check is the next test's
    version = import_denied_party_list(actor=None, list_name="National list",
                                       fmt="national", paths=[NATIONAL])
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["lists"] == {"ok": True, "lists": 1}

    dp_list = version.denied_party_list
    dp_list.source = str(NATIONAL)
    save_denied_party_list(actor=None, dp_list=dp_list)
    DeniedPartyListVersion.objects.filter(pk=version.pk).update(
        imported_at=timezone.now() - timedelta(hours=settings.LIST_REIMPORT_HOURS + 7))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["checks"]["lists"]["lists"] == ["National list"]
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]

    DeniedPartyList.objects.filter(pk=dp_list.pk).update(checked_at=timezone.now())
    assert client.get("/readyz").status_code == 200
    for secret in ("redis://", "postgres://", "sqlite:///", settings.SECRET_KEY):
        assert secret not in response.content.decode()


@pytest.mark.django_db
def test_readyz_is_unready_while_no_worker_consumes_the_queue(client, settings, tmp_path):
    from config.celery import app

    queue = f"readyz-{uuid.uuid4().hex[:10]}"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    env = project_env(tmp_path, DATABASE_URL=_worker_database_url(),
                      CELERY_BROKER_URL=TEST_BROKER_URL, CELERY_QUEUE=queue)
    worker = [str(BIN / "celery"), "-A", "config", "worker", "--pool", "solo", "--queues",
              queue, "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle"]

    def workers_check():
        return client.get("/readyz").json()["checks"]["workers"]

    try:
        assert workers_check() == {"ok": False, "detail": f"no worker answers on queue {queue}"}
        assert client.get("/readyz").status_code == 503
        with running(worker, env, tmp_path / "worker-1.log"):
            wait_for(lambda: workers_check()["ok"], timeout=60)
            assert client.get("/readyz").status_code == 200
        assert workers_check()["ok"] is False  # stopped: unready again
        with running(worker, env, tmp_path / "worker-2.log"):
            wait_for(lambda: workers_check()["ok"], timeout=60)  # back: ready
            assert client.get("/readyz").json()["status"] == "ready"
    finally:
        app.conf.task_default_queue = default_queue
