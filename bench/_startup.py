"""Start-up of screening in a new process (a worker, a `screen_parties` run): cold (the name
index built from the database) and warm (loaded from NAME_INDEX_DIR, the lists unchanged).

    .venv/bin/python bench/screening_speed.py --startup-only

`prepare` imports every list in data/ into a fresh SQLite database (var/bench-startup.sqlite3)
once; `measure` is run in a new Python process for each figure and times, from process start
(Django set up, nothing loaded), the first screening of one party's name against all lists.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

STARTED = time.perf_counter()
ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = ROOT / "var" / "bench-startup.sqlite3"
INDEX_DIR = ROOT / "var" / "bench-startup-index"


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
    os.environ["NAME_INDEX_DIR"] = str(INDEX_DIR)
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def prepare() -> int:
    """Import the lists once; returns how many names (with aliases) the index will hold."""
    _django()
    from django.core.management import call_command

    from licensing.lists.snapshots import ALL_LISTS
    from licensing.models import DeniedPartyListVersion, ListedEntry
    from licensing.services.list_imports import import_denied_party_list

    call_command("migrate", verbosity=0)
    if not DeniedPartyListVersion.objects.filter(status="live").exists():
        for snapshot in ALL_LISTS:
            import_denied_party_list(actor=None, list_name=snapshot.list_name,
                                     fmt=snapshot.format, paths=snapshot.paths())
    names = sum(1 + len(aliases) for aliases in
                ListedEntry.objects.filter(version__status="live")
                .values_list("aliases", flat=True).iterator())
    return names


def measure() -> None:
    """In a new process: seconds to set Django up (the same for every process, index or
    not), then from there to the first screening result (index built or loaded, one search)."""
    _django()
    from licensing.services.party_screening import search_lists

    ready = time.perf_counter()
    search_lists("Рособоронэкспорт")
    done = time.perf_counter()
    print(json.dumps({"django": ready - STARTED, "seconds": done - ready}))


def startup_figures() -> dict:
    """{'names', 'cold', 'warm', 'django'}: seconds from Django set up to the first screening
    result, cold without a stored index and warm with it (median of 3), and the median
    Django set-up of those processes."""
    names = prepare()
    for stored in INDEX_DIR.glob("*"):
        stored.unlink()

    def run() -> dict:
        done = subprocess.run([sys.executable, __file__, "measure"], capture_output=True,
                              text=True, check=True, cwd=ROOT)
        return json.loads(done.stdout.strip().splitlines()[-1])

    cold = run()  # builds and stores the index
    warm = sorted((run() for _ in range(3)), key=lambda figures: figures["seconds"])
    return {"names": names, "cold": cold["seconds"], "warm": warm[1]["seconds"],
            "django": sorted(r["django"] for r in [cold, *warm])[2]}


if __name__ == "__main__" and sys.argv[1:] == ["measure"]:
    measure()
