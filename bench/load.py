"""Throughput of complete submissions through the REST API, from outside, under load.

    .venv/bin/python bench/load.py [--duration 60] [--threads 8] [--web-workers 3]
        [--worker-class sync|gthread] [--web-threads 4] [--profile DIR] [--db bench_load_wt17]
        [--redis redis://127.0.0.1:6379/7] [--keep-db] [--baseline-every 4]

Creates a scratch PostgreSQL database (DROPped at the end; PG_ADMIN_URL, default
postgres://postgres@127.0.0.1:5432/postgres, is where it is created), migrates it and seeds
the minimum: one applicant organisation and user with an API token, the reference lists
(at-war countries and arms embargoes from data/reference/). Then starts gunicorn
(config.settings_bench: the application plus a query-counting middleware and a baseline
view) and one Celery worker (concurrency 2) on its own queue, and runs a threaded load
generator: each thread, for `--duration` seconds, submits complete requests (create with
parties, route, items and certificate; upload the certificate PDF; submit) and after every
`--baseline-every`-th of them (default 4: the 1st, 5th, 9th… of each thread),
`POST /bench/baseline/` (an authenticated API view that does one insert: the floor any
authenticated write costs, measured under the same load by the same threads). Sampled so
the baseline does not take a quarter of the server's requests from the submissions it is
compared with; `--baseline-every 1` calls it after every submission, as the first two
rounds did. The number of baseline calls made is printed with the results.

Prints: complete submissions per second; p50/p95/p99 of each step and of the baseline; the
SQL queries of each step (the middleware's `X-Bench-Queries` header); submit-to-screened
p50/p95 from the server's own timestamps (the request's submission time against its
screening run's `finished_at`); and, first, the same steps for one client alone.
"""

import argparse
import http.client
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
VENV_BIN = Path(sys.executable).parent

STEPS = ("create", "upload", "submit", "baseline")


def _args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--solo", type=int, default=30,
                        help="complete submissions by one client alone first (also warms up)")
    parser.add_argument("--web-workers", type=int, default=3)
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"),
                        help="sync measured faster than gthread here: CPU-bound threads contend "
                             "for the GIL (docs/performance.md)")
    parser.add_argument("--web-threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--celery-concurrency", type=int, default=2)
    parser.add_argument("--celery-pool", default="prefork",
                        choices=("prefork", "threads", "solo"))
    parser.add_argument("--db", default="bench_load_wt17", help="scratch database name")
    parser.add_argument("--redis", default=os.environ.get("BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/7"))
    parser.add_argument("--port", type=int, default=8717)
    parser.add_argument("--conn-max-age", default=None,
                        help="DB_CONN_MAX_AGE for the servers (default: the settings')")
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")
    parser.add_argument("--baseline-every", type=int, default=4, metavar="N",
                        help="call the baseline view after every N-th complete submission of "
                             "each thread (1: after each)")
    parser.add_argument("--profile", metavar="DIR",
                        help="run gunicorn (one sync worker per process) under cProfile, "
                             "one .prof file per worker in DIR")
    return parser.parse_args()


ARGS = _args()
ADMIN_URL = os.environ.get("PG_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres")
DATABASE_URL = ADMIN_URL.rsplit("/", 1)[0] + "/" + ARGS.db
WORK_DIR = Path(tempfile.mkdtemp(prefix="bench-load-"))
QUEUE = f"bench-load-{uuid.uuid4().hex[:8]}"
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings_bench",
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": ARGS.redis,
    "CELERY_QUEUE": QUEUE,
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
    "SECURE_SSL_REDIRECT": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
    "MEDIA_ROOT": str(WORK_DIR / "media"),
    "NAME_INDEX_DIR": str(WORK_DIR / "name-index"),
    "AUDIT_ANCHOR_DIR": str(WORK_DIR / "anchors"),
    "SCREENING_SWEEP_MINUTES": "60",
}
if ARGS.conn_max_age is not None:
    SERVER_ENV["DB_CONN_MAX_AGE"] = ARGS.conn_max_age
os.environ.update(SERVER_ENV)

import django  # noqa: E402
import psycopg  # noqa: E402


def admin_sql(statement: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)


def setup_database() -> str:
    """Migrate and seed; returns the applicant's API token."""
    admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.db}" WITH (FORCE)')
    admin_sql(f'CREATE DATABASE "{ARGS.db}"')
    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from accounts.models import Organisation, Role, User
    from config.bench import create_baseline_table

    call_command("migrate", verbosity=0)
    call_command("import_reference_lists", verbosity=0, stdout=io.StringIO())
    create_baseline_table()
    organisation = Organisation.objects.create(name="Bench Munitions d.o.o.",
                                               registration_number="BENCH-LOAD-1", country="RS")
    user = User.objects.create_user(email="applicant@bench-load.example",
                                    password=None, full_name="Bench Applicant",
                                    role=Role.APPLICANT, organisation=organisation)
    token = Token.objects.create(user=user).key
    from django.db import connections

    connections.close_all()
    return token


# --- the servers ---

def start_servers() -> list[subprocess.Popen]:
    logs = WORK_DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **SERVER_ENV}
    if ARGS.profile:
        env["BENCH_PROFILE_DIR"] = str(Path(ARGS.profile).resolve())
        Path(ARGS.profile).mkdir(parents=True, exist_ok=True)
    web = [str(VENV_BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{ARGS.port}",
           "--workers", str(ARGS.web_workers), "--worker-class", ARGS.worker_class,
           "--timeout", "120", "--log-level", "warning"]
    if ARGS.worker_class == "gthread":
        web += ["--threads", str(ARGS.web_threads)]
    if ARGS.profile:
        web += ["--config", str(ROOT / "bench" / "_gunicorn_profile.py")]
    worker = [str(VENV_BIN / "celery"), "-A", "config", "worker", "-Q", QUEUE,
              "--concurrency", str(ARGS.celery_concurrency), "--pool", ARGS.celery_pool,
              "--loglevel", "WARNING",
              "--without-gossip", "--without-mingle", "--without-heartbeat",
              "-n", f"{QUEUE}@%h"]
    processes = []
    for name, command in (("gunicorn", web), ("celery", worker)):
        log = open(logs / f"{name}.log", "w")  # noqa: SIM115 - open while the server runs
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                          stderr=subprocess.STDOUT, start_new_session=True))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", ARGS.port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return processes
        except OSError:
            pass
        for process in processes:
            if process.poll() is not None:
                stop_servers(processes)
                raise SystemExit(f"a server exited; see {logs}")
        time.sleep(0.3)
    stop_servers(processes)
    raise SystemExit(f"gunicorn did not answer in 60 s; see {logs}")


def stop_servers(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


# --- the load ---

def minimal_pdf() -> bytes:
    from licensing.demo_documents import minimal_pdf as make

    return make()


class Client:
    """One keep-alive HTTP connection (reopened when the server closes it)."""

    def __init__(self, token: str):
        self.headers = {"Authorization": f"Token {token}", "Host": "127.0.0.1"}
        self.connection = None

    def call(self, method, path, body=b"", content_type="application/json"):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", ARGS.port,
                                                             timeout=60)
            headers = dict(self.headers)
            if body:
                headers["Content-Type"] = content_type
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            elapsed = (time.perf_counter() - started) * 1000
            if response.getheader("Connection", "").lower() == "close":
                self.connection.close()
                self.connection = None
            queries = int(response.getheader("X-Bench-Queries", "-1"))
            return response.status, data, elapsed, queries
        raise AssertionError("unreachable")


def request_body(serial: str) -> bytes:
    today = datetime.now(UTC).date()
    return json.dumps({
        "applicant_reference": f"LOAD-{serial}",
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
    }).encode()


BOUNDARY = "bench-load-boundary-7f3a"


def upload_body(pdf: bytes) -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n"
            f"end_user_certificate\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; "
            f"name=\"file\"; filename=\"euc.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
            ).encode() + pdf + f"\r\n--{BOUNDARY}--\r\n".encode()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = {step: [] for step in STEPS}
        self.queries = {step: [] for step in STEPS}
        self.completed = []  # request ids submitted
        self.errors = []

    def add(self, step, elapsed, queries):
        with self.lock:
            self.times[step].append(elapsed)
            self.queries[step].append(queries)


def one_submission(client, results, serial, upload, baseline=True):
    status, data, elapsed, queries = client.call("POST", "/api/v1/requests/",
                                                 request_body(serial))
    if status != 201:
        raise RuntimeError(f"create answered {status}: {data[:300]!r}")
    results.add("create", elapsed, queries)
    pk = json.loads(data)["id"]
    status, data, elapsed, queries = client.call(
        "POST", f"/api/v1/requests/{pk}/documents/", upload,
        content_type=f"multipart/form-data; boundary={BOUNDARY}")
    if status != 201:
        raise RuntimeError(f"upload answered {status}: {data[:300]!r}")
    results.add("upload", elapsed, queries)
    status, data, elapsed, queries = client.call("POST", f"/api/v1/requests/{pk}/submit/",
                                                 b"{}")
    if status != 200:
        raise RuntimeError(f"submit answered {status}: {data[:300]!r}")
    results.add("submit", elapsed, queries)
    with results.lock:
        results.completed.append(pk)
    if baseline:
        status, data, elapsed, queries = client.call("POST", "/bench/baseline/", b"{}")
        if status != 201:
            raise RuntimeError(f"baseline answered {status}: {data[:300]!r}")
        results.add("baseline", elapsed, queries)


def run_load(token, threads, *, duration=None, iterations=None,
             baseline_every=1) -> tuple[Results, float]:
    results = Results()
    upload = upload_body(minimal_pdf())
    stop_at = None
    counter = iter(range(10**9))
    counter_lock = threading.Lock()

    def worker(index):
        client = Client(token)
        done = 0
        while True:
            if duration is not None and time.perf_counter() >= stop_at:
                return
            if iterations is not None and done >= iterations:
                return
            with counter_lock:
                serial = f"{index:02d}-{next(counter):07d}-{uuid.uuid4().hex[:6]}"
            try:
                one_submission(client, results, serial, upload,
                               baseline=done % baseline_every == 0)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                with results.lock:
                    results.errors.append(repr(exc))
                if len(results.errors) > 50:
                    return
            done += 1

    started = time.perf_counter()
    stop_at = started + (duration or 0)
    workers = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return results, time.perf_counter() - started


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _proc_stats() -> dict[int, tuple[str, int, float, float]]:
    """pid -> (command, parent pid, own CPU seconds, waited-for children's CPU seconds)."""
    stats = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        command = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        stats[int(entry.name)] = (command, int(fields[1]),
                                  (int(fields[11]) + int(fields[12])) / CLOCK_TICKS,
                                  (int(fields[13]) + int(fields[14])) / CLOCK_TICKS)
    return stats


def cpu_by_group(processes) -> dict[str, float]:
    """Cumulative CPU seconds of gunicorn (master and workers), the Celery worker (and its
    pool), every PostgreSQL process on the machine (other users' too) and this process."""
    stats = _proc_stats()

    def tree(root):
        pids, frontier = {root}, [root]
        while frontier:
            parent = frontier.pop()
            children = [pid for pid, row in stats.items() if row[1] == parent]
            pids.update(children)
            frontier.extend(children)
        return sum(stats[pid][2] + stats[pid][3] for pid in pids if pid in stats)

    postgres = sum(row[2] + (row[3] if row[1] == 1 or stats.get(row[1], ("",))[0] != "postgres"
                             else 0)
                   for row in stats.values() if row[0] == "postgres")
    own = os.times()
    return {"gunicorn": tree(processes[0].pid), "celery": tree(processes[1].pid),
            "postgres": postgres, "postgres (this database)": _own_backends_cpu(stats),
            "load generator": own.user + own.system}


_own_backends: set[int] = set()


def _own_backends_cpu(stats) -> float:
    """CPU seconds of the PostgreSQL backends serving the scratch database (every one seen
    so far; the servers keep their connections, CONN_MAX_AGE), which other engineers' runs
    do not touch, unlike the machine-wide figure."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        _own_backends.update(pid for (pid,) in admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [ARGS.db]))
    return sum(stats[pid][2] for pid in _own_backends if pid in stats)


def percentile(values, q):
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def print_steps(results: Results) -> None:
    print(f"  {'step':10} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
          f"{'SQL queries':>12} {'p50 / baseline':>15}")
    base = percentile(results.times["baseline"], 50)
    for step in STEPS:
        times = results.times[step]
        if not times:
            continue
        counts = sorted(set(results.queries[step]))
        shown = "/".join(map(str, counts[:4])) + ("…" if len(counts) > 4 else "")
        ratio = percentile(times, 50) / base if base == base and base else float("nan")
        print(f"  {step:10} {len(times):6d} {percentile(times, 50):8.1f} "
              f"{percentile(times, 95):8.1f} {percentile(times, 99):8.1f} {shown:>12} "
              f"{ratio:14.2f}x")


def screening_delays(request_ids, wait_seconds=60.0):
    """Submit-to-screened in seconds from the database: each request's submission time
    against the finish of its submission's screening run (waiting for stragglers)."""
    query = ("SELECT r.id, r.submitted_at, s.finished_at FROM licensing_shipmentrequest r "
             "JOIN licensing_screeningrun s ON s.request_id = r.id "
             "AND s.trigger = 'submission' WHERE r.id = ANY(%s)")
    deadline = time.monotonic() + wait_seconds
    with psycopg.connect(DATABASE_URL, autocommit=True) as db:
        while True:
            rows = db.execute(query, [list(request_ids)]).fetchall()
            pending = [row for row in rows if row[2] is None]
            if not pending or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    delays = sorted((finished - submitted).total_seconds() for _, submitted, finished in rows
                    if finished is not None)
    return delays, len(pending)


def main():
    print(f"Load: {ARGS.threads} threads for {ARGS.duration:.0f} s; gunicorn "
          f"{ARGS.web_workers} x {ARGS.worker_class}"
          + (f" ({ARGS.web_threads} threads)" if ARGS.worker_class == "gthread" else "")
          + f", Celery concurrency {ARGS.celery_concurrency} ({ARGS.celery_pool}); "
          f"baseline after 1 in {max(1, ARGS.baseline_every)} submissions; database {ARGS.db}, "
          f"broker {ARGS.redis}")
    print(f"Machine: {os.cpu_count()} CPUs, load average before "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    started = time.perf_counter()
    token = setup_database()
    print(f"Scratch database migrated and seeded in {time.perf_counter() - started:.1f} s")
    processes = start_servers()
    try:
        if ARGS.solo:
            solo, _ = run_load(token, 1, iterations=ARGS.solo)
            print(f"\nOne client alone ({ARGS.solo} complete submissions, the first ones "
                  "warm the servers up):")
            print_steps(solo)
            screening_delays(solo.completed, wait_seconds=30)
        cpu_before = cpu_by_group(processes)
        results, elapsed = run_load(token, ARGS.threads, duration=ARGS.duration,
                                    baseline_every=max(1, ARGS.baseline_every))
        cpu_after = cpu_by_group(processes)
        load_after = os.getloadavg()
        n = len(results.completed)
        print(f"\nUnder load: {ARGS.threads} threads, {elapsed:.1f} s, {n} complete "
              f"submissions, {len(results.errors)} errors")
        for error in results.errors[:5]:
            print("  error:", error)
        print(f"  complete submissions/s: {n / elapsed:.1f}")
        print(f"  baseline calls: {len(results.times['baseline'])} (after 1 in "
              f"{max(1, ARGS.baseline_every)} complete submissions of each thread, in the "
              "same run, under the same server)")
        print_steps(results)
        delays, pending = screening_delays(results.completed)
        if delays:
            print(f"  submit-to-screened (server timestamps, {len(delays)} runs, "
                  f"{pending} unfinished): p50 {percentile(delays, 50):.3f} s, "
                  f"p95 {percentile(delays, 95):.3f} s, max {delays[-1]:.3f} s")
        if n:
            print("  CPU per complete submission (ms; `postgres` counts every database on "
                  "the machine, `postgres (this database)` the scratch database's backends): "
                  + ", ".join(
                      f"{group} {(cpu_after[group] - cpu_before[group]) * 1000 / n:.1f}"
                      for group in cpu_after))
        print(f"  load average after the load: {' '.join(f'{x:.2f}' for x in load_after)}")
    finally:
        stop_servers(processes)
        if not ARGS.keep_db:
            admin_sql(f'DROP DATABASE IF EXISTS "{ARGS.db}" WITH (FORCE)')
        shutil.rmtree(WORK_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
