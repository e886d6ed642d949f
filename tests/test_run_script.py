"""scripts/run.sh stops with a clear message when its port is taken, before doing anything."""

import socket
import subprocess

from tests.processes import REPO_ROOT


def test_run_stops_clearly_when_the_port_is_taken():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(["bash", "scripts/run.sh"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=60, env={"PATH": "/usr/bin:/bin",
                                                          "PORT": str(port)}, check=False)
    assert done.returncode == 1
    assert f"Port {port} is already in use" in done.stderr
    assert "is running" not in done.stdout
