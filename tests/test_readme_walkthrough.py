"""README's API walk-through works as printed: the shell block runs, unchanged, against a fresh
demo (migrate, seed_demo, a web server) and takes a request from draft to its first shipment."""

import re
import subprocess

from tests.processes import REPO_ROOT, free_port, gunicorn, manage, project_env, wait_for_http

README = REPO_ROOT / "README.md"


def walkthrough() -> str:
    text = README.read_text()
    block = text[text.index("<!-- walkthrough:start -->"):text.index("<!-- walkthrough:end -->")]
    return re.search(r"```sh\n(.*?)```", block, re.S).group(1)


def test_the_walkthrough_has_no_placeholders():
    script = walkthrough()
    assert not re.search(r"<[a-z ]+>", script), "a placeholder like <item id> is left"
    assert (REPO_ROOT / "docs" / "samples" / "end-user-certificate-sample.pdf").is_file()


def test_the_walkthrough_runs_as_printed_against_a_fresh_demo(tmp_path):
    # Tasks run in the web process here, so no worker is needed; the script waits for the
    # screening either way. curl and jq come with .ci/system-packages.txt.
    # The demo without its list snapshots (tests/licensing/test_seed_demo.py covers those):
    # the walk-through needs the demo's people, not 30,000 list entries.
    env = project_env(tmp_path, CELERY_TASK_ALWAYS_EAGER="true", REDIS_URL="",
                      REFERENCE_DATA_DIR=str(tmp_path / "no-snapshots"))
    manage(env, "migrate", "--noinput")
    manage(env, "seed_demo", timeout=600)
    port = free_port()
    with gunicorn(port, env, tmp_path / "web.log") as web:
        wait_for_http(f"http://127.0.0.1:{port}/healthz", web)
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", walkthrough()],
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300,
                              env={**env, "BASE": f"http://127.0.0.1:{port}/api/v1"},
                              check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert '"status": "special_approval"' in done.stdout
    assert '"licence": "issued"' in done.stdout, done.stdout
