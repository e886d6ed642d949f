"""gunicorn configuration for `bench/load.py --profile DIR`: each worker runs under
cProfile and writes DIR/web-<pid>.prof when it exits."""

import cProfile
import os
import time

_profiler = cProfile.Profile(time.process_time)  # CPU time, not time spent waiting


def post_fork(server, worker):
    _profiler.enable()


def worker_exit(server, worker):
    _profiler.disable()
    _profiler.dump_stats(os.path.join(os.environ["BENCH_PROFILE_DIR"], f"web-{os.getpid()}.prof"))
