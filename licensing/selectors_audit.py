"""Read-only selectors over the audit trail for the auditor's tools (issue 12): the log
with filters and full-text search, a request's timeline with the evidence in force at each
step, and a request reconstructed as it was at a chosen moment, from the trail alone."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from licensing.models import AuditEvent, DeniedPartyListVersion, Finding, ScreeningRun
from licensing.models.screening import BLOCKING_SEVERITIES, Severity
from licensing.search_across_scripts import countries_matching, spellings_in_other_scripts
from licensing.web import queries

REQUEST_TYPE = "licensing.shipmentrequest"
LICENCE_TYPE = "licensing.licence"
SNAPSHOT_ACTIONS = ("request.created", "request.edited")


def search_audit_events(filters: dict):
    """The log's filters (actor, action, request, dates) plus `q`, words that must all
    appear somewhere in the event (action, actor, object, reason, before or after), and
    `event`, one event by id."""
    events = queries.audit_events(filters)
    if filters.get("event"):
        events = events.filter(pk=filters["event"])
    if filters.get("object_type"):
        events = events.filter(object_type=filters["object_type"])
    words = (filters.get("q") or "").split()
    if words:
        events = events.annotate(_before=Cast("before", TextField()),
                                 _after=Cast("after", TextField()))
        for word in words[:8]:
            match = Q(action__icontains=word) | Q(object_type__icontains=word) | Q(object_id=word)
            for spelling in _spellings(word):
                match |= (Q(actor_label__icontains=spelling) | Q(reason__icontains=spelling)
                          | Q(_before__icontains=spelling) | Q(_after__icontains=spelling))
            for code in countries_matching(word):
                match |= Q(_before__contains=f'"{code}"') | Q(_after__contains=f'"{code}"')
            events = events.filter(match)
    return events


def _spellings(word: str) -> set[str]:
    """`word` as typed and in the other script ("Petrović" also finds "Петровић"), each
    also as JSON writes it where the database keeps JSON as text (SQLite: "\\u041f...")."""
    spellings = {word} | spellings_in_other_scripts(word)
    return spellings | {json.dumps(s)[1:-1] for s in spellings if not s.isascii()}


@dataclass
class Evidence:
    """What a decision-maker had before them at one moment."""

    screening_run: ScreeningRun | None
    list_versions: dict
    open_findings: list
    cleared_findings: list
    denied_party_lists: list


@dataclass
class TimelineStep:
    event: AuditEvent
    evidence: Evidence


def evidence_at(request, moment: datetime) -> Evidence:
    run = (ScreeningRun.objects.filter(request=request, status=ScreeningRun.Status.COMPLETED,
                                       finished_at__lte=moment)
           .order_by("-finished_at", "-id").first())
    open_findings, cleared = [], []
    if run is not None:
        for finding in Finding.objects.filter(run=run).select_related("cleared_by"):
            if finding.cleared_at is not None and finding.cleared_at <= moment:
                cleared.append(finding)
            elif finding.severity in (*BLOCKING_SEVERITIES, Severity.PROHIBITION):
                open_findings.append(finding)
    versions = []
    live_then = (DeniedPartyListVersion.objects.filter(imported_at__lte=moment)
                 .exclude(status=DeniedPartyListVersion.Status.REFUSED)
                 .select_related("denied_party_list")
                 .order_by("denied_party_list_id", "-number"))
    seen = set()
    for version in live_then:
        if version.denied_party_list_id not in seen:
            seen.add(version.denied_party_list_id)
            versions.append(version)
    return Evidence(run, run.list_versions if run else {}, open_findings, cleared, versions)


def request_timeline(request) -> list[TimelineStep]:
    """Every event of the request in order, each with the evidence in force just after it."""
    events = AuditEvent.objects.filter(request=request).order_by("id")
    return [TimelineStep(event, evidence_at(request, event.at)) for event in events]


@dataclass
class Reconstruction:
    moment: datetime
    exists: bool = False
    request: dict = field(default_factory=dict)
    licence: dict = field(default_factory=dict)
    shipments: list = field(default_factory=list)
    cleared_findings: list = field(default_factory=list)
    last_event: AuditEvent | None = None
    events_applied: int = 0
    erased_events: int = 0
    evidence: Evidence | None = None


def reconstruct_request(request, moment: datetime) -> Reconstruction:
    """The request as it was at `moment`, folded from its audit events up to then: the
    contents from the last full snapshot (created or edited), the status from the last
    event that changed it, the licence, shipments and cleared findings."""
    result = Reconstruction(moment=moment)
    for event in AuditEvent.objects.filter(request=request, at__lte=moment).order_by("id"):
        result.exists = True
        result.events_applied += 1
        result.last_event = event
        if event.redacted_at is not None:
            result.erased_events += 1
            continue
        after = event.after or {}
        if event.object_type == REQUEST_TYPE:
            if event.action in SNAPSHOT_ACTIONS:
                result.request = dict(after)
            elif "status" in after:
                result.request["status"] = after["status"]
                if event.reason:
                    result.request["decision_reason"] = event.shown_reason
                if "criteria" in after:
                    result.request["decision_criteria"] = after["criteria"]
        elif event.object_type == LICENCE_TYPE:
            if event.action == "licence.issued":
                result.licence = dict(after)
            elif "status" in after:
                result.licence["status"] = after["status"]
        elif event.action == "shipment.recorded":
            result.shipments.append(after)
        elif event.action == "finding.cleared":
            result.cleared_findings.append({**after, "reason": event.reason,
                                            "by": event.actor_label, "at": event.at})
    result.evidence = evidence_at(request, moment) if result.exists else None
    return result
