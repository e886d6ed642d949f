"""The name index of the live denied-party list versions: read-only derived data, cached per
process. Below the services, so the reference-data loader, the officers' look-up and the
`screen_parties` command all read the same index without importing a service.

Building it from the database takes a few seconds for all lists (~40,000 entries, ~80,000
names and aliases) and a search then takes about a millisecond. The cache is keyed by the
live versions (id and import time); a new live version or a list switched on or off changes
the key, and the next screening or search in each process builds a new index. This is the
one piece of per-process state in the system, and it is acceptable because it is a cache of
derived data: it is never written back, every process builds the same index from the same
rows, and a stale index is never used because the key is read from the database on every
use (one small query).
"""

import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from licensing.lists.birth_dates import birth_dates_in_remarks
from licensing.models import DeniedPartyListVersion, FalsePositiveMark, ListedEntry
from licensing.screening.checks.parties import ListedEntryInfo
from licensing.screening.names import IndexedName, NameIndex, index_store

logger = logging.getLogger(__name__)

LIVE = DeniedPartyListVersion.Status.LIVE
VERSION_KEY_PREFIX = "denied_parties:"


@dataclass(frozen=True)
class LiveListIndex:
    key: tuple
    index: NameIndex
    entries: dict[str, ListedEntryInfo]


_lock = threading.Lock()
_cached: LiveListIndex | None = None


def live_versions():
    """The live version of every active list."""
    return DeniedPartyListVersion.objects.filter(
        status=LIVE, denied_party_list__is_active=True)


def denied_party_list_versions() -> dict[str, int]:
    """The live version number of every active list, so a screening run records what it
    screened against and is seen to be stale when a list changes."""
    return {f"{VERSION_KEY_PREFIX}{name}": number for name, number in
            live_versions().values_list("denied_party_list__name", "number")}


def active_marks():
    """False-positive marks not revoked (confirmed or not)."""
    return FalsePositiveMark.objects.filter(revoked_at__isnull=True)


def marks_in_force_for(request_id: int | None):
    """The marks that silence a match on this request: confirmed ones, and the unconfirmed
    ones made on this very request (four eyes before a mark reaches other cases)."""
    scope = Q(confirmed_at__isnull=False)
    if request_id is not None:
        scope |= Q(request_id=request_id)
    return active_marks().filter(scope)


def live_index_key() -> tuple:
    return tuple((pk, at.isoformat()) for pk, at in
                 live_versions().order_by("pk").values_list("pk", "imported_at"))


def live_versions_and_key() -> tuple[dict[str, int], tuple]:
    """`denied_party_list_versions()` and `live_index_key()` from one query (screening
    needs both for every run)."""
    rows = list(live_versions().order_by("pk").values_list(
        "pk", "imported_at", "denied_party_list__name", "number"))
    versions = {f"{VERSION_KEY_PREFIX}{name}": number for _pk, _at, name, number in rows}
    return versions, tuple((pk, at.isoformat()) for pk, at, _name, _number in rows)


def live_list_index(key: tuple | None = None) -> LiveListIndex:
    """The index of every active list's live version, built once per process per set of
    live versions (see the module docstring). `key`: `live_index_key()` when the caller
    has just read it."""
    global _cached
    if key is None:
        key = live_index_key()
    cached = _cached
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        # Another process may have built this index already (index_store).
        _cached = index_store.load(key, settings.NAME_INDEX_DIR)
        if _cached is None:
            _cached = build_live_index(key)
            index_store.save(_cached, settings.NAME_INDEX_DIR)
        return _cached


def clear_index_cache() -> None:
    global _cached
    with _lock:
        _cached = None


def build_live_index(key: tuple) -> LiveListIndex:
    started = timezone.now()
    version_ids = [pk for pk, _ in key]
    versions = {
        v.pk: v for v in DeniedPartyListVersion.objects.filter(pk__in=version_ids)
        .select_related("denied_party_list")
    }
    entries: dict[str, ListedEntryInfo] = {}
    names: list[IndexedName] = []
    rows = (ListedEntry.objects.filter(version_id__in=version_ids).order_by("pk")
            .values_list("pk", "version_id", "source_id", "source_list", "name", "aliases",
                         "countries", "programs", "entity_type", "remarks"))
    for (pk, version_id, source_id, source_list, name, aliases, countries, programs, kind,
         remarks) in rows.iterator(chunk_size=5000):
        version = versions[version_id]
        entry_key = str(pk)
        countries = tuple(countries or ())
        entries[entry_key] = ListedEntryInfo(
            list_id=version.denied_party_list_id, list_name=version.denied_party_list.name,
            version_id=version_id, version_number=version.number, source_id=source_id,
            source_list=source_list, name=name, entity_type=kind, countries=countries,
            programs=tuple(programs or ()))
        born = birth_dates_in_remarks(remarks)
        names.append(IndexedName(entry_key, name, False, countries, kind, born))
        names.extend(IndexedName(entry_key, alias, True, countries, kind, born)
                     for alias in aliases or () if alias)
    index = NameIndex(names)
    logger.info("Built the denied-party name index: %d entries, %d names, %.1fs",
                len(entries), len(names), (timezone.now() - started).total_seconds())
    return LiveListIndex(key, index, entries)
