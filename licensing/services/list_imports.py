"""Importing denied-party lists: every import is a new version of the list, live or refused.

`import_denied_party_list` parses the publisher's files (licensing.lists.parsers), then in ONE
transaction either

- records a REFUSED version with the reason (the file is missing, empty, truncated or
  malformed, or the list shrank by more than LIST_MAX_SHRINK_FRACTION against the live
  version) and leaves the live version as it is, or
- stores the entries as the new LIVE version (bulk insert), marks the old one superseded,
  stores counts and a diff against it (added / removed / changed, by source key and content
  hash) and, once committed, re-screens every open request and unshipped licence.

Both outcomes are audited. `refresh_list_from_source` is what the daily beat job runs: it
fetches the list's configured paths or URLs and imports them when they changed.
"""

import hashlib
import json
import logging
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted
from licensing.lists.entries import ListEntry
from licensing.lists.parsers import ListFileError, parse_list
from licensing.models import AuditAction, DeniedPartyList, DeniedPartyListVersion, ListedEntry
from licensing.services.audit import record_event
from licensing.services.reference import schedule_continuous_screening

logger = logging.getLogger(__name__)

Format = DeniedPartyList.Format
Status = DeniedPartyListVersion.Status

DEFAULT_LIST_NAMES = {
    Format.OFAC: "OFAC SDN",
    Format.UN: "UN Security Council",
    Format.CSL: "US Consolidated Screening List",
    Format.OPENSANCTIONS: "OpenSanctions",
    Format.NATIONAL: "National list",
}
# How many source keys of each kind (added, removed, changed) a version keeps as samples.
DIFF_SAMPLE_SIZE = 50
_BULK_BATCH = 2000


def default_list_name(fmt: str) -> str:
    return DEFAULT_LIST_NAMES[fmt]


def entry_key(source_list: str, source_id: str) -> str:
    """What identifies an entry within one version: the publisher's id, qualified by the
    sub-list for composite files (the US CSL reuses OFAC's ids across its SDN, SSI, ...)."""
    return f"{source_list}:{source_id}"


def content_hash(entry: ListEntry) -> str:
    """A digest of everything screening reads or shows, so versions diff cheaply."""
    content = [entry.name, entry.entity_type, sorted(entry.aliases), sorted(entry.countries),
               sorted(entry.programs), sorted(entry.addresses), entry.remarks, entry.source_list]
    raw = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode()).hexdigest()


def merge_duplicates(entries: list[ListEntry]) -> tuple[list[ListEntry], list[str]]:
    """One entry per (source_list, source_id). A publisher that lists the same entry twice
    (the US CSL of April 2022 has Capta List entry 15268 twice) gets one entry whose
    aliases, countries, programs and addresses are the union of both; the name and remarks
    of the first are kept. Returns the entries and the keys that were merged."""
    merged: dict[str, ListEntry] = {}
    duplicates = []
    for entry in entries:
        key = entry_key(entry.source_list, entry.source_id)
        held = merged.get(key)
        if held is None:
            merged[key] = entry
            continue
        duplicates.append(key)

        def union(a, b):
            return tuple(dict.fromkeys((*a, *b)))

        merged[key] = ListEntry(
            source_id=held.source_id, name=held.name, entity_type=held.entity_type,
            aliases=union(held.aliases, entry.aliases),
            countries=union(held.countries, entry.countries),
            programs=union(held.programs, entry.programs),
            addresses=union(held.addresses, entry.addresses),
            remarks=held.remarks or entry.remarks, source_list=held.source_list,
            extra={**entry.extra, **held.extra},
        )
    return list(merged.values()), duplicates


def describe_files(paths: Sequence[Path]) -> list[dict]:
    """[{name, sha256, size}] of the files given (size and sha256 None when unreadable)."""
    described = []
    for path in paths:
        digest = hashlib.sha256()
        size = 0
        try:
            with open(path, "rb") as handle:
                for block in iter(lambda h=handle: h.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
        except OSError:
            described.append({"name": path.name, "sha256": None, "size": None})
            continue
        described.append({"name": path.name, "sha256": digest.hexdigest(), "size": size})
    return described


def _require_list_manager(actor) -> None:
    """The system (actor None: the beat job, the command line), administrators and the
    approving authority may import lists; nobody else."""
    if not policy.may_import_lists(actor):
        raise NotPermitted(_("Only an administrator or an approving authority may import "
                           "denied-party lists."))


@dataclass
class _Parsed:
    entries: list[ListEntry]
    rows: int
    duplicates: list[str]
    error: str = ""


def _parse(fmt: str, paths: list[Path]) -> _Parsed:
    try:
        rows = parse_list(fmt, paths)
    except ListFileError as exc:
        return _Parsed([], 0, [], error=str(exc))
    entries, duplicates = merge_duplicates(rows)
    return _Parsed(entries, len(rows), duplicates)


def import_denied_party_list(*, actor, list_name: str, fmt: str, paths: Sequence[Path | str],
                             allow_shrink: bool = False, reason: str = "",
                             create_list: bool = True,
                             skip_if_unchanged: bool = False) -> DeniedPartyListVersion:
    """Import a list's files as its next version; returns the version (LIVE or REFUSED).

    `allow_shrink` accepts a sharp shrink the authority knows to be right (a publisher
    delisting many entries at once); it is recorded in the audit event with `reason`.
    With `skip_if_unchanged` (the scheduled re-import), files byte-for-byte those of the
    live version import nothing and the live version is returned.
    """
    _require_list_manager(actor)
    problems = {}
    if fmt not in Format.values:
        problems["format"] = [f"Unknown format {fmt!r}; one of {', '.join(Format.values)}."]
    list_name = (list_name or "").strip()
    if not list_name:
        problems["list_name"] = ["Name the list."]
    elif len(list_name) > DeniedPartyList._meta.get_field("name").max_length:
        problems["list_name"] = ["The list name is too long."]
    paths = [Path(p) for p in paths]
    if not paths:
        problems["paths"] = ["Give at least one file."]
    if allow_shrink and not reason.strip():
        problems["reason"] = ["Say why a sharp shrink of the list is accepted."]
    if problems:
        raise InvalidInput(problems)

    files = describe_files(paths)
    parsed = _parse(fmt, paths)  # outside the transaction: it reads files, not the database
    with transaction.atomic():
        dp_list = _lock_list(list_name, fmt, create=create_list)
        live = (dp_list.versions.select_for_update()
                .filter(status=Status.LIVE).first())
        if skip_if_unchanged and live is not None and _same_files(live.files, files):
            logger.info("%s: files unchanged since version %s", dp_list.name, live.number)
            return live
        refusal = parsed.error or _shrink_refusal(parsed, live, allow_shrink)
        number = (dp_list.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        if refusal:
            return _refuse(actor, dp_list, number, files, parsed, live, refusal)
        return _make_live(actor, dp_list, number, files, parsed, live, allow_shrink, reason)


def _lock_list(list_name: str, fmt: str, *, create: bool) -> DeniedPartyList:
    dp_list = DeniedPartyList.objects.select_for_update().filter(name=list_name).first()
    if dp_list is None:
        if not create:
            raise InvalidInput({"list_name": [f"No list called {list_name!r}."]})
        dp_list = DeniedPartyList.objects.create(name=list_name, format=fmt)
        dp_list = DeniedPartyList.objects.select_for_update().get(pk=dp_list.pk)
    if dp_list.format != fmt:
        raise InvalidInput({"format": [
            f"{list_name} is imported in the {dp_list.format} format, not {fmt}."]})
    return dp_list


def _shrink_refusal(parsed: _Parsed, live, allow_shrink: bool) -> str:
    if not parsed.entries:
        return "The files contain no entries."
    if live is None or allow_shrink or not live.entry_count:
        return ""
    fraction = settings.LIST_MAX_SHRINK_FRACTION
    floor = live.entry_count * (1 - fraction)
    if len(parsed.entries) < floor:
        return (f"The list shrank from {live.entry_count} to {len(parsed.entries)} entries, "
                f"more than the {fraction:.0%} allowed (LIST_MAX_SHRINK_FRACTION); the file "
                f"may be truncated. Version {live.number} stays live.")
    return ""


def _refuse(actor, dp_list, number, files, parsed, live, refusal) -> DeniedPartyListVersion:
    version = DeniedPartyListVersion.objects.create(
        denied_party_list=dp_list, number=number, status=Status.REFUSED, imported_by=actor,
        files=files, entry_count=len(parsed.entries),
        alias_count=sum(len(e.aliases) for e in parsed.entries),
        diff={"source_rows": parsed.rows}, refusal_reason=refusal,
    )
    record_event(actor=actor, action=AuditAction.DENIED_PARTY_LIST_IMPORT_REFUSED, obj=version,
                 after={"list": dp_list.name, "format": dp_list.format, "number": number,
                        "entry_count": version.entry_count, "files": files,
                        "live_version": live.number if live else None},
                 reason=refusal)
    logger.warning("Import of %s refused: %s", dp_list.name, refusal)
    return version


def _make_live(actor, dp_list, number, files, parsed, live, allow_shrink, reason):
    previous = {}
    if live is not None:
        previous = {entry_key(source_list, source_id): (digest, name) for
                    source_list, source_id, digest, name in
                    live.entries.values_list("source_list", "source_id", "content_hash", "name")
                    .iterator(chunk_size=5000)}
        live.status = Status.SUPERSEDED
        live.save(update_fields=["status"])
    version = DeniedPartyListVersion.objects.create(
        denied_party_list=dp_list, number=number, status=Status.LIVE, imported_by=actor,
        files=files, entry_count=len(parsed.entries),
        alias_count=sum(len(e.aliases) for e in parsed.entries),
    )
    rows = []
    current = {}
    for entry in parsed.entries:
        digest = content_hash(entry)
        current[entry_key(entry.source_list, entry.source_id)] = (digest, entry.name)
        rows.append(ListedEntry(
            version=version, source_id=entry.source_id, name=entry.name,
            entity_type=entry.entity_type, aliases=list(entry.aliases),
            countries=list(entry.countries), programs=list(entry.programs),
            addresses=list(entry.addresses), remarks=entry.remarks,
            source_list=entry.source_list, content_hash=digest,
        ))
    ListedEntry.objects.bulk_create(rows, batch_size=_BULK_BATCH)

    diff = diff_versions(previous, current)
    diff["source_rows"] = parsed.rows
    diff["duplicates_merged"] = parsed.duplicates[:DIFF_SAMPLE_SIZE]
    diff["previous_version"] = live.number if live else None
    version.added_count = diff["counts"]["added"]
    version.removed_count = diff["counts"]["removed"]
    version.changed_count = diff["counts"]["changed"]
    version.diff = diff
    version.save(update_fields=["added_count", "removed_count", "changed_count", "diff"])
    record_event(actor=actor, action=AuditAction.DENIED_PARTY_LIST_IMPORTED, obj=version,
                 before={"live_version": live.number, "entry_count": live.entry_count}
                 if live else None,
                 after={"list": dp_list.name, "format": dp_list.format, "number": number,
                        "entry_count": version.entry_count, "alias_count": version.alias_count,
                        "added": version.added_count, "removed": version.removed_count,
                        "changed": version.changed_count, "files": files,
                        "duplicates_merged": len(parsed.duplicates),
                        "allow_shrink": allow_shrink},
                 reason=reason)
    schedule_continuous_screening(reason=f"{dp_list.name} version {number} imported")
    return version


def diff_versions(previous: dict[str, tuple[str, str]],
                  current: dict[str, tuple[str, str]]) -> dict:
    """Counts and samples of entries added, removed and changed between two versions,
    both given as {source key: (content hash, name)}."""
    added = sorted(current.keys() - previous.keys())
    removed = sorted(previous.keys() - current.keys())
    changed = sorted(key for key in current.keys() & previous.keys()
                     if current[key][0] != previous[key][0])

    def sample(keys, side):
        return [{"key": key, "name": side[key][1]} for key in keys[:DIFF_SAMPLE_SIZE]]

    return {
        "counts": {"added": len(added), "removed": len(removed), "changed": len(changed)},
        "added": sample(added, current),
        "removed": sample(removed, previous),
        "changed": sample(changed, current),
    }


# --- the list's configured source, re-imported by the beat job ---

class SourceUnavailable(Exception):
    """A source could not be fetched (network, missing file): try again later."""


def source_locations(dp_list: DeniedPartyList) -> list[str]:
    return [line.strip() for line in dp_list.source.splitlines()
            if line.strip() and not line.strip().startswith("#")]


def fetch_source(location: str, into: Path) -> Path:
    """A local copy of one source: a path, a file:// URL or an http(s) URL (fetched with a
    timeout and a size limit). The file keeps its name, which the OFAC parser relies on."""
    parsed = urllib.parse.urlparse(location)
    if parsed.scheme in ("", "file"):
        path = Path(urllib.parse.unquote(parsed.path) if parsed.scheme == "file" else location)
        if not path.is_file():
            raise SourceUnavailable(f"{location}: no such file")
        return path
    if parsed.scheme not in ("http", "https"):
        raise SourceUnavailable(f"{location}: only paths, file://, http:// and https:// "
                                "sources are supported")
    name = Path(urllib.parse.unquote(parsed.path)).name or "download"
    target = into / name
    limit = settings.LIST_FETCH_MAX_BYTES
    try:
        with urllib.request.urlopen(  # noqa: S310 (scheme checked above)
                location, timeout=settings.LIST_FETCH_TIMEOUT_SECONDS) as response, \
                open(target, "wb") as out:
            copied = 0
            while block := response.read(1 << 20):
                copied += len(block)
                if copied > limit:
                    raise SourceUnavailable(f"{location}: larger than {limit} bytes")
                out.write(block)
    except (OSError, ValueError) as exc:
        raise SourceUnavailable(f"{location}: {exc}") from exc
    return target


def refresh_list_from_source(list_id: int) -> DeniedPartyListVersion | None:
    """Fetch the list's sources and import them unless they are byte-for-byte what the live
    version was imported from. Returns the new version (live or refused), or None when
    nothing changed or the list has no source. Raises SourceUnavailable to be retried."""
    dp_list = DeniedPartyList.objects.get(pk=list_id)
    locations = source_locations(dp_list)
    if not dp_list.is_active or not locations:
        return None
    workdir = Path(tempfile.mkdtemp(prefix="list-import-"))
    try:
        paths = [fetch_source(location, workdir) for location in locations]
        DeniedPartyList.objects.filter(pk=dp_list.pk).update(checked_at=timezone.now())
        live = dp_list.live_version
        version = import_denied_party_list(
            actor=None, list_name=dp_list.name, fmt=dp_list.format, paths=paths,
            reason="Scheduled re-import from the configured source.", create_list=False,
            skip_if_unchanged=True)
        return None if live is not None and version.pk == live.pk else version
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _same_files(old: list[dict], new: list[dict]) -> bool:
    def digests(files):
        return sorted((f.get("name"), f.get("sha256")) for f in files)

    return digests(old) == digests(new)


@transaction.atomic
def save_denied_party_list(*, actor, dp_list: DeniedPartyList, reason: str = ""):
    """Create or change a list's settings (name, source, active). Switching a list on or off
    changes what screening reads, so it is audited and re-screens everything open."""
    _require_list_manager(actor)
    before = None
    if dp_list.pk:
        old = DeniedPartyList.objects.select_for_update().get(pk=dp_list.pk)
        before = {"name": old.name, "format": old.format, "source": old.source,
                  "is_active": old.is_active}
        if old.format != dp_list.format and old.versions.exists():
            raise InvalidInput({"format": [_("A list with versions keeps its format; create a "
                                           "new list for another format.")]})
    dp_list.full_clean()
    dp_list.save()
    after = {"name": dp_list.name, "format": dp_list.format, "source": dp_list.source,
             "is_active": dp_list.is_active}
    record_event(actor=actor, action=AuditAction.DENIED_PARTY_LIST_SAVED, obj=dp_list,
                 before=before,
                 after=after, reason=reason)
    switched = before is None or before["is_active"] != after["is_active"]
    if switched and dp_list.live_version is not None:
        schedule_continuous_screening(reason=f"{dp_list.name} switched "
                                             f"{'on' if dp_list.is_active else 'off'}")
    return dp_list
