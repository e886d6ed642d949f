"""Denied-party screening around the pure check: the name index of the live list versions,
the snapshot extender and version reader that plug it into screening runs, look-up for
officers (`search_lists`), and false-positive marks.

The index is derived data, cached per process: building it from the database takes a few
seconds for all lists (~40,000 entries, ~80,000 names and aliases) and a search then takes
about a millisecond. The cache is keyed by the live versions (id and import time); a new
live version or a list switched on or off changes the key, and the next screening or search
in each process builds a new index. This is the one piece of per-process state in the
system, and it is acceptable because it is a cache of derived data: it is never written
back, every process builds the same index from the same rows, and a stale index is never
used because the key is read from the database on every use (one small query).
"""

import logging
import threading
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from licensing.lists.birth_dates import birth_dates_in_remarks
from licensing.models import (
    DeniedPartyList,
    DeniedPartyListVersion,
    FalsePositiveMark,
    Finding,
    ListedEntry,
    ScreeningRun,
)
from licensing.screening.checks.parties import (
    CHECK_NAME,
    DENIED_PARTIES,
    DeniedPartyData,
    ListedEntryInfo,
    screened_names,
)
from licensing.screening.names import (
    PRODUCTION_THRESHOLD,
    IndexedName,
    NameIndex,
    normalise_name,
)
from licensing.services.audit import record_event
from licensing.services.errors import InvalidInput, NotPermitted, TransitionConflict

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


def _live_versions():
    return DeniedPartyListVersion.objects.filter(
        status=LIVE, denied_party_list__is_active=True)


def live_index_key() -> tuple:
    return tuple((pk, at.isoformat()) for pk, at in
                 _live_versions().order_by("pk").values_list("pk", "imported_at"))


def live_list_index() -> LiveListIndex:
    """The index of every active list's live version, built once per process per set of
    live versions (see the module docstring)."""
    global _cached
    key = live_index_key()
    cached = _cached
    if cached is not None and cached.key == key:
        return cached
    with _lock:
        if _cached is not None and _cached.key == key:
            return _cached
        _cached = build_live_index(key)
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


# --- plugged into screening (registered in licensing/apps.py) ---

def denied_party_list_versions() -> dict[str, int]:
    """EXTRA_VERSION_READERS: the live version of every active list, so a screening run
    records what it screened against and is stale when a list changes."""
    return {f"{VERSION_KEY_PREFIX}{name}": number for name, number in
            _live_versions().values_list("denied_party_list__name", "number")}


def denied_party_snapshot(subject=None) -> dict:
    """SNAPSHOT_EXTENDERS: the live index and the false-positive marks for the subject's
    party names."""
    live = live_list_index()
    suppressed = frozenset()
    if subject is not None:
        keys = {normalise_name(party.name) for party in screened_names(subject)}
        suppressed = frozenset(active_marks().filter(party_name_key__in=keys).values_list(
            "denied_party_list_id", "entry_source_id", "party_name_key"))
    return {DENIED_PARTIES: DeniedPartyData(index=live.index, entries=live.entries,
                                            suppressed=suppressed)}


def register() -> None:
    from licensing.services import reference, screening

    if denied_party_list_versions not in reference.EXTRA_VERSION_READERS:
        reference.EXTRA_VERSION_READERS.append(denied_party_list_versions)
    if denied_party_snapshot not in screening.SNAPSHOT_EXTENDERS:
        screening.SNAPSHOT_EXTENDERS.append(denied_party_snapshot)


# --- look-up ---

@dataclass(frozen=True)
class ListMatch:
    list_id: int
    list_name: str
    list_version: int
    source_id: str
    source_list: str
    entry_name: str
    entity_type: str
    countries: tuple[str, ...]
    programs: tuple[str, ...]
    matched_name: str
    is_alias: bool
    score: float
    reasons: tuple[str, ...]


def search_lists(name: str, country: str | None = None, limit: int = 20,
                 threshold: float = PRODUCTION_THRESHOLD) -> list[ListMatch]:
    """Entries of the live lists matching `name`, best first (officers' look-up screen,
    the API's /screening/search)."""
    live = live_list_index()
    results = []
    for match in live.index.search(name, country=country or None, threshold=threshold,
                                   limit=limit):
        entry = live.entries.get(match.entry_key)
        if entry is None:
            continue
        results.append(ListMatch(
            list_id=entry.list_id, list_name=entry.list_name,
            list_version=entry.version_number, source_id=entry.source_id,
            source_list=entry.source_list, entry_name=entry.name,
            entity_type=entry.entity_type, countries=entry.countries,
            programs=entry.programs, matched_name=match.matched_name,
            is_alias=match.is_alias, score=match.score, reasons=match.reasons))
    return results


# --- false-positive marks ---

def active_marks():
    return FalsePositiveMark.objects.filter(revoked_at__isnull=True)


def _require_caseworker(actor) -> None:
    if actor is None or actor.role not in (Role.OFFICER, Role.APPROVER):
        raise NotPermitted("Only a licensing officer or an approving authority may mark "
                           "false positives.")


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidInput({"reason": ["Give the reason."]})
    return reason.strip()


def mark_snapshot(mark: FalsePositiveMark) -> dict:
    return {"list": mark.denied_party_list.name, "list_id": mark.denied_party_list_id,
            "entry_source_id": mark.entry_source_id, "party_name_key": mark.party_name_key,
            "party_country": mark.party_country,
            "revoked_at": mark.revoked_at, "revocation_reason": mark.revocation_reason}


@transaction.atomic
def mark_false_positive(*, actor, finding: Finding, reason: str) -> FalsePositiveMark:
    """Record that a denied-party match is not this party: the entry is not raised again
    for a party of that (normalised) name. Every open request naming the party is screened
    again at once, so the finding leaves the latest run everywhere."""
    _require_caseworker(actor)
    reason = _require_reason(reason)
    finding = Finding.objects.select_related("request").get(pk=finding.pk)
    if finding.check_name != CHECK_NAME:
        raise InvalidInput({"finding": ["Only a denied-party name match can be marked as a "
                                        "false positive; clear other findings instead."]})
    evidence = finding.evidence
    try:
        dp_list = DeniedPartyList.objects.get(pk=evidence["list_id"])
        source_id = evidence["entry"]["source_id"]
        name_key = evidence["party"]["name_key"]
    except (KeyError, TypeError, DeniedPartyList.DoesNotExist):
        raise InvalidInput({"finding": ["This finding does not name a list entry."]}) from None
    if active_marks().filter(denied_party_list=dp_list, entry_source_id=source_id,
                             party_name_key=name_key).exists():
        raise TransitionConflict("This entry is already marked as a false positive for "
                                 "this party.")
    mark = FalsePositiveMark.objects.create(
        denied_party_list=dp_list, entry_source_id=source_id, party_name_key=name_key,
        party_country=(evidence["party"].get("country") or "")[:2], reason=reason,
        marked_by=actor)
    rescreened = rescreen_requests_naming(name_key)
    record_event(actor=actor, action="false_positive.marked", obj=mark,
                 request=finding.request,
                 after={**mark_snapshot(mark), "finding_id": finding.pk,
                        "party": evidence["party"], "entry": evidence["entry"],
                        "score": evidence.get("score"), "rescreened_requests": rescreened},
                 reason=reason)
    return mark


@transaction.atomic
def revoke_false_positive_mark(*, actor, mark: FalsePositiveMark,
                               reason: str) -> FalsePositiveMark:
    """Withdraw a mark: the entry is raised again for that party from the next screening,
    which starts at once for every open request naming the party."""
    _require_caseworker(actor)
    reason = _require_reason(reason)
    mark = FalsePositiveMark.objects.select_for_update().select_related(
        "denied_party_list").get(pk=mark.pk)
    if mark.revoked_at is not None:
        raise TransitionConflict("This mark has already been revoked.")
    before = mark_snapshot(mark)
    mark.revoked_by = actor
    mark.revoked_at = timezone.now()
    mark.revocation_reason = reason
    mark.save(update_fields=["revoked_by", "revoked_at", "revocation_reason"])
    rescreened = rescreen_requests_naming(mark.party_name_key)
    record_event(actor=actor, action="false_positive.revoked", obj=mark, before=before,
                 after={**mark_snapshot(mark), "rescreened_requests": rescreened},
                 reason=reason)
    return mark


def requests_naming(name_key: str) -> list[int]:
    """Screenable requests with a party (or applicant organisation) of this normalised name."""
    from licensing.models import Party
    from licensing.services.screening import screenable_requests

    screenable = screenable_requests()
    ids = set()
    for request_id, name in Party.objects.filter(request__in=screenable).values_list(
            "request_id", "name"):
        if normalise_name(name) == name_key:
            ids.add(request_id)
    for request_id, name in screenable.values_list("pk", "organisation__name"):
        if normalise_name(name) == name_key:
            ids.add(request_id)
    return sorted(ids)


def rescreen_requests_naming(name_key: str) -> list[int]:
    from licensing.services.screening import queue_screening, screenable_requests

    ids = requests_naming(name_key)
    for request in screenable_requests().filter(pk__in=ids):
        queue_screening(request=request, trigger=ScreeningRun.Trigger.MANUAL)
    return ids
