"""Server time and SQL queries of the officials' two main pages at 100,000 requests.

    .venv/bin/python bench/page_speed.py [--requests N] [--iterations N] [--reseed]

Uses DATABASE_URL when set (e.g. postgres://postgres@127.0.0.1:5432/bench_page_speed: create
that database first); otherwise a SQLite file var/bench-page-speed.sqlite3. Never the
development database. The first run migrates and seeds (bulk inserts: requests in every
state with parties, route, items and certificates, a screening run each, findings on about
a third, six to eight audit events each); later runs reuse the data unless --reseed.

Then it times, with Django's test client (no network), the work queue (default view, a
filtered and searched view, a later page) and a request page, and prints the median and
95th percentile server time and the SQL query count of each. Target: p95 < 150 ms, with a
query count that does not depend on the data.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-page-speed.sqlite3'}")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")  # the test client speaks plain HTTP
os.environ.setdefault("AXES_ENABLED", "false")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import warnings  # noqa: E402

import django  # noqa: E402

warnings.filterwarnings("ignore", message="No directory at")  # static files are not served

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts.models import Organisation, Role, User  # noqa: E402
from licensing.models import (  # noqa: E402
    AuditEvent,
    CaseAssignment,
    EndUserCertificate,
    EndUserCertificateItem,
    Finding,
    LineItem,
    Party,
    ScreeningRun,
    ShipmentRequest,
    TransitCountry,
)

STATES = [("submitted", 30), ("end_user_verified", 10), ("special_approval", 20),
          ("shipped", 20), ("denied", 10), ("withdrawn", 5), ("draft", 5)]
DESTINATIONS = ["PL", "CZ", "EE", "LT", "LV", "SK", "HU", "RO", "BG", "DE", "FR", "IT", "ES"]
CATEGORIES = ["ML1", "ML2", "ML3", "ML4", "ML5", "ML6", "ML13"]
END_USERS = ["Armed Forces", "Ministry of Defence", "National Police", "Border Guard",
             "Defence Procurement Agency"]
BATCH = 5000


def _batches(rows):
    for start in range(0, len(rows), BATCH):
        yield rows[start:start + BATCH]


def seed(total: int) -> None:
    rng = random.Random(2026)  # noqa: S311 - repeatable benchmark data
    now = timezone.now()
    organisations = [Organisation.objects.create(
        name=f"Bench Manufacturer {i}", registration_number=f"BENCH-{i:04d}", country="RS")
        for i in range(20)]
    applicants = [User.objects.create_user(f"applicant{i}@bench.example", "bench-password-x1",
                                           full_name=f"Applicant {i}", role=Role.APPLICANT,
                                           organisation=o) for i, o in enumerate(organisations)]
    officer = User.objects.create_user("officer@bench.example", "bench-password-x1",
                                       full_name="Bench Officer", role=Role.OFFICER)
    weights = [w for _, w in STATES]
    names = [s for s, _ in STATES]
    print(f"Seeding {total:,} requests …", flush=True)
    started = time.perf_counter()
    for chunk_start in range(0, total, 20_000):
        size = min(20_000, total - chunk_start)
        with transaction.atomic():
            requests = []
            for n in range(chunk_start, chunk_start + size):
                org_index = n % len(organisations)
                status = rng.choices(names, weights)[0]
                created = now - timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 1440))
                submitted = None if status == "draft" else created + timedelta(hours=2)
                requests.append(ShipmentRequest(
                    organisation=organisations[org_index], created_by=applicants[org_index],
                    applicant_reference=f"BENCH-{n:07d}",
                    destination_country=rng.choice(DESTINATIONS),
                    end_use="Training ammunition", status=status, created_at=created,
                    updated_at=created, submitted_at=submitted))
            ShipmentRequest.objects.bulk_create(requests, batch_size=BATCH)
            if requests[0].pk is None:  # backends that do not return ids
                requests = list(ShipmentRequest.objects.filter(
                    applicant_reference__in=[r.applicant_reference for r in requests]))
            parties, items, transit, certs, runs = [], [], [], [], []
            for r in requests:
                end_user = f"{rng.choice(END_USERS)} of {r.destination_country} {r.pk % 997}"
                parties += [Party(request=r, role="end_user", name=end_user, address="Capital",
                                  country=r.destination_country, end_user_type="armed_forces"),
                            Party(request=r, role="consignee", name=f"Depot {r.pk % 389}",
                                  address="Port", country=r.destination_country)]
                for _ in range(rng.choice((1, 1, 2))):
                    items.append(LineItem(request=r, description="7.62 mm cartridges",
                                          control_category=rng.choice(CATEGORIES),
                                          quantity=rng.randint(1000, 10**6), unit="rounds",
                                          value="1000.00", currency="EUR"))
                for position, country in enumerate(rng.sample(["HU", "SK", "AT", "RO"],
                                                              rng.choice((0, 1, 2))), start=1):
                    transit.append(TransitCountry(request=r, position=position, country=country))
                certs.append(EndUserCertificate(
                    request=r, number=f"EUC/{r.destination_country}/{r.pk:07d}",
                    number_key=f"euc{r.destination_country}{r.pk:07d}".casefold(),
                    issuing_country=r.destination_country, issuing_authority="MoD",
                    issue_date=r.created_at.date(), non_reexport_clause=True))
                if r.status != "draft":
                    runs.append(ScreeningRun(request=r, status="completed", trigger="submission",
                                             queued_at=r.submitted_at,
                                             finished_at=r.submitted_at + timedelta(seconds=3),
                                             list_versions={}))
            for model, rows in ((Party, parties), (LineItem, items), (TransitCountry, transit),
                                (EndUserCertificate, certs), (ScreeningRun, runs)):
                for batch in _batches(rows):
                    model.objects.bulk_create(batch)
            if certs[0].pk is None or runs and runs[0].pk is None:
                raise SystemExit("This benchmark needs a database that returns inserted ids "
                                 "(SQLite 3.35+ or PostgreSQL).")
            cert_items = [EndUserCertificateItem(certificate=c, control_category="ML3",
                                                 quantity=10**6) for c in certs]
            findings, events = [], []
            for run in runs:
                if rng.random() < 0.35:
                    for _ in range(rng.choice((1, 1, 2, 3))):
                        cleared = rng.random() < 0.5
                        findings.append(Finding(
                            run=run, request_id=run.request_id, check_name="arms_embargo",
                            severity=rng.choice(("high", "medium", "medium", "info")),
                            message="The transit country HU is under a partial embargo.",
                            evidence={"rule": "arms_embargo", "list": "arms_embargoes",
                                      "entry_id": 1, "country": "HU"},
                            fingerprint=f"{run.pk}-{rng.random()}",
                            cleared_by=officer if cleared else None,
                            cleared_at=run.finished_at if cleared else None,
                            clearance_reason="Checked." if cleared else ""))
            for r in requests:
                actions = ["request.created", "document.uploaded"]
                if r.status != "draft":
                    actions += ["request.submitted", "screening.completed"]
                if r.status in ("end_user_verified", "special_approval", "shipped"):
                    actions += ["request.end_user_verified"]
                if r.status in ("special_approval", "shipped"):
                    actions += ["request.special_approval_granted", "licence.issued"]
                if r.status == "shipped":
                    actions += ["shipment.recorded", "request.shipped"]
                if r.status == "denied":
                    actions += ["request.denied"]
                for i, action in enumerate(actions):
                    events.append(AuditEvent(
                        at=r.created_at + timedelta(minutes=i), actor=applicants[0],
                        actor_label="applicant0@bench.example", actor_role="applicant",
                        action=action, object_type="licensing.shipmentrequest",
                        object_id=str(r.pk), request_id=r.pk, before={"status": "x"},
                        after={"status": r.status}, reason="",
                        previous_hash="0" * 64, hash=f"bench-{r.pk}-{i}"))
            for model, rows in ((EndUserCertificateItem, cert_items), (Finding, findings),
                                (AuditEvent, events)):
                for batch in _batches(rows):
                    model.objects.bulk_create(batch)
        print(f"  {chunk_start + size:,} requests ({time.perf_counter() - started:.0f} s)",
              flush=True)
    with connection.cursor() as cursor:  # fresh planner statistics (SQLite and PostgreSQL)
        # On PostgreSQL also the visibility map (index-only scans), as autovacuum would
        # have set it on a database in use.
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def signed_in_client(user) -> Client:
    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def measure(client, urls, iterations):
    """Time each request server-side (the test client calls the WSGI handler directly);
    one warm-up round first."""
    timings, query_counts = [], set()
    for url in urls:
        client.get(url)
    for i in range(iterations):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        timings.append(elapsed)
        query_counts.add(len(queries))
    timings.sort()
    p95 = statistics.quantiles(timings, n=20)[18]
    return statistics.median(timings), p95, sorted(query_counts)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--reseed", action="store_true")
    args = parser.parse_args()

    database = connection.settings_dict
    print(f"Database: {connection.vendor} {database['NAME']}")
    call_command("migrate", verbosity=0)
    if args.reseed:
        with connection.cursor() as cursor:
            for model in (CaseAssignment, AuditEvent, Finding, ScreeningRun, EndUserCertificateItem,
                          EndUserCertificate, TransitCountry, LineItem, Party, ShipmentRequest):
                cursor.execute(f"DELETE FROM {model._meta.db_table}")  # noqa: S608
        User.objects.filter(email__endswith="@bench.example").delete()
        Organisation.objects.filter(registration_number__startswith="BENCH-").delete()
    existing = ShipmentRequest.objects.filter(applicant_reference__startswith="BENCH-").count()
    if existing < args.requests:
        if existing:
            raise SystemExit(f"{existing} bench requests exist; run with --reseed.")
        seed(args.requests)
    counts = {m.__name__: m.objects.count() for m in (ShipmentRequest, Party, LineItem,
                                                       ScreeningRun, Finding, AuditEvent)}
    print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))

    officer = User.objects.get(email="officer@bench.example")
    # Case-working: a quarter of the open cases are the bench officer's (idempotent).
    if not CaseAssignment.objects.filter(officer=officer).exists():
        open_cases = list(ShipmentRequest.objects.filter(status="submitted")
                          .values_list("pk", flat=True)[::4])
        CaseAssignment.objects.bulk_create(
            [CaseAssignment(request_id=pk, officer=officer, assigned_by=officer)
             for pk in open_cases], batch_size=BATCH)
        print(f"Assigned {len(open_cases):,} open cases to the bench officer.")
    client = signed_in_client(officer)
    open_ids = list(ShipmentRequest.objects.filter(status="submitted")
                    .order_by("?").values_list("pk", flat=True)[:50])
    with_findings = list(Finding.objects.filter(request__status="submitted")
                         .values_list("request_id", flat=True).distinct()[:50])
    # The certificate number of an open request (it names the request's destination).
    euc_number = EndUserCertificate.objects.get(request_id=open_ids[0]).number
    cases = [
        ("work queue, default (needs a decision, oldest first)", ["/queue/"]),
        ("work queue, page 200", ["/queue/?page=200"]),
        ("work queue, filtered (ML3, PL, open findings, overdue)",
         ["/queue/?category=ML3&destination=PL&findings=open&age=overdue"]),
        ("work queue, search by party name", ["/queue/?q=Border+Guard+of+PL+5"]),
        ("work queue, search by EUC number", [f"/queue/?q={euc_number}"]),
        ("work queue, my cases", ["/queue/?assignee=me"]),
        ("work queue, unassigned", ["/queue/?assignee=unassigned"]),
        ("work queue, sorted by assignee", ["/queue/?sort=assignee"]),
        ("work queue, most open findings first", ["/queue/?sort=findings"]),
        ("certificate register", ["/certificates/"]),
        ("certificate register, search", [f"/certificates/?q={euc_number}"]),
        ("request page (50 different submitted requests)",
         [f"/requests/{pk}/" for pk in open_ids]),
        ("request page with findings (50 requests)",
         [f"/requests/{pk}/" for pk in with_findings]),
    ]
    print(f"\n{args.iterations} timed requests each (after one warm-up round):")
    print(f"{'page':58} {'median ms':>10} {'p95 ms':>8} {'SQL queries':>12}")
    for label, urls in cases:
        median, p95, queries = measure(client, urls, args.iterations)
        flag = "" if p95 < 150 else "  (over the 150 ms target)"
        print(f"{label:58} {median:10.1f} {p95:8.1f} {'/'.join(map(str, queries)):>12}{flag}")


if __name__ == "__main__":
    main()
