"""CPU time of each API step and of a screening run, in one process, without the load.

    .venv/bin/python bench/step_cpu.py [--n 100] [--db bench_steps_wt17b]
        [--redis redis://127.0.0.1:6379/12] [--profile FILE] [--reuse-db] [--keep-db]

`bench/load.py` measures the real servers under load on a shared machine, where wall-clock
figures move by ±30 % from run to run. This measures what a change to the code does, in
CPU seconds of this process (`time.process_time`), which other processes on the machine
hardly move: a scratch PostgreSQL database (migrated and seeded as bench/load.py does), the
whole middleware stack through Django's test client with token authentication
(config.settings_bench, DEBUG off), the same create / upload / submit bodies as
bench/load.py, `--n` times after 10 for warming up; then the screening runs those
submissions queued, executed in-process as the Celery task does (`mark_run_started`,
`execute_screening_run`). The on-commit publish goes to Redis on a queue of its own, which
is deleted at the end. Prints CPU ms per step (mean and median) and SQL queries per step;
`--profile FILE` writes a cProfile (CPU time) of the measured iterations.
"""

import argparse
import cProfile
import io
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--n", type=int, default=100, help="measured complete submissions")
parser.add_argument("--db", default="bench_steps_wt17b", help="scratch database name")
parser.add_argument("--redis", default="redis://127.0.0.1:6379/12")
parser.add_argument("--profile", metavar="FILE")
parser.add_argument("--reuse-db", action="store_true", help="do not re-create the database")
parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
ARGS = parser.parse_args()

ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
WORK_DIR = Path(tempfile.mkdtemp(prefix="bench-steps-"))
QUEUE = f"bench-steps-{uuid.uuid4().hex[:8]}"
os.environ.update({
    "DJANGO_SETTINGS_MODULE": "config.settings_bench",
    "DATABASE_URL": ADMIN_URL.rsplit("/", 1)[0] + "/" + ARGS.db,
    "REDIS_URL": ARGS.redis,
    "CELERY_QUEUE": QUEUE,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "LOG_LEVEL": "WARNING",
    "MEDIA_ROOT": str(WORK_DIR / "media"),
    "NAME_INDEX_DIR": str(WORK_DIR / "name-index"),
    "AUDIT_ANCHOR_DIR": str(WORK_DIR / "anchors"),
})

import django  # noqa: E402
import psycopg  # noqa: E402


def admin_sql(statement: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)


def setup() -> str:
    if not ARGS.reuse_db:
        admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.db}" WITH (FORCE)')
        admin_sql(f'CREATE DATABASE "{ARGS.db}"')
    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from accounts.models import Organisation, Role, User

    if not ARGS.reuse_db:
        call_command("migrate", verbosity=0)
        call_command("import_reference_lists", verbosity=0, stdout=io.StringIO())
    organisation, _ = Organisation.objects.get_or_create(
        registration_number="BENCH-STEPS-1",
        defaults={"name": "Bench Munitions d.o.o.", "country": "RS"})
    user = User.objects.filter(email="applicant@bench-steps.example").first()
    if user is None:
        user = User.objects.create_user(email="applicant@bench-steps.example", password=None,
                                        full_name="Bench Applicant", role=Role.APPLICANT,
                                        organisation=organisation)
    return Token.objects.get_or_create(user=user)[0].key


def request_body(serial: str) -> str:
    today = datetime.now(UTC).date()
    return json.dumps({
        "applicant_reference": f"STEPS-{serial}",
        "destination_country": "PL",
        "end_use": "Training ammunition for the national armed forces",
        "transit_countries": ["HU", "SK"],
        "parties": [
            {"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
             "address": "Warsaw", "end_user_type": "armed_forces"},
            {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
             "address": "Warsaw", "end_user_type": ""},
        ],
        "items": [{"description": "7.62x39 mm ball cartridges", "control_category": "ML3",
                   "quantity": 1_000_000, "unit": "rounds", "value": "350000.00",
                   "currency": "EUR", "for_assembly_abroad": False}],
        "end_user_certificate": {
            "number": f"PL/MON/2026/{serial}", "issuing_country": "PL",
            "issuing_authority": "Ministry of National Defence",
            "issue_date": (today - timedelta(days=10)).isoformat(),
            "expiry_date": (today + timedelta(days=300)).isoformat(),
            "non_reexport_clause": True,
            "items": [{"control_category": "ML3", "description": "", "quantity": 1_000_000}],
        },
    })


def main():
    token = setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from licensing.demo_documents import minimal_pdf
    from licensing.models import ScreeningRun
    from licensing.services import screening

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    pdf = minimal_pdf()
    cpu = {"create": [], "upload": [], "submit": [], "screening": []}
    queries = {step: [] for step in cpu}
    profile = cProfile.Profile(time.process_time) if ARGS.profile else None
    run_ids = []
    prefix = uuid.uuid4().hex[:6]

    def step(name, measured, call):
        count = 0

        def counting(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counting):
            if measured and profile:
                profile.enable()
            started = time.process_time()
            result = call()
            spent = time.process_time() - started
            if measured and profile:
                profile.disable()
        if measured:
            cpu[name].append(spent * 1000)
            queries[name].append(count)
        return result

    for i in range(10 + ARGS.n):
        measured = i >= 10
        serial = f"{prefix}{i:05d}"
        response = step("create", measured, lambda s=serial: client.post(
            "/api/v1/requests/", request_body(s), content_type="application/json"))
        assert response.status_code == 201, response.content[:300]
        pk = response.json()["id"]
        response = step("upload", measured, lambda pk=pk: client.post(
            f"/api/v1/requests/{pk}/documents/",
            {"kind": "end_user_certificate",
             "file": SimpleUploadedFile("euc.pdf", pdf, content_type="application/pdf")}))
        assert response.status_code == 201, response.content[:300]
        response = step("submit", measured, lambda pk=pk: client.post(
            f"/api/v1/requests/{pk}/submit/", "{}", content_type="application/json"))
        assert response.status_code == 200, response.content[:300]
        run_ids.append((measured, ScreeningRun.objects.get(request_id=pk).pk))

    def screen(run_id):
        if screening.mark_run_started(run_id):
            screening.execute_screening_run(run_id)

    for measured, run_id in run_ids:
        step("screening", measured, lambda r=run_id: screen(r))

    print(f"CPU of this process per step, {ARGS.n} complete submissions after 10 warm-up ones "
          f"(database {ARGS.db}):")
    print(f"  {'step':<10} {'mean ms':>8} {'p50 ms':>8}  SQL queries")
    total = 0.0
    for name, values in cpu.items():
        counts = sorted(set(queries[name]))
        total += statistics.mean(values)
        print(f"  {name:<10} {statistics.mean(values):8.2f} {statistics.median(values):8.2f}"
              f"  {'/'.join(str(c) for c in counts)}")
    print(f"  {'total':<10} {total:8.2f}")
    if profile:
        profile.dump_stats(ARGS.profile)
        print(f"cProfile (CPU time) written to {ARGS.profile}")

    from config.celery import app

    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(QUEUE)
    connection.close()
    if not ARGS.keep_db:
        admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.db}" WITH (FORCE)')


if __name__ == "__main__":
    main()
