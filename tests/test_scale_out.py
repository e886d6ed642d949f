"""Scale-out, shown: two web processes (gunicorn, two ports) and two Celery workers against
one PostgreSQL database and one Redis. Requests submitted through both web processes are
each screened exactly once: one run, one completion event, by one worker.

The deployment gets its own PostgreSQL database (created and dropped here) on the server of
SCALE_OUT_POSTGRES_URL (default: the suite's PostgreSQL server, else 127.0.0.1:5432)."""

import json
import os
import re
import urllib.request
import uuid
from collections import Counter
from datetime import timedelta

import psycopg
import pytest
from django.conf import settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from tests.conftest import TEST_BROKER_URL, wait_for
from tests.processes import celery_worker, free_port, gunicorn, manage, project_env, wait_for_http

REQUESTS = 12

SET_UP_APPLICANT = """
from accounts.models import Organisation, Role, User
from rest_framework.authtoken.models import Token
organisation = Organisation.objects.create(name="Northgate Munitions d.o.o.",
                                           registration_number="RS-1", country="RS")
user = User.objects.create_user("applicant@scale.example", "x-" * 8, role=Role.APPLICANT,
                                organisation=organisation, full_name="Scale Applicant")
print("TOKEN", Token.objects.create(user=user).key)
"""


def postgres_server() -> str:
    configured = os.environ.get("SCALE_OUT_POSTGRES_URL")
    if configured:
        return configured.rstrip("/")
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = db.get("USER") or "postgres"
        if db.get("PASSWORD"):
            auth += f":{db['PASSWORD']}"
        return f"postgres://{auth}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return "postgres://postgres@127.0.0.1:5432"


@pytest.fixture
def scale_out_database():
    server = postgres_server()
    name = f"scaleout_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(f"PostgreSQL is not answering at {server}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield f"{server}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def call(base, path, token, body=None, multipart=None):
    headers = {"Authorization": f"Token {token}"}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    elif multipart is not None:
        data, headers["Content-Type"] = encode_multipart(BOUNDARY, multipart), MULTIPART_CONTENT
    request = urllib.request.Request(f"{base}{path}", data=data, headers=headers,  # noqa: S310
                                     method="POST" if data is not None else "GET")
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (local URL)
        return json.loads(response.read())


def draft(number: int) -> dict:
    today = timezone.localdate()
    return {
        "applicant_reference": f"SCALE-{number:03d}", "destination_country": "PL",
        "end_use": "Training ammunition for the national armed forces",
        "transit_countries": ["HU"],
        "parties": [{"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
                     "address": "Warsaw", "end_user_type": "armed_forces"},
                    {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
                     "address": "Warsaw"}],
        "items": [{"description": "7.62x39 mm ball cartridges", "control_category": "ML3",
                   "quantity": 1000, "unit": "rounds", "value": "350.00", "currency": "EUR"}],
        "end_user_certificate": {
            "number": f"PL/MON/2026/S{number:03d}", "issuing_country": "PL",
            "issuing_authority": "Ministry of National Defence",
            "issue_date": str(today - timedelta(days=10)),
            "expiry_date": str(today + timedelta(days=300)), "non_reexport_clause": True,
            "items": [{"control_category": "ML3", "quantity": 1000}]},
    }


def test_two_web_and_two_worker_processes_screen_every_request_exactly_once(
        scale_out_database, tmp_path):
    from licensing.demo_documents import minimal_pdf

    queue = f"scale-{uuid.uuid4().hex[:10]}"
    env = project_env(tmp_path, DATABASE_URL=scale_out_database,
                      CELERY_BROKER_URL=TEST_BROKER_URL, REDIS_URL=TEST_BROKER_URL,
                      CELERY_QUEUE=queue, LOG_LEVEL="INFO",
                      MEDIA_ROOT=str(tmp_path / "shared-media"))
    manage(env, "migrate", "--noinput")
    token = re.search(r"TOKEN (\w+)", manage(env, "shell", "-c", SET_UP_APPLICANT)).group(1)
    ports = [free_port(), free_port()]
    with gunicorn(ports[0], env, tmp_path / "web-1.log", workers=2) as web_1, \
            gunicorn(ports[1], env, tmp_path / "web-2.log", workers=2) as web_2, \
            celery_worker(queue, env, tmp_path / "worker-1.log", name="worker-1"), \
            celery_worker(queue, env, tmp_path / "worker-2.log", name="worker-2"):
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, web in zip(bases, (web_1, web_2), strict=True):
            wait_for_http(f"{base}/healthz", web)

        wait_for(lambda: _ready_workers(tmp_path) == 2, timeout=120)
        submitted = {}
        for number in range(REQUESTS):
            base = bases[number % 2]  # alternate: each web process takes half
            created = call(base, "/api/v1/requests/", token, body=draft(number))
            call(base, f"/api/v1/requests/{created['id']}/documents/", token,
                 multipart={"kind": "end_user_certificate",
                            "file": _named_file(minimal_pdf(f"EUC {number}"))})
            done = call(base, f"/api/v1/requests/{created['id']}/submit/", token, body={})
            assert done["status"] == "submitted"
            submitted[created["id"]] = base

        with psycopg.connect(scale_out_database) as db:
            def all_screened():
                """every submitted request has a completed screening run"""
                rows = db.execute("SELECT request_id FROM licensing_screeningrun "
                                  "WHERE status = 'completed'").fetchall()
                db.commit()
                return {row[0] for row in rows} >= set(submitted)

            wait_for(all_screened, timeout=180)
            runs = Counter(row[0] for row in db.execute(
                "SELECT request_id FROM licensing_screeningrun").fetchall())
            completions = Counter(row[0] for row in db.execute(
                "SELECT request_id FROM licensing_auditevent "
                "WHERE action = 'screening.completed'").fetchall())
            run_ids = {row[0] for row in db.execute("SELECT id FROM licensing_screeningrun")}

    assert runs == dict.fromkeys(submitted, 1)
    assert completions == dict.fromkeys(submitted, 1)
    assert set(submitted.values()) == set(bases)  # both web processes took submissions
    by_worker = [_completed_runs(tmp_path / f"worker-{n}.log") for n in (1, 2)]
    assert by_worker[0].isdisjoint(by_worker[1])  # no run screened by both workers
    assert by_worker[0] | by_worker[1] == run_ids


def _named_file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("euc.pdf", data, content_type="application/pdf")


def _completed_runs(log) -> set[int]:
    """Screening runs a worker's JSON log says it completed."""
    runs = set()
    for line in log.read_text().splitlines():
        if line.startswith("{"):
            entry = json.loads(line)
            if entry["message"].startswith("Screening run") and "completed" in entry["message"]:
                runs.add(entry["screening_run"])
    return runs


def _ready_workers(tmp_path) -> int:
    """How many of our workers logged that they are ready."""
    return sum(" ready." in (tmp_path / f"worker-{n}.log").read_text() for n in (1, 2))
