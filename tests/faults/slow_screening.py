"""Imported by a worker in the SIGKILL test only (`celery worker --include ...`): screening
waits a long time after the run is marked running, so the test can kill the worker in the
middle of a screening, deterministically. Nothing is mocked: the real task and service run,
just later."""

import os
import time

from licensing.services import screening

_execute = screening.execute_screening_run


def _slow_execute(run_id):
    time.sleep(float(os.environ.get("SLOW_SCREENING_SECONDS", "300")))
    return _execute(run_id)


screening.execute_screening_run = _slow_execute
