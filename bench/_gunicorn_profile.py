"""gunicorn configuration for `bench/load.py --profile DIR`: each worker runs under
cProfile and writes DIR/web-<pid>.prof when it exits."""

import cProfile
import os

_profiler = cProfile.Profile()


def post_fork(server, worker):
    _profiler.enable()


def worker_exit(server, worker):
    _profiler.disable()
    _profiler.dump_stats(os.path.join(os.environ["BENCH_PROFILE_DIR"], f"web-{os.getpid()}.prof"))
