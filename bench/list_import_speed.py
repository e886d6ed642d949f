"""Time of importing the real denied-party lists, building their name index, and a full
screening run with every list live.

    .venv/bin/python bench/list_import_speed.py

Uses DATABASE_URL when set (e.g. postgres://postgres@127.0.0.1:5432/bench_list_import:
create that database first); otherwise a fresh SQLite file var/bench-list-import.sqlite3.
Never the development database. Prints, per list: the parse time alone (target under 2 s),
parse + store time and entries per second; then the index build time, its memory and the
time of one screening run (index cached) for a request with seven parties. Target: each list
imports in a few seconds (OFAC's 15,000 entries in well under 10 s).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = ROOT / "var" / "bench-list-import.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{BENCH_DB}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ.setdefault("AXES_ENABLED", "false")
# The index is built here, not loaded from an earlier run (that is screening_speed's --startup).
os.environ["NAME_INDEX_DIR"] = ""
# Messages (re-screening on import, screening on submit) go nowhere: the benchmark runs the
# screening itself, and a developer's worker must not receive runs from this database.
os.environ["CELERY_BROKER_URL"] = "memory://"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from licensing.lists.snapshots import ALL_LISTS  # noqa: E402

DATA = Path(settings.REFERENCE_DATA_DIR)
LISTS = [(snapshot.list_name, snapshot.format, list(snapshot.files)) for snapshot in ALL_LISTS]


def main():
    if connection.vendor == "sqlite" and BENCH_DB.exists():
        BENCH_DB.unlink()
    call_command("migrate", verbosity=0)
    from licensing import denied_party_index
    from licensing.models import DeniedPartyList
    from licensing.services import screening
    from licensing.services.list_imports import import_denied_party_list

    if DeniedPartyList.objects.exists():
        sys.exit("The benchmark database already has lists; give it an empty database.")
    print(f"database: {connection.vendor}")
    from licensing.lists.parsers import parse_list

    for name, fmt, files in LISTS:
        started = time.perf_counter()
        parse_list(fmt, [DATA / f for f in files])
        print(f"{name:34} parsed in {time.perf_counter() - started:6.2f} s (target < 2 s)")
        started = time.perf_counter()
        version = import_denied_party_list(actor=None, list_name=name, fmt=fmt,
                                           paths=[DATA / f for f in files])
        took = time.perf_counter() - started
        print(f"{name:34} {version.entry_count:6d} entries {version.alias_count:6d} aliases "
              f"{took:6.2f} s  ({version.entry_count / took:,.0f} entries/s)")
    started = time.perf_counter()
    denied_party_index.clear_index_cache()
    live = denied_party_index.live_list_index()
    took = time.perf_counter() - started
    print(f"name index: {len(live.entries)} entries, {len(live.index)} names, built in "
          f"{took:.2f} s, about {live.index.memory_bytes() / 1e6:.0f} MB")

    from tests import factories

    request = factories.draft_request(parties=[
        {"role": "end_user", "name": "Рособоронэкспорт", "country": "RU", "address": "x",
         "end_user_type": "government"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL", "address": "x",
         "end_user_type": ""},
        {"role": "intermediate_consignee", "name": "Концерн Калашников", "country": "RU",
         "address": "x", "end_user_type": ""},
        {"role": "freight_forwarder", "name": "Adriatic Freight d.o.o.", "country": "ME",
         "address": "x", "end_user_type": ""},
    ])
    from licensing.services.requests import submit_request

    submit_request(actor=request.created_by, request=request)
    run = request.screening_runs.get()
    times = []
    for _ in range(5):
        run.status = "queued"
        run.save(update_fields=["status"])
        run.findings.all().delete()
        started = time.perf_counter()
        screening.mark_run_started(run.pk)
        screening.execute_screening_run(run.pk)
        times.append(time.perf_counter() - started)
    findings = run.findings.filter(check_name="denied_party").count()
    print(f"screening run (index cached), 5 parties incl. the organisation: "
          f"best {min(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms; "
          f"{findings} denied-party findings")


if __name__ == "__main__":
    main()
