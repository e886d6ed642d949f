"""Real server processes for tests that run the project as a user does: a fresh database
file, `manage.py` commands, gunicorn and Celery as subprocesses, and waiting until they
answer (never a fixed sleep)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def project_env(tmp_path: Path, **overrides) -> dict[str, str]:
    """The environment of a separate deployment of the project: its own SQLite file (unless
    DATABASE_URL is given), media folder and log level."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "PYTEST_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
        "AXES_ENABLED": "true",
    })
    env.update(overrides)
    return env


def manage(env: dict, *args: str, timeout: float = 300) -> str:
    done = subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=REPO_ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def wait_for_http(url: str, process: subprocess.Popen | None = None,
                  timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{process.args} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (local test URL)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@contextmanager
def running(args: list[str], env: dict, log: Path):
    """A process for the duration of the block; stopped (TERM, then KILL) afterwards."""
    with open(log, "wb") as out:
        process = subprocess.Popen(args, cwd=REPO_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def gunicorn(port: int, env: dict, log: Path, workers: int = 1):
    return running([str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers), "--timeout", "120"], env, log)


def celery_worker(queue: str, env: dict, log: Path, name: str = "worker"):
    return running([str(BIN / "celery"), "-A", "config", "worker", "--queues", queue,
                    "--concurrency", "1", "--pool", "solo", "--hostname", f"{name}@%h",
                    "--loglevel", "INFO", "--without-gossip", "--without-mingle"], env, log)
