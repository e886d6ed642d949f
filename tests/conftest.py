"""Shared fixtures: API clients per role, and a real Celery worker on real Redis for the
tests that are about Celery."""

import contextlib
import importlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.signals import post_migrate
from rest_framework.test import APIClient

from tests import factories

REPO_ROOT = Path(__file__).resolve().parent.parent
# One queue per test session, so a developer's own worker never takes our tasks and a
# message left over from an earlier run is never delivered to this one.
TEST_QUEUE = f"test-{uuid.uuid4().hex[:12]}"
TEST_BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(autouse=True, scope="session")
def _isolated_celery_queue():
    from config.celery import app

    app.conf.task_default_queue = TEST_QUEUE
    app.conf.broker_url = TEST_BROKER_URL
    app.conf.task_always_eager = False
    yield


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # Signed anchors of the audit chain: never a developer's (they anchor another chain).
    settings.AUDIT_ANCHOR_DIR = str(tmp_path / "audit-anchors")
    settings.NAME_INDEX_DIR = str(tmp_path / "name-index")
    # A deliberately slow hash protects real passwords; tests create hundreds of users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True, scope="session")
def _licence_signing_key():
    """Licence documents are signed: make the development key if there is none (as
    `make run` does), before any Celery worker starts, so both sides find it."""
    from django.core.management import call_command

    call_command("generate_signing_key", verbosity=0)


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a page rendered in Serbian by an earlier
    test (the locale middleware activates the reader's language) must not leak into the
    messages the next one reads."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_messages_from_earlier_tests(request):
    """A test that commits starts with the session's queue empty. Messages an earlier test
    published (a re-screening of everything open when it declared an export halt) are
    about rows its flush removed; the suite's worker, still busy with that test's backlog,
    would otherwise take them during this one and re-screen its request mid-test."""
    marker = request.node.get_closest_marker("django_db")
    committing = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server"))
    if committing:
        import redis

        # no broker: no worker and nothing queued (the worker's own tests skip or fail)
        with contextlib.suppress(redis.exceptions.ConnectionError):
            redis.Redis.from_url(TEST_BROKER_URL, socket_connect_timeout=1).delete(TEST_QUEUE)


@pytest.fixture(autouse=True)
def _cache_per_test(settings, request):
    """A fresh in-process cache per test: rate limits and throttles start from zero and
    never see a developer's Redis."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": f"test-{request.node.nodeid}"}}
    # Screening's per-process cache of the country lists is keyed by their versions, which
    # a test that writes entries directly and is rolled back leaves as they were.
    from licensing.reference_data import forget_country_lists

    forget_country_lists()


# The append-only triggers as migration 0007 (issue 12) last defined them.
_append_only = importlib.import_module("licensing.migrations.0009_i12_audit_proof")
_criteria_catalogue = importlib.import_module("licensing.migrations.0002_criteria_catalogue")
_licence_conditions = importlib.import_module("licensing.migrations.0005_seed_licence_conditions")
_consultation = importlib.import_module("licensing.migrations.0014_i10_consultation_assessment")
_no_truncate = importlib.import_module("licensing.migrations.0016_i15_audit_head")


def _restore_after_flush(sender, **kwargs):
    """Tests that commit are cleaned up by `flush`, which empties every table, including
    the catalogue data migrations seed, and ends with post_migrate: put it back."""
    if sender.label != "licensing":
        return
    from django.apps import apps

    _criteria_catalogue.seed_criteria(apps, None)
    _licence_conditions.seed(apps, None)
    _consultation.seed_consultation(apps, None)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in _append_only.SQLITE_CREATE:
                cursor.execute(statement)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_no_truncate.POSTGRESQL_CREATE)


# Flush meets the audit table's protection: on SQLite it deletes row by row (row triggers),
# on PostgreSQL it truncates (the TRUNCATE trigger). The fixture below drops the triggers
# just before, and this puts them back.
post_migrate.connect(_restore_after_flush, dispatch_uid="test-restore-after-flush")


@pytest.fixture(autouse=True)
def _audit_triggers_out_of_the_way_of_flush(request):
    marker = request.node.get_closest_marker("django_db")
    commits = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server"))
    if not commits:
        yield
        return
    request.getfixturevalue("transactional_db")
    yield
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in _append_only.SQLITE_DROP:
                cursor.execute(statement)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_no_truncate.POSTGRESQL_DROP)


@pytest.fixture
def api():
    """An API client; `api.as_user(user)` authenticates it with the user's token."""
    client = APIClient()

    def as_user(user):
        from rest_framework.authtoken.models import Token

        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    client.as_user = as_user
    return client


@pytest.fixture
def applicant(db):
    return factories.ApplicantFactory()


@pytest.fixture
def officer(db):
    return factories.OfficerFactory()


@pytest.fixture
def approver(db):
    return factories.ApproverFactory()


@pytest.fixture
def auditor(db):
    return factories.AuditorFactory()


def _worker_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    return f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the test database and a real Redis broker."""
    import redis

    try:
        redis.Redis.from_url(TEST_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"Redis is not answering at {TEST_BROKER_URL}: {exc}")
    log = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {**os.environ,
           "DATABASE_URL": _worker_database_url(),
           "CELERY_BROKER_URL": TEST_BROKER_URL,
           "CELERY_QUEUE": TEST_QUEUE,
           "MEDIA_ROOT": str(tmp_path_factory.mktemp("worker-media")),
           "AUDIT_ANCHOR_DIR": str(tmp_path_factory.mktemp("worker-anchors")),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    log_file = open(log, "w")  # noqa: SIM115 - the worker writes to it until teardown
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
         "--queues", TEST_QUEUE, "--loglevel", "INFO", "--without-gossip", "--without-mingle",
         "--without-heartbeat", "--hostname", f"{TEST_QUEUE}@%h"],
        cwd=REPO_ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while "ready." not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"Celery worker did not start:\n{log.read_text()}")
        time.sleep(0.2)
    process.log_path = log
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log_file.close()
    redis.Redis.from_url(TEST_BROKER_URL).delete(TEST_QUEUE)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A test that failed while a worker ran gets the worker's log beside its own output:
    what the worker received, finished or retried is most of the story."""
    report = yield
    worker = item.funcargs.get("celery_worker") if hasattr(item, "funcargs") else None
    if report.failed and worker is not None:
        lines = worker.log_path.read_text(errors="replace").splitlines()
        report.sections.append(("Celery worker log (last 80 lines)", "\n".join(lines[-80:])))
    return report


def wait_for(predicate, timeout=30.0, interval=0.2):
    """Poll until `predicate()` is truthy (work done by another process); fail on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {predicate.__doc__ or predicate}")
