"""Server time and SQL queries of the officials' pages and the API list as the data grows.

    .venv/bin/python bench/page_speed.py [--sizes 10000,100000[,1000000]] [--iterations N]
        [--reseed] [--explain]

Uses DATABASE_URL when set (e.g. postgres://postgres@127.0.0.1:5432/bench_page_speed: create
that database first); otherwise a SQLite file var/bench-page-speed.sqlite3. Never the
development database. The first run migrates and seeds (bulk inserts: requests in every
state with parties, route, items and certificates, a screening run each, findings on about
a third, six to eight audit events each); later runs reuse the data unless --reseed.

Then, at each size in turn (a larger size adds to the data of the smaller), it times with
Django's test client (no network) the work queue (default view, filtered, searched, a later
page), the certificate register, a request page and the API list, and prints the median
and 95th percentile server time and the SQL query count of each, then the growth of the
p95 from the smallest size to the largest. Target: p95 < 50 ms at 1,000,000 requests,
growing less than 2x from 10,000, with a query count that does not depend on the data.
`--explain` prints the EXPLAIN (ANALYZE, BUFFERS) of the queue's queries at each size.
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
from licensing.screening.keys import certificate_number_key  # noqa: E402

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


def _people():
    organisations = [Organisation.objects.get_or_create(
        registration_number=f"BENCH-{i:04d}",
        defaults={"name": f"Bench Manufacturer {i}", "country": "RS"})[0] for i in range(20)]
    applicants = []
    for i, organisation in enumerate(organisations):
        applicant = User.objects.filter(email=f"applicant{i}@bench.example").first()
        applicants.append(applicant or User.objects.create_user(
            f"applicant{i}@bench.example", "bench-password-x1", full_name=f"Applicant {i}",
            role=Role.APPLICANT, organisation=organisation))
    officer = User.objects.filter(email="officer@bench.example").first() or \
        User.objects.create_user("officer@bench.example", "bench-password-x1",
                                 full_name="Bench Officer", role=Role.OFFICER)
    return organisations, applicants, officer


def seed(total: int, start: int = 0) -> None:
    """Requests number `start` to `total` - 1 (bulk inserts, 20,000 to a transaction), so
    a larger size adds to the data of a smaller one."""
    rng = random.Random(2026 + start)  # noqa: S311 - repeatable benchmark data
    now = timezone.now()
    organisations, applicants, officer = _people()
    weights = [w for _, w in STATES]
    names = [s for s, _ in STATES]
    print(f"Seeding requests {start:,} to {total:,} …", flush=True)
    started = time.perf_counter()
    for chunk_start in range(start, total, 20_000):
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
                    number_key=certificate_number_key(
                        f"EUC/{r.destination_country}/{r.pk:07d}"),
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
    CaseAssignment.objects.filter(officer=officer).delete()  # re-made over all the data
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


def explain_queue(client) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query the default queue page makes (PostgreSQL)."""
    with CaptureQueriesContext(connection) as queries:
        client.get("/queue/")
    with connection.cursor() as cursor:
        for n, query in enumerate(queries.captured_queries, start=1):
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print(f"\n-- queue query {n}: {sql[:300]}{'…' if len(sql) > 300 else ''}")
            for (line,) in cursor.fetchall():
                print("   ", line)


def cases_for(officer) -> list[tuple[str, list[str]]]:
    open_ids = list(ShipmentRequest.objects.filter(status="submitted")
                    .order_by("?").values_list("pk", flat=True)[:50])
    with_findings = list(Finding.objects.filter(request__status="submitted")
                         .values_list("request_id", flat=True).distinct()[:50])
    # The certificate number of an open request (it names the request's destination).
    euc_number = EndUserCertificate.objects.get(request_id=open_ids[0]).number
    return [
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
        ("API list, page_size=1", ["/api/v1/requests/?page_size=1"]),
        ("API list, default page (50)", ["/api/v1/requests/"]),
        ("API list, submitted to PL", ["/api/v1/requests/?status=submitted"
                                       "&destination_country=PL"]),
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000",
                        help="comma-separated request counts, measured in turn, each adding "
                             "to the data of the one before (e.g. 10000,100000,1000000)")
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--explain", action="store_true",
                        help="print EXPLAIN (ANALYZE, BUFFERS) of the queue's queries at each "
                             "size (PostgreSQL)")
    args = parser.parse_args()
    sizes = sorted(int(size) for size in args.sizes.split(","))

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
    results = {}
    for size in sizes:
        existing = ShipmentRequest.objects.filter(applicant_reference__startswith="BENCH-").count()
        if existing > size:
            print(f"\n{existing:,} bench requests exist, more than {size:,}: skipped "
                  "(--reseed to start again).")
            continue
        if existing < size:
            started = time.perf_counter()
            seed(size, start=existing)
            print(f"Seeded to {size:,} in {time.perf_counter() - started:.0f} s.")
        counts = {m.__name__: m.objects.count() for m in (ShipmentRequest, Party, LineItem,
                                                           ScreeningRun, Finding, AuditEvent)}
        print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        officer = User.objects.get(email="officer@bench.example")
        # Case-working: a quarter of the open cases are the bench officer's.
        if not CaseAssignment.objects.filter(officer=officer).exists():
            open_cases = list(ShipmentRequest.objects.filter(status="submitted")
                              .values_list("pk", flat=True)[::4])
            CaseAssignment.objects.bulk_create(
                [CaseAssignment(request_id=pk, officer=officer, assigned_by=officer)
                 for pk in open_cases], batch_size=BATCH)
            print(f"Assigned {len(open_cases):,} open cases to the bench officer.")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        client = signed_in_client(officer)
        if args.explain and connection.vendor == "postgresql":
            explain_queue(client)
        print(f"\n{size:,} requests: {args.iterations} timed requests each (after one warm-up "
              "round):")
        print(f"{'page':58} {'median ms':>10} {'p95 ms':>8} {'SQL queries':>12}")
        for label, urls in cases_for(officer):
            median, p95, queries = measure(client, urls, args.iterations)
            results.setdefault(label, {})[size] = (p95, queries)
            flag = "" if p95 < 50 else "  (over the 50 ms target)"
            print(f"{label:58} {median:10.1f} {p95:8.1f} "
                  f"{'/'.join(map(str, queries)):>12}{flag}")
    measured = [size for size in sizes if any(size in row for row in results.values())]
    if len(measured) > 1:
        first, last = measured[0], measured[-1]
        print(f"\nGrowth of p95 from {first:,} to {last:,} requests (target under 2x, the "
              "same query count):")
        for label, row in results.items():
            if first in row and last in row:
                growth = row[last][0] / row[first][0]
                same = "same queries" if row[first][1] == row[last][1] else \
                    f"queries {row[first][1]} -> {row[last][1]}"
                flag = "" if growth < 2 and row[first][1] == row[last][1] else "  (over target)"
                print(f"{label:58} {growth:6.2f}x  {same}{flag}")


if __name__ == "__main__":
    main()
