"""Database connections failing during a burst of API calls: every answer is JSON (201, or
503 with Retry-After), never an HTML 500 or a traceback, and every 201 has its row.

On PostgreSQL the fault is the real one: another session terminates the web's connections
(pg_terminate_backend) while the burst runs. SQLite has no connections to kill; its fault is
a writer holding the database locked longer than the web waits ("database is locked")."""

import sqlite3
import threading
import time

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from licensing.models import ShipmentRequest
from tests import factories
from tests.licensing.test_api_requests import body

pytestmark = pytest.mark.django_db(transaction=True)

CALLS_PER_THREAD = 12
THREADS = 3


def _burst(applicant, results):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(applicant)
    try:
        for _ in range(CALLS_PER_THREAD):
            response = client.post("/api/v1/requests/", body(), format="json")
            results.append((response.status_code, response.get("Content-Type", ""),
                            response.content[:300]))
    finally:
        connections.close_all()


def _kill_postgresql_connections(stop):
    killer = connection.get_new_connection(connection.get_connection_params())
    killer.autocommit = True
    try:
        while not stop.is_set():
            with killer.cursor() as cursor:
                cursor.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND pid <> pg_backend_pid()")
            time.sleep(0.15)
    finally:
        killer.close()


def _lock_sqlite(stop, path):
    locker = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        while not stop.is_set():
            locker.execute("BEGIN EXCLUSIVE")
            time.sleep(0.6)
            locker.execute("COMMIT")
            time.sleep(0.2)
    finally:
        locker.close()


def test_a_burst_while_connections_fail_answers_json_and_loses_nothing(settings):
    settings.AXES_ENABLED = False
    applicant = factories.ApplicantFactory()
    vendor = connection.vendor
    if vendor == "sqlite":
        # The web waits at most a moment for a lock, so the locker's hold becomes an error.
        connections.settings["default"].setdefault("OPTIONS", {})["timeout"] = 0.1
        fault = threading.Thread(target=_lock_sqlite,
                                 args=(stop := threading.Event(), connection.settings_dict["NAME"]))
    else:
        fault = threading.Thread(target=_kill_postgresql_connections,
                                 args=(stop := threading.Event(),))
    results = []
    workers = [threading.Thread(target=_burst, args=(applicant, results))
               for _ in range(THREADS)]
    fault.start()
    try:
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=300)
    finally:
        stop.set()
        fault.join(timeout=30)
        if vendor == "sqlite":
            connections.settings["default"]["OPTIONS"]["timeout"] = 20
        connection.close()
    assert len(results) == THREADS * CALLS_PER_THREAD
    statuses = [status for status, _, _ in results]
    assert set(statuses) <= {201, 503}, [r for r in results if r[0] not in (201, 503)]
    assert all(content_type.startswith("application/json") for _, content_type, _ in results)
    assert not any(b"Traceback" in content for _, _, content in results)
    created = statuses.count(201)
    stored = ShipmentRequest.objects.filter(created_by=applicant).count()
    # Every 201 has its row; a 503 may come after the row committed (the connection died on
    # the way out), never more than that.
    assert created <= stored <= created + statuses.count(503)
    assert statuses.count(503) > 0, "the fault never reached a request: the test proved nothing"
