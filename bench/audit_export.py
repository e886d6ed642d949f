"""Exporting a large audit log: time and peak memory of the streamed CSV and JSON exports.

    .venv/bin/python bench/audit_export.py [--events 1000000] [--format csv|json|both]
    DATABASE_URL=postgres://.../bench_db .venv/bin/python bench/audit_export.py

Generates EVENTS audit events (realistic payloads: request snapshots, status changes,
screening results; about 1 in 20 events belongs to one of 1,000 requests) in a throw-away
SQLite database in a temporary directory, or in the (empty, throw-away) PostgreSQL
database DATABASE_URL names, then exports the whole log through the auditor's export view
(`/audit/export.csv`, `/audit/export.json`: the view, its streaming response and the
selectors it uses), each in a fresh child process, reading every byte of the response.
Prints, per format: wall time and CPU time (steadier on a shared machine), the child
process's peak resident memory (ru_maxrss: the whole process, Python, Django, the database
driver) and the bytes written.
Targets: under 60 s and under 200 MB for 1,000,000 events. Nothing is asserted.
The generated rows are not a valid chain (hashes are random): the export does not check.
"""

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def setup(database_url, workdir):
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(workdir / "media"),
        "AUDIT_ANCHOR_DIR": str(workdir / "anchors"),
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "REDIS_URL": "",
        "LOG_LEVEL": "ERROR",
        "AXES_ENABLED": "false",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
    })
    sys.path.insert(0, str(REPO))
    import django

    django.setup()


def generate(count):
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Organisation, Role, User

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench d.o.o.", registration_number="B-1",
                                               country="RS")
    applicant = User.objects.create_user("applicant@bench.example", "x", full_name="A",
                                         role=Role.APPLICANT, organisation=organisation)
    User.objects.create_user("auditor@bench.example", "x", full_name="Au", role=Role.AUDITOR)
    from licensing.models import ShipmentRequest

    requests = ShipmentRequest.objects.bulk_create(
        ShipmentRequest(organisation=organisation, created_by=applicant,
                        applicant_reference=f"BENCH-{i:05d}", destination_country="PL",
                        end_use="Bench") for i in range(1000))
    request_ids = [r.pk for r in requests]
    snapshot = {"status": "draft", "applicant_reference": "BENCH-00001",
                "destination_country": "PL", "end_use": "Training ammunition for the armed "
                "forces", "transit_countries": ["HU", "SK"],
                "parties": [{"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
                             "address": "Warsaw", "end_user_type": "armed_forces"}],
                "items": [{"description": "7.62x39 mm ball cartridges", "quantity": 1000000,
                           "control_category": "ML3", "value": "350000.00", "unit": "rounds",
                           "currency": "EUR", "for_assembly_abroad": False}]}
    shapes = [
        ("request.created", None, snapshot, ""),
        ("request.submitted", {"status": "draft"}, {"status": "submitted"}, ""),
        ("screening.completed", None, {"trigger": "submission", "findings": {
            "prohibition": 0, "high": 0, "medium": 1, "info": 2}, "list_versions": {
            "at_war": 3, "embargo": 7, "un": 12}}, ""),
        ("finding.cleared", None, {"check": "route.embargo", "severity": "medium",
                                   "message": "Transit through an embargoed country"},
         "Embargo targets non-state actors."),
        ("request.end_user_verified", {"status": "submitted"},
         {"status": "end_user_verified"}, "Verified through the embassy, note 2026/311"),
    ]
    columns = ("at, actor_id, actor_label, actor_role, action, object_type, object_id, "
               "request_id, before, after, reason, ip_address, previous_hash, hash, "
               "hash_version, payload_digest, mac_key_id, mac, correlation_id")
    sql = (f"INSERT INTO licensing_auditevent ({columns}) VALUES "  # noqa: S608
           f"({', '.join(['%s'] * 19)})")
    start = datetime(2020, 1, 1, tzinfo=UTC)
    previous = "0" * 64
    batch_size = 10_000
    began = time.perf_counter()
    for offset in range(0, count, batch_size):
        rows = []
        for n in range(offset, min(count, offset + batch_size)):
            action, before, after, reason = shapes[n % len(shapes)]
            digest = hashlib.sha256(str(n).encode()).hexdigest()
            request_id = request_ids[n % 1000] if n % 20 == 0 else None
            rows.append((start + timedelta(seconds=n * 30), applicant.pk,
                         "applicant@bench.example", "applicant", action,
                         "licensing.shipmentrequest", str(request_id or n), request_id,
                         None if before is None else json.dumps(before),
                         json.dumps(after), reason, "203.0.113.7", previous, digest, 2,
                         digest, "bench", digest, f"bench-{n // 5:08x}"))
            previous = digest
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(sql, rows)
    return time.perf_counter() - began


def export(fmt):
    """In the child: stream the export view's response to nowhere, counting bytes."""
    from django.test import RequestFactory

    from accounts.models import User
    from licensing.web import audit

    user = User.objects.get(email="auditor@bench.example")
    request = RequestFactory().get(f"/audit/export.{fmt}")
    request.user = user
    view = audit.audit_export if fmt == "csv" else audit.audit_export_json
    began = time.perf_counter()
    cpu_began = time.process_time()
    response = view(request)
    written = 0
    rows = 0
    for chunk in response.streaming_content:
        written += len(chunk)
        rows += chunk.count(b"\n")
    elapsed = time.perf_counter() - began
    cpu = time.process_time() - cpu_began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": elapsed, "cpu_seconds": cpu, "peak_mb": peak,
                      "bytes": written, "lines": rows}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--format", choices=["csv", "json", "both"], default="both")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup(os.environ["DATABASE_URL"], Path(args.workdir))
        export(args.child)
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-audit-export-"))
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    setup(database_url, workdir)
    print(f"Generating {args.events:,} audit events in {database_url.split('@')[-1]} …",
          flush=True)
    seconds = generate(args.events)
    print(f"  generated in {seconds:.1f} s")
    formats = ["csv", "json"] if args.format == "both" else [args.format]
    for fmt in formats:
        child = subprocess.run(
            [sys.executable, __file__, "--child", fmt, "--workdir", str(workdir)],
            env={**os.environ, "DATABASE_URL": database_url}, capture_output=True, text=True,
            check=True)
        result = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"{fmt.upper():4} export of {args.events:,} events: {result['seconds']:.1f} s "
              f"(CPU {result['cpu_seconds']:.1f} s), "
              f"peak memory {result['peak_mb']:.0f} MB (whole process), "
              f"{result['bytes'] / 1e6:.0f} MB written, {result['lines']:,} lines "
              f"(targets: < 60 s, < 200 MB)")
    print(f"(work directory {workdir}: delete it when done)")


if __name__ == "__main__":
    main()
