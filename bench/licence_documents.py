"""Time to generate a signed licence document, through the Celery task.

    .venv/bin/python bench/licence_documents.py [--count 200]

Sets up a throw-away SQLite database, media folder and development signing key in a
temporary directory, issues COUNT licences through the real services (create, submit,
screen, verify, grant), then runs the `generate_licence_document` Celery task for each:
`task.apply()`, which executes the task through Celery's own task code (tracer, retry
policy, result) in this process, synchronously, without a broker or worker. Each run
renders the HTML template, lays it out with WeasyPrint (restrictive URL fetcher, QR code
inlined), signs it with pyHanko (RSA-3072, SHA-256) and stores it with its SHA-256.

Prints the median, p95 and maximum wall time per document (and the process's CPU time, a
steadier figure on a shared machine) and the document sizes; one
warm-up document first (fonts and modules loading) is reported on its own. Target: a
median and p95 under 0.5 s. Nothing is asserted: a benchmark prints figures.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="bench-licence-documents-"))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "LICENCE_SIGNING_KEY": str(workdir / "key.pem"),
        "LICENCE_SIGNING_CERT": str(workdir / "cert.pem"),
        # No broker: what services queue on commit (screening, documents, mail) is logged
        # and skipped; this script runs the screening and the document task itself.
        "CELERY_BROKER_URL": "redis://127.0.0.1:1/0",
        "REDIS_URL": "",
        "LOG_LEVEL": "ERROR",
        "AXES_ENABLED": "false",
    })
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("generate_signing_key", verbosity=0)

    from licensing.models import LicenceDocument
    from licensing.tasks import generate_licence_document
    from tests import factories

    print(f"Issuing {args.count + 1} licences through the services...", flush=True)
    started = time.perf_counter()
    approver = factories.ApproverFactory()
    applicant = factories.ApplicantFactory()
    licences = [factories.approved_request(applicant, approver=approver).licence
                for _ in range(args.count + 1)]
    print(f"  done in {time.perf_counter() - started:.1f} s")

    warm_up, *measured = licences
    started = time.perf_counter()
    generate_licence_document.apply(args=[warm_up.pk]).get()
    warm_up_seconds = time.perf_counter() - started

    seconds, cpu_seconds = [], []
    for licence in measured:
        started, cpu_started = time.perf_counter(), time.process_time()
        version = generate_licence_document.apply(args=[licence.pk]).get()
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu_started)
        assert version == 1
    sizes = list(LicenceDocument.objects.filter(licence__in=measured)
                 .values_list("size", flat=True))

    print(f"\nLicence documents generated through the Celery task (task.apply, in-process): "
          f"{len(seconds)}")
    print(f"  warm-up (first document in the process): {warm_up_seconds:.3f} s")
    print(f"  time per document: median {statistics.median(seconds):.3f} s, "
          f"p95 {percentile(seconds, 0.95):.3f} s, max {max(seconds):.3f} s, "
          f"mean {statistics.mean(seconds):.3f} s")
    print(f"  CPU time per document (this process): median "
          f"{statistics.median(cpu_seconds):.3f} s, p95 {percentile(cpu_seconds, 0.95):.3f} s")
    print(f"  size: median {statistics.median(sizes) / 1024:.1f} KiB, "
          f"min {min(sizes) / 1024:.1f} KiB, max {max(sizes) / 1024:.1f} KiB")
    print("  target: under 0.5 s per document")
    load = os.getloadavg()
    print(f"  load average during the run: {load[0]:.2f} (1 min), {load[1]:.2f} (5 min) on "
          f"{os.cpu_count()} CPUs")
    print(f"(work files in {workdir})")


if __name__ == "__main__":
    main()
