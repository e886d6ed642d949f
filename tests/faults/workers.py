"""Real processes for the fault tests: Celery workers this test owns (so it may kill them)
and a Redis server of its own on a spare port (so it may stop it; the shared one on 6379 is
never touched)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from tests.conftest import REPO_ROOT, _worker_database_url


def free_port(preferred: int) -> int:
    for port in (preferred, *range(preferred + 1, preferred + 50)):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for a test Redis")


class RedisServer:
    """`redis-server` on 127.0.0.1:<port>, no persistence; stop() and start() again."""

    def __init__(self, directory: Path, preferred_port: int = 16399):
        self.directory = directory
        self.port = free_port(preferred_port)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (scripts/ensure-services.sh)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.directory), "--protected-mode", "yes"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        import redis

        while True:
            try:
                redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
                return self
            except redis.exceptions.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("the test redis-server did not start") from None
                time.sleep(0.1)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


class Worker:
    """A `celery worker` (solo pool) on the test database, consuming `queue`."""

    def __init__(self, log_dir: Path, *, queue: str, broker_url: str, include: str = "",
                 extra_env: dict | None = None):
        self.queue, self.broker_url = queue, broker_url
        self.log = log_dir / f"worker-{uuid.uuid4().hex[:8]}.log"
        env = {**os.environ, "DATABASE_URL": _worker_database_url(),
               "CELERY_BROKER_URL": broker_url, "CELERY_QUEUE": queue,
               "MEDIA_ROOT": str(log_dir / "media"), "DJANGO_SETTINGS_MODULE": "config.settings",
               **(extra_env or {})}
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
                   "--queues", queue, "--loglevel", "INFO", "--without-gossip",
                   "--without-mingle", "--without-heartbeat",
                   "--hostname", f"{queue}-{uuid.uuid4().hex[:6]}@%h"]
        if include:
            command += ["--include", include]
        self._log_file = open(self.log, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=self._log_file,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while "ready." not in self.log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"Celery worker did not start:\n{self.log.read_text()}")
            time.sleep(0.2)

    def kill(self):
        """SIGKILL: no clean-up, no acknowledgement, as when the machine dies."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._log_file.close()

    def tail(self, lines=60) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def route_screening_to(monkeypatch, *, queue: str, broker_url: str):
    """Publish this test's screening messages to its own queue and broker, through the same
    by-name publish as production (services/background.py: `send_task` without retries, so
    a dead broker is met exactly as in production). Other tasks go where they always go."""
    from config.celery import app
    from licensing.services.background import SCREEN_REQUEST

    original = app.send_task

    def send_task(name, args=None, kwargs=None, **options):
        if name != SCREEN_REQUEST:
            return original(name, args=args, kwargs=kwargs, **options)
        with app.connection_for_write(broker_url) as connection:
            return original(name, args=args, kwargs=kwargs, queue=queue,
                            connection=connection, **options)

    monkeypatch.setattr(app, "send_task", send_task)
