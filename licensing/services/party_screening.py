"""Denied-party screening around the pure check: look-up for officers (`search_lists`) and
false-positive marks. The name index of the live list versions, which screening runs and the
look-up both search, is built and cached in licensing/denied_party_index.py; screening reads
it through licensing/reference_data.py.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.denied_party_index import live_list_index, marks_in_force_for
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import (
    AuditAction,
    DeniedPartyList,
    FalsePositiveMark,
    Finding,
    Party,
    ScreeningRun,
)
from licensing.screening.checks.parties import CHECK_NAME
from licensing.screening.names import PRODUCTION_THRESHOLD, normalise_name
from licensing.services.audit import record_event
from licensing.services.screening import screenable_requests
from licensing.services.screening_runs import queue_screening

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

def _require_caseworker(actor) -> None:
    if not policy.may_mark_false_positives(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may mark "
                           "false positives."))


def _require_reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise InvalidInput({"reason": [_("Give the reason.")]})
    return reason.strip()


def mark_snapshot(mark: FalsePositiveMark) -> dict:
    return {"list": mark.denied_party_list.name, "list_id": mark.denied_party_list_id,
            "entry_source_id": mark.entry_source_id, "party_name_key": mark.party_name_key,
            "party_country": mark.party_country, "request_id": mark.request_id,
            "confirmed_by": mark.confirmed_by.email if mark.confirmed_by_id else None,
            "confirmed_at": mark.confirmed_at,
            "revoked_at": mark.revoked_at, "revocation_reason": mark.revocation_reason}


@transaction.atomic
def mark_false_positive(*, actor, finding: Finding, reason: str) -> FalsePositiveMark:
    """Record that a denied-party match is not this party. Four eyes: the mark applies at
    once on this request (screened again now) and, for every other request naming a party
    of that normalised name, only when a second official confirms it
    (`confirm_false_positive_mark`)."""
    _require_caseworker(actor)
    reason = _require_reason(reason)
    finding = Finding.objects.select_related("request").get(pk=finding.pk)
    if finding.check_name != CHECK_NAME:
        raise InvalidInput({"finding": [_("Only a denied-party name match can be marked as a "
                                        "false positive; clear other findings instead.")]})
    evidence = finding.evidence
    try:
        dp_list = DeniedPartyList.objects.get(pk=evidence["list_id"])
        source_id = evidence["entry"]["source_id"]
        name_key = evidence["party"]["name_key"]
    except (KeyError, TypeError, DeniedPartyList.DoesNotExist):
        raise InvalidInput({"finding": [_("This finding does not name a list entry.")]}) from None
    if marks_in_force_for(finding.request_id).filter(
            denied_party_list=dp_list, entry_source_id=source_id,
            party_name_key=name_key).exists():
        raise TransitionConflict(_("This entry is already marked as a false positive for "
                                   "this party."))
    mark = FalsePositiveMark.objects.create(
        denied_party_list=dp_list, entry_source_id=source_id, party_name_key=name_key,
        party_country=(evidence["party"].get("country") or "")[:2], reason=reason,
        marked_by=actor, request=finding.request)
    rescreened = rescreen_requests(request_ids=[finding.request_id])
    record_event(actor=actor, action=AuditAction.FALSE_POSITIVE_MARKED, obj=mark,
                 request=finding.request,
                 after={**mark_snapshot(mark), "finding_id": finding.pk,
                        "party": evidence["party"], "entry": evidence["entry"],
                        "score": evidence.get("score"), "rescreened_requests": rescreened},
                 reason=reason)
    return mark


@transaction.atomic
def confirm_false_positive_mark(*, actor, mark: FalsePositiveMark,
                                reason: str = "") -> FalsePositiveMark:
    """A second official confirms a mark: from now on it silences the entry for that party
    on every request, and every open request naming the party is screened again at once."""
    _require_caseworker(actor)
    mark = FalsePositiveMark.objects.select_for_update().select_related(
        "denied_party_list").get(pk=mark.pk)
    if mark.revoked_at is not None:
        raise TransitionConflict(_("This mark has been revoked."))
    if mark.confirmed_at is not None:
        raise TransitionConflict(_("This mark is already confirmed."))
    if mark.marked_by_id == actor.pk:
        raise NotPermitted(_("You made this mark; a second official must confirm it (four "
                             "eyes)."))
    before = mark_snapshot(mark)
    mark.confirmed_by = actor
    mark.confirmed_at = timezone.now()
    mark.save(update_fields=["confirmed_by", "confirmed_at"])
    rescreened = rescreen_requests_naming(mark.party_name_key)
    record_event(actor=actor, action=AuditAction.FALSE_POSITIVE_CONFIRMED, obj=mark,
                 request=mark.request, before=before,
                 after={**mark_snapshot(mark), "rescreened_requests": rescreened},
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
        raise TransitionConflict(_("This mark has already been revoked."))
    before = mark_snapshot(mark)
    mark.revoked_by = actor
    mark.revoked_at = timezone.now()
    mark.revocation_reason = reason
    mark.save(update_fields=["revoked_by", "revoked_at", "revocation_reason"])
    rescreened = rescreen_requests_naming(mark.party_name_key)
    record_event(actor=actor, action=AuditAction.FALSE_POSITIVE_REVOKED, obj=mark, before=before,
                 after={**mark_snapshot(mark), "rescreened_requests": rescreened},
                 reason=reason)
    return mark


def requests_naming(name_key: str) -> list[int]:
    """Screenable requests with a party (or applicant organisation) of this normalised name."""
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
    return rescreen_requests(request_ids=requests_naming(name_key))


def rescreen_requests(*, request_ids) -> list[int]:
    """Queue a screening of each of these requests that can still be screened."""
    screened = []
    for request in screenable_requests().filter(pk__in=request_ids):
        queue_screening(request=request, trigger=ScreeningRun.Trigger.MANUAL)
        screened.append(request.pk)
    return sorted(screened)
