"""Server time and SQL queries of the officials' pages and the API list as the data grows.

    .venv/bin/python bench/page_speed.py [--sizes 10000,100000[,1000000]] [--iterations N]
        [--reseed] [--seed-only] [--explain]

Uses DATABASE_URL when set (e.g. postgres://postgres@127.0.0.1:5432/bench_page_speed: create
that database first); otherwise a SQLite file var/bench-page-speed.sqlite3. Never the
development database. The first run migrates and seeds: requests in every state with
parties, route, items and certificates, a screening run each, findings on about a third,
two to nine audit events each (by state), a quarter of the submitted cases held by the
bench officer. On PostgreSQL the seeding is set-based SQL (INSERT … SELECT, about ten
minutes for 1,000,000 on this machine); on SQLite ORM bulk inserts. Later runs reuse the
data unless --reseed, so a database seeded once (--seed-only seeds and stops) is measured
again without seeding:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_page_s5 \
        .venv/bin/python bench/page_speed.py --sizes 1000000

Then, at each size in turn (a larger size adds to the data of the smaller), it times with
Django's test client (no network) the work queue (default view, filtered, searched, a later
page), the certificate register, a request page and the API list, and prints the median
and 95th percentile server time, the SQL query count and the median Python CPU time of
each, then the growth of the p95 from the smallest size to the largest. Target: p95 < 50 ms
at 1,000,000 requests, growing less than 2x from 10,000, with a query count that does not
depend on the data.
`--explain` prints the EXPLAIN (ANALYZE, BUFFERS) of the queue's queries at each size (the
default view, my cases, most open findings first, a party-name search).
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
    _analyze()


ACTIONS_BY_STATUS = {
    status: ["request.created", "document.uploaded"]
    + (["request.submitted", "screening.completed"] if status != "draft" else [])
    + (["request.end_user_verified"]
       if status in ("end_user_verified", "special_approval", "shipped") else [])
    + (["request.special_approval_granted", "licence.issued"]
       if status in ("special_approval", "shipped") else [])
    + (["shipment.recorded", "request.shipped"] if status == "shipped" else [])
    + (["request.denied"] if status == "denied" else [])
    for status, _ in STATES
}
SQL_CHUNK = 250_000


def seed_postgresql(total: int, start: int = 0) -> None:
    """The same data as `seed`, set-based: each table filled by one INSERT … SELECT over
    generate_series (or over the requests just inserted) per 250,000 requests, the same
    distributions (states, destinations, end users, findings on about a third of the runs,
    half of them cleared, six to eight audit events each), plus each open case's stored due
    date and open-findings count. About a minute per 250,000 requests on this machine."""
    from licensing.screening.names.transliterate import search_key

    organisations, applicants, officer = _people()
    print(f"Seeding requests {start:,} to {total:,} (set-based SQL) …", flush=True)
    started = time.perf_counter()
    org_ids = [o.pk for o in organisations]
    applicant_ids = [a.pk for a in applicants]
    # Cumulative weights of the states, in order.
    cases, upto = [], 0
    for status, weight in STATES:
        upto += weight
        cases.append(f"WHEN r < {upto / 100} THEN '{status}'")
    status_case = "CASE " + " ".join(cases) + " ELSE 'draft' END"
    audit_rows = ", ".join(f"('{status}', {i}, '{action}')"
                           for status, actions in ACTIONS_BY_STATUS.items()
                           for i, action in enumerate(actions))
    with connection.cursor() as cursor:
        # The parties' names and their search keys (issue 13's key, computed here once
        # per distinct name) for the INSERT … SELECT to join.
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS bench_names "
                       "(name text PRIMARY KEY, key text NOT NULL)")
        cursor.execute("SELECT count(*) FROM bench_names")
        if not cursor.fetchone()[0]:
            names = {f"{eu} of {dest} {k}" for eu in END_USERS for dest in DESTINATIONS
                     for k in range(997)} | {f"Depot {k}" for k in range(389)}
            with cursor.copy("COPY bench_names (name, key) FROM STDIN") as copy:
                for name in sorted(names):
                    copy.write_row((name, search_key(name)))
        cursor.execute("SELECT setseed(%s)", [((2026 + start) % 1000) / 1000])
        for chunk_start in range(start, total, SQL_CHUNK):
            chunk_end = min(total, chunk_start + SQL_CHUNK)
            with transaction.atomic():
                cursor.execute("SELECT coalesce(max(id), 0) FROM licensing_shipmentrequest")
                base = cursor.fetchone()[0]
                new = f"r.id > {base}"
                cursor.execute(f"""
                    INSERT INTO licensing_shipmentrequest (
                        organisation_id, created_by_id, applicant_reference,
                        destination_country, end_use, status, created_at, updated_at,
                        submitted_at, last_submitted_at, clock_due_on, changes_requested,
                        decision_reason, open_findings_count)
                    SELECT (%(orgs)s::bigint[])[1 + n %% 20],
                           (%(applicants)s::bigint[])[1 + n %% 20],
                           'BENCH-' || lpad(n::text, 7, '0'), dest, 'Training ammunition',
                           status, created, created,
                           CASE WHEN status <> 'draft' THEN created + interval '2 hours' END,
                           CASE WHEN status <> 'draft' THEN created + interval '2 hours' END,
                           CASE WHEN status IN ('submitted', 'end_user_verified')
                                THEN (created + interval '2 hours')::date + 28 END,
                           '', '', 0
                    FROM (SELECT n, {status_case} AS status,
                                 (%(destinations)s::text[])[1 + floor(d * %(n_dest)s)::int] AS dest,
                                 now() - make_interval(days => 1 + floor(c * 200)::int,
                                                       mins => floor(m * 1440)::int) AS created
                          FROM (SELECT n, random() AS r, random() AS d, random() AS c,
                                       random() AS m
                                FROM generate_series(%(start)s, %(end)s - 1) AS n) AS draw
                         ) AS drawn
                    ORDER BY n
                """, {"orgs": org_ids, "applicants": applicant_ids,  # noqa: S608
                      "destinations": DESTINATIONS, "n_dest": len(DESTINATIONS),
                      "start": chunk_start, "end": chunk_end})
                cursor.execute(f"""
                    INSERT INTO licensing_party (request_id, role, name, address, country,
                                                 end_user_type, search_key)
                    SELECT p.request_id, p.role, p.name, p.address, p.country,
                           p.end_user_type, coalesce(k.key, '')
                    FROM (SELECT r.id AS request_id, 'end_user' AS role,
                                 (%(end_users)s::text[])[1 + floor(random() * %(n_eu)s)::int]
                                 || ' of ' || r.destination_country || ' ' || (r.id %% 997)
                                 AS name, 'Capital' AS address,
                                 r.destination_country AS country,
                                 'armed_forces' AS end_user_type
                          FROM licensing_shipmentrequest r WHERE {new}
                          UNION ALL
                          SELECT r.id, 'consignee', 'Depot ' || (r.id %% 389), 'Port',
                                 r.destination_country, ''
                          FROM licensing_shipmentrequest r WHERE {new}) AS p
                    LEFT JOIN bench_names k ON k.name = p.name
                    ORDER BY p.request_id, p.role DESC
                """, {"end_users": END_USERS, "n_eu": len(END_USERS)})  # noqa: S608
                item = ("SELECT r.id, '7.62 mm cartridges', "  # noqa: S608
                        "(%(categories)s::text[])[1 + floor(random() * %(n_cat)s)::int], "
                        "1000 + floor(random() * 999000)::bigint, 'rounds', 1000.00, 'EUR', "
                        f"false FROM licensing_shipmentrequest r WHERE {new}")
                cursor.execute(f"""
                    INSERT INTO licensing_lineitem (request_id, description, control_category,
                        quantity, unit, value, currency, for_assembly_abroad)
                    {item} UNION ALL ({item} AND random() < 1.0 / 3) ORDER BY 1
                """, {"categories": CATEGORIES, "n_cat": len(CATEGORIES)})  # noqa: S608
                # No transit country for a third, one for a third, two for the rest.
                cursor.execute(f"""
                    INSERT INTO licensing_transitcountry (request_id, position, country)
                    SELECT r.id, t.position,
                           (ARRAY['HU', 'SK', 'AT', 'RO'])[1 + (r.id + t.position) % 4]
                    FROM licensing_shipmentrequest r
                    JOIN (VALUES (1), (2)) AS t(position) ON t.position <= r.id % 3
                    WHERE {new} ORDER BY r.id, t.position
                """)  # noqa: S608
                cursor.execute(f"""
                    INSERT INTO licensing_endusercertificate (request_id, number, number_key,
                        issuing_country, issuing_authority, issue_date, non_reexport_clause)
                    SELECT r.id,
                           'EUC/' || r.destination_country || '/' || lpad(r.id::text, 7, '0'),
                           lower('euc' || r.destination_country || lpad(r.id::text, 7, '0')),
                           r.destination_country, 'MoD', r.created_at::date, true
                    FROM licensing_shipmentrequest r WHERE {new} ORDER BY r.id
                """)  # noqa: S608
                cursor.execute(f"""
                    INSERT INTO licensing_endusercertificateitem (certificate_id,
                        control_category, description, quantity)
                    SELECT c.id, 'ML3', '', 1000000
                    FROM licensing_endusercertificate c
                    JOIN licensing_shipmentrequest r ON r.id = c.request_id
                    WHERE {new} ORDER BY c.id
                """)  # noqa: S608
                cursor.execute(f"""
                    INSERT INTO licensing_screeningrun (request_id, status, trigger, queued_at,
                        started_at, finished_at, attempts, list_versions, error)
                    SELECT r.id, 'completed', 'submission', r.submitted_at,
                           r.submitted_at + interval '1 second',
                           r.submitted_at + interval '3 seconds', 1, '{{}}', ''
                    FROM licensing_shipmentrequest r
                    WHERE {new} AND r.status <> 'draft' ORDER BY r.id
                """)  # noqa: S608
                # Findings on 35 % of the runs: one (half of those), two or three each;
                # a severity of high, medium, medium or info; half of them cleared.
                cursor.execute(f"""
                    INSERT INTO licensing_finding (run_id, request_id, check_name, severity,
                        message, evidence, fingerprint, cleared_by_id, cleared_at,
                        clearance_reason)
                    SELECT run.id, run.request_id, 'arms_embargo',
                           (ARRAY['high', 'medium', 'medium', 'info'])
                               [1 + floor(random() * 4)::int],
                           'The transit country HU is under a partial embargo.',
                           '{{"rule": "arms_embargo", "list": "arms_embargoes", '
                           '"entry_id": 1, "country": "HU"}}',
                           run.id || '-' || k, cleared.by, cleared.at, cleared.reason
                    FROM (SELECT run.*, random() AS has, random() AS how_many
                          FROM licensing_screeningrun run
                          JOIN licensing_shipmentrequest r ON r.id = run.request_id
                          WHERE {new}) AS run
                    JOIN generate_series(1, 3) AS k
                      ON k <= CASE WHEN run.how_many < 0.5 THEN 1
                                   WHEN run.how_many < 0.75 THEN 2 ELSE 3 END
                    CROSS JOIN LATERAL (
                        SELECT CASE WHEN c THEN %(officer)s END AS by,
                               CASE WHEN c THEN run.finished_at END AS at,
                               CASE WHEN c THEN 'Checked.' ELSE '' END AS reason
                        FROM (SELECT random() < 0.5 + 0 * k AS c) AS coin) AS cleared
                    WHERE run.has < 0.35
                    ORDER BY run.id, k
                """, {"officer": officer.pk})  # noqa: S608
                cursor.execute(f"""
                    INSERT INTO licensing_auditevent (at, actor_id, actor_label, actor_role,
                        action, object_type, object_id, request_id, before, after, reason,
                        previous_hash, hash, hash_version, payload_digest, mac_key_id, mac,
                        correlation_id)
                    SELECT r.created_at + make_interval(mins => a.i), %(actor)s,
                           'applicant0@bench.example', 'applicant', a.action,
                           'licensing.shipmentrequest', r.id::text, r.id,
                           '{{"status": "x"}}', jsonb_build_object('status', r.status), '',
                           repeat('0', 64), 'bench-' || r.id || '-' || a.i, 2, '', '', '', ''
                    FROM licensing_shipmentrequest r
                    JOIN (VALUES {audit_rows}) AS a(status, i, action) ON a.status = r.status
                    WHERE {new} ORDER BY r.id, a.i
                """, {"actor": applicant_ids[0]})  # noqa: S608
                cursor.execute(f"""
                    UPDATE licensing_shipmentrequest r SET open_findings_count = o.n
                    FROM (SELECT f.request_id, count(*) AS n FROM licensing_finding f
                          WHERE f.request_id > {base} AND f.cleared_at IS NULL
                            AND f.severity IN ('high', 'medium')
                          GROUP BY f.request_id) AS o
                    WHERE r.id = o.request_id
                """)  # noqa: S608
            print(f"  {chunk_end:,} requests ({time.perf_counter() - started:.0f} s)",
                  flush=True)
        cursor.execute("DELETE FROM licensing_caseassignment WHERE officer_id = %s",
                       [officer.pk])  # re-made over all the data
    _analyze()


def _analyze() -> None:
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
    timings, cpu, query_counts = [], [], set()
    for url in urls:
        client.get(url)
    for i in range(iterations):
        url = urls[i % len(urls)]
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - started) * 1000
            cpu.append((time.process_time() - started_cpu) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        timings.append(elapsed)
        query_counts.add(len(queries))
    timings.sort()
    p95 = statistics.quantiles(timings, n=20)[18]
    return statistics.median(timings), p95, sorted(query_counts), statistics.median(cpu)


EXPLAINED = ["/queue/", "/queue/?assignee=me", "/queue/?sort=findings",
             "/queue/?q=Border+Guard+of+PL+5"]


def explain_queue(client, urls=EXPLAINED) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) of every query of the queue (PostgreSQL): the default view,
    my cases, most open findings first and a party-name search."""
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        print(f"\n==== {url}")
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
        # The capped count (licensing.web.queries.CappedPaginator) reaches page 40 of 25.
        ("work queue, page 40 (the last)", ["/queue/?page=40"]),
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
    parser.add_argument("--seed-only", action="store_true",
                        help="seed (or add) up to the largest size and stop: the data is kept "
                             "for a later run to measure without seeding")
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
            (seed_postgresql if connection.vendor == "postgresql" else seed)(
                size, start=existing)
            print(f"Seeded to {size:,} in {time.perf_counter() - started:.0f} s.")
        if args.seed_only and size != sizes[-1]:
            continue
        counts = {m.__name__: m.objects.count() for m in (ShipmentRequest, Party, LineItem,
                                                           ScreeningRun, Finding, AuditEvent)}
        print("Rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        officer = User.objects.get(email="officer@bench.example")
        # Case-working: a quarter of the open cases are the bench officer's.
        if not CaseAssignment.objects.filter(officer=officer).exists():
            with connection.cursor() as cursor:
                # Every fourth submitted case (by id), in one INSERT … SELECT.
                cursor.execute(
                    "INSERT INTO licensing_caseassignment (request_id, officer_id, "
                    "assigned_by_id, assigned_at, reason) "
                    "SELECT id, %s, %s, %s, '' FROM (SELECT id, row_number() OVER "
                    "(ORDER BY id) AS k FROM licensing_shipmentrequest "
                    "WHERE status = 'submitted') AS open_cases WHERE k %% 4 = 1",
                    [officer.pk, officer.pk, timezone.now()])
                print(f"Assigned {cursor.rowcount:,} open cases to the bench officer.")
                cursor.execute("ANALYZE")
        if args.seed_only:
            continue
        client = signed_in_client(officer)
        if args.explain and connection.vendor == "postgresql":
            explain_queue(client)
        print(f"\n{size:,} requests: {args.iterations} timed requests each (after one warm-up "
              "round):")
        # "Python CPU": the median CPU time of this process per request (the page's
        # Python, the driver), which a loaded machine disturbs less than the wall time.
        print(f"{'page':58} {'median ms':>10} {'p95 ms':>8} {'SQL queries':>12} "
              f"{'Python CPU ms':>14}")
        for label, urls in cases_for(officer):
            median, p95, queries, cpu = measure(client, urls, args.iterations)
            results.setdefault(label, {})[size] = (p95, queries)
            flag = "" if p95 < 50 else "  (over the 50 ms target)"
            print(f"{label:58} {median:10.1f} {p95:8.1f} "
                  f"{'/'.join(map(str, queries)):>12} {cpu:14.1f}{flag}")
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
