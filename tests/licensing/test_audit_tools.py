"""The auditor's tools as selectors: full-text search of the log, a request's timeline
with the evidence in force at each step, and a request reconstructed at chosen moments."""

import pytest
from django.utils import timezone

from licensing.models import ArmsEmbargo, AuditEvent, Finding
from licensing.selectors_audit import reconstruct_request, request_timeline, search_audit_events
from licensing.services import requests as request_services
from licensing.services.audit import _jsonable
from licensing.services.requests import request_snapshot
from licensing.services.screening import clear_finding
from tests import factories

pytestmark = pytest.mark.django_db


def _recorded(request):
    request.refresh_from_db()
    return _jsonable(request_snapshot(request))


def test_the_request_is_reconstructed_exactly_as_recorded_at_three_moments(officer):
    request = factories.draft_request(end_use="Training ammunition")
    first = (timezone.now(), _recorded(request))
    request_services.update_draft(actor=request.created_by, request=request, data={
        "end_use": "Ammunition for a peacekeeping contingent",
        "parties": [
            {"role": "end_user", "name": "Polish Armed Forces, 12th Brigade", "country": "PL",
             "address": "Szczecin", "end_user_type": "armed_forces"},
            {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
             "address": "Warsaw", "end_user_type": ""}]})
    request_services.submit_request(actor=request.created_by, request=request)
    factories.run_queued_screening(request)
    second = (timezone.now(), _recorded(request))
    request_services.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference="Note 7/2026", verified_on=timezone.localdate())
    request_services.deny_request(actor=factories.ApproverFactory(), request=request,
                                  reason="Risk of diversion.", criteria=["7"])
    third = (timezone.now(), _recorded(request))

    for moment, recorded in (first, second, third):
        assert reconstruct_request(request, moment).request | {} == {
            **recorded, **({"decision_reason": "Risk of diversion.", "decision_criteria": ["7"]}
                           if recorded["status"] == "denied" else {})}
    assert [reconstruct_request(request, m).request["status"] for m, _ in
            (first, second, third)] == ["draft", "submitted", "denied"]
    assert first[1]["end_use"] != second[1]["end_use"]


def test_before_the_first_event_the_request_did_not_exist():
    before = timezone.now()
    request = factories.draft_request()
    assert not reconstruct_request(request, before).exists


def test_the_reconstruction_carries_the_licence_and_shipments():
    request = factories.request_in_state("shipped")
    result = reconstruct_request(request, timezone.now())
    assert result.request["status"] == "shipped"
    assert result.licence["number"] == request.licence.number
    assert result.licence["status"] == "exhausted"
    assert [s["customs_declaration"] for s in result.shipments] == ["CD-1"]


def test_the_timeline_shows_open_findings_and_list_versions_at_each_step(officer):
    # A partial embargo on Hungary, a transit country: screening raises a medium finding.
    ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="partial",
                               legal_basis="Test decision 2026/1")
    request = factories.submitted_request()
    finding = Finding.objects.get(request=request, severity="medium")
    clear_finding(actor=officer, finding=finding, reason="Embargo targets non-state actors.")
    steps = {s.event.action: s.evidence for s in request_timeline(request)}
    assert steps["request.submitted"].screening_run is None
    screened = steps["screening.completed"]
    assert [f.pk for f in screened.open_findings] == [finding.pk]
    assert screened.list_versions == screened.screening_run.list_versions != {}
    cleared = steps["finding.cleared"]
    assert cleared.open_findings == [] and [f.pk for f in cleared.cleared_findings] == [
        finding.pk]


def test_full_text_search_finds_words_in_any_field_including_before_and_after():
    factories.draft_request(end_use="Spare barrels for howitzers")
    factories.draft_request()
    hits = search_audit_events({"q": "howitzers"})
    assert [e.action for e in hits] == ["request.created"]
    assert search_audit_events({"q": "HOWITZERS spare"}).count() == 1
    assert search_audit_events({"q": "howitzers withdrawn"}).count() == 0
    event = AuditEvent.objects.filter(action="document.uploaded").first()
    assert list(search_audit_events({"event": event.pk})) == [event]
