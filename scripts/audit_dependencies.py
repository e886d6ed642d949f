"""Offline dependency audit: every pin in requirements.lock against a committed snapshot of
vulnerability advisories (security/vulnerabilities.json), with no network.

    python scripts/audit_dependencies.py            # check (make audit; CI runs it)
    python scripts/audit_dependencies.py --refresh  # rebuild the snapshot from OSV (network)

The check fails loudly (exit 2) when it cannot check: no snapshot, an unreadable one, one
older than --max-age-days, or no pins found. It fails (exit 1) when a pinned version is
affected. It never passes silently: it prints what it checked against (source, date,
number of advisories). pip-audit needs a vulnerability service on the network; this machine
and CI have none, hence the snapshot, refreshed wherever OSV can be reached."""

import argparse
import json
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
SNAPSHOT = ROOT / "security" / "vulnerabilities.json"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;#]+)")
OSV_BATCH = "https://api.osv.dev/v1/querybatch"
OSV_VULN = "https://api.osv.dev/v1/vulns/"


class CannotCheck(Exception):
    pass


def read_pins(lock: Path) -> dict[str, str]:
    if not lock.is_file():
        raise CannotCheck(f"{lock} does not exist")
    pins = {}
    for line in lock.read_text().splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    if not pins:
        raise CannotCheck(f"no pinned packages found in {lock}")
    return pins


def read_snapshot(path: Path, max_age_days: int, today: date) -> dict:
    if not path.is_file():
        raise CannotCheck(f"no vulnerability snapshot at {path}")
    try:
        snapshot = json.loads(path.read_text())
        generated = date.fromisoformat(snapshot["generated_on"])
        advisories = snapshot["advisories"]
        for advisory in advisories:
            SpecifierSet(advisory["affected"])
            advisory["id"], advisory["package"]  # noqa: B018 - required keys
    except (ValueError, KeyError, TypeError, InvalidSpecifier) as exc:
        raise CannotCheck(f"the snapshot {path} is unreadable: {exc!r}") from exc
    age = (today - generated).days
    if age > max_age_days:
        raise CannotCheck(f"the snapshot is {age} days old (limit {max_age_days}): refresh it "
                          f"with `python scripts/audit_dependencies.py --refresh` where OSV "
                          f"can be reached")
    return snapshot


def affected(pins: dict[str, str], advisories: list[dict]) -> list[tuple[str, str, dict]]:
    hits = []
    for advisory in advisories:
        name = canonicalize_name(advisory["package"])
        version = pins.get(name)
        if version is None:
            continue
        try:
            if Version(version) in SpecifierSet(advisory["affected"]):
                hits.append((name, version, advisory))
        except InvalidVersion:
            hits.append((name, version, {**advisory, "summary": "unparseable pinned version"}))
    return hits


def check(lock=LOCK, snapshot_path=SNAPSHOT, max_age_days=180, today=None, out=sys.stdout):
    today = today or datetime.now(UTC).date()
    try:
        pins = read_pins(lock)
        snapshot = read_snapshot(snapshot_path, max_age_days, today)
    except CannotCheck as exc:
        print(f"DEPENDENCY AUDIT COULD NOT CHECK: {exc}", file=out)
        return 2
    hits = affected(pins, snapshot["advisories"])
    print(f"Dependency audit: {len(pins)} pinned packages against "
          f"{len(snapshot['advisories'])} advisories ({snapshot.get('source', '?')}, "
          f"snapshot of {snapshot['generated_on']}).", file=out)
    for name, version, advisory in hits:
        print(f"VULNERABLE: {name}=={version}: {advisory['id']} (affected "
              f"{advisory['affected']}; fixed in {advisory.get('fixed', '?')}): "
              f"{advisory.get('summary', '')}", file=out)
    if hits:
        return 1
    print("No pinned version is affected by an advisory in the snapshot.", file=out)
    return 0


def refresh(lock=LOCK, snapshot_path=SNAPSHOT):  # pragma: no cover - needs the network
    """Ask OSV about every pin and write the advisories that affect any version of them."""
    import urllib.request

    pins = read_pins(lock)
    queries = [{"package": {"name": name, "ecosystem": "PyPI"}} for name in sorted(pins)]
    request = urllib.request.Request(OSV_BATCH, data=json.dumps({"queries": queries}).encode(),
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - fixed URL
        results = json.load(response)["results"]
    advisories = []
    for query, result in zip(queries, results, strict=True):
        for vuln in result.get("vulns", []):
            with urllib.request.urlopen(OSV_VULN + vuln["id"], timeout=60) as response:  # noqa: S310
                detail = json.load(response)
            for item in detail.get("affected", []):
                if canonicalize_name(item["package"]["name"]) != \
                        canonicalize_name(query["package"]["name"]):
                    continue
                for span in item.get("ranges", []):
                    start, fixed = None, None
                    for event in span.get("events", []):
                        start = event.get("introduced", start)
                        fixed = event.get("fixed", fixed)
                    parts = [f">={start}"] if start and start != "0" else []
                    parts += [f"<{fixed}"] if fixed else []
                    advisories.append({"id": detail["id"], "package": query["package"]["name"],
                                       "affected": ",".join(parts) or ">=0",
                                       "fixed": fixed, "summary": detail.get("summary", "")})
    snapshot_path.write_text(json.dumps({
        "generated_on": datetime.now(UTC).date().isoformat(), "source": "OSV (api.osv.dev)",
        "advisories": advisories}, indent=1) + "\n")
    print(f"Wrote {len(advisories)} advisories to {snapshot_path}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true")
    parser.add_argument("--max-age-days", type=int, default=180)
    args = parser.parse_args(argv)
    if args.refresh:
        try:
            refresh()
        except OSError as exc:
            print(f"DEPENDENCY AUDIT COULD NOT REFRESH: {exc}", file=sys.stderr)
            return 2
        return 0
    return check(max_age_days=args.max_age_days)


if __name__ == "__main__":
    sys.exit(main())
