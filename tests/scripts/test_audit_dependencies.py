"""The offline dependency audit flags affected pins and fails loudly when it cannot check."""

import importlib.util
import io
import json
from datetime import date

import pytest

from tests.conftest import REPO_ROOT

_spec = importlib.util.spec_from_file_location(
    "audit_dependencies", REPO_ROOT / "scripts" / "audit_dependencies.py")
audit = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(audit)

TODAY = date(2026, 12, 7)


@pytest.fixture
def files(tmp_path):
    lock = tmp_path / "requirements.lock"
    lock.write_text("django==5.2.5\n    # via export-licensing\nrequests[socks]==2.32.5\n")
    snapshot = tmp_path / "vulnerabilities.json"
    snapshot.write_text(json.dumps({"generated_on": "2026-12-01", "source": "test",
                                    "advisories": [{"id": "CVE-X", "package": "Django",
                                                    "affected": ">=5.2,<5.2.8",
                                                    "fixed": "5.2.8"}]}))
    return lock, snapshot


def run(lock, snapshot, **kwargs):
    out = io.StringIO()
    code = audit.check(lock=lock, snapshot_path=snapshot, today=TODAY, out=out, **kwargs)
    return code, out.getvalue()


def test_an_affected_pin_fails_the_audit(files):
    code, output = run(*files)
    assert code == 1
    assert "VULNERABLE: django==5.2.5: CVE-X" in output


def test_a_fixed_pin_passes_and_says_what_it_checked(files):
    lock, snapshot = files
    lock.write_text("Django==5.2.8\n")
    code, output = run(lock, snapshot)
    assert code == 0
    assert "1 pinned packages against 1 advisories (test, snapshot of 2026-12-01)" in output


@pytest.mark.parametrize("damage", ["missing", "unreadable", "stale", "no pins"])
def test_it_fails_loudly_when_it_cannot_check(files, damage):
    lock, snapshot = files
    if damage == "missing":
        snapshot.unlink()
    elif damage == "unreadable":
        snapshot.write_text("{not json")
    elif damage == "stale":
        snapshot.write_text(json.dumps({"generated_on": "2025-01-01", "advisories": []}))
    else:
        lock.write_text("# nothing pinned\n")
    code, output = run(lock, snapshot)
    assert code == 2
    assert output.startswith("DEPENDENCY AUDIT COULD NOT CHECK")


def test_the_committed_lock_passes_the_committed_snapshot():
    code, output = run(audit.LOCK, audit.SNAPSHOT, max_age_days=100_000)
    assert code == 0, output
