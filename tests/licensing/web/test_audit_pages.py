"""The auditor's side: the audit log with filters, the CSV export and the integrity check."""

import csv
import io
import json

import pytest
from django.utils import timezone

from licensing.models import AuditEvent
from licensing.services import requests as requests_service
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_log_filters_by_actor_action_request_and_date(signed_in, auditor):
    first = factories.submitted_request(applicant_reference="FIRST")
    factories.submitted_request(applicant_reference="SECOND")
    client = signed_in(auditor)
    everything = client.get("/audit/").context["page"].paginator.count
    assert everything == AuditEvent.objects.count()
    by_action = client.get("/audit/?action=request.submitted").context["page"].object_list
    assert {e.action for e in by_action} == {"request.submitted"}
    assert len(by_action) == 2
    by_request = client.get("/audit/?request=FIRST").context["page"].object_list
    assert {e.request_id for e in by_request} == {first.pk}
    by_actor = client.get(f"/audit/?actor={first.created_by.email}").context["page"].object_list
    assert {e.actor_id for e in by_actor} == {first.created_by_id}
    today = timezone.localdate().isoformat()
    assert client.get(f"/audit/?date_from={today}&date_to={today}").context[
        "page"].paginator.count == everything
    assert client.get("/audit/?date_to=2000-01-01").context["page"].paginator.count == 0


def test_the_export_streams_the_filtered_log_as_csv(signed_in, auditor):
    factories.submitted_request(applicant_reference="=HYPERLINK(1)")
    response = signed_in(auditor).get("/audit/export.csv?action=request.submitted")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["id", "at", "actor", "role", "action"]
    assert [r[4] for r in rows[1:]] == ["request.submitted"]
    assert rows[1][8] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_the_log_is_for_auditors(signed_in, officer, applicant):
    assert signed_in(officer).get("/audit/").status_code == 403
    assert signed_in(applicant).get("/audit/export.csv").status_code == 403


def test_the_csv_export_carries_real_json_in_before_and_after(signed_in, auditor):
    factories.submitted_request()
    response = signed_in(auditor).get("/audit/export.csv?action=request.submitted")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [json.loads(r["before"]) for r in rows] == [{"status": "draft"}]
    assert [json.loads(r["after"]) for r in rows] == [{"status": "submitted"}]
    event = AuditEvent.objects.get(action="request.submitted")
    assert rows[0]["mac"] == event.mac and rows[0]["hash"] == event.hash


def test_the_json_export_is_one_json_document_of_the_filtered_events(signed_in, auditor):
    request = factories.submitted_request(end_use="Spare barrels for howitzers")
    response = signed_in(auditor).get("/audit/export.json?q=howitzers")
    assert response.streaming and response["Content-Type"] == "application/json"
    events = json.loads(b"".join(response.streaming_content))
    assert [e["action"] for e in events] == ["request.created"]
    assert events[0]["request_reference"] == request.applicant_reference
    assert events[0]["after"]["end_use"] == "Spare barrels for howitzers"
    assert events[0]["before"] is None
    created = AuditEvent.objects.get(request=request, action="request.created")
    assert (events[0]["id"], events[0]["at"], events[0]["mac"]) == (
        created.pk, created.at.isoformat(), created.mac)
    empty = signed_in(auditor).get("/audit/export.json?q=nothing-matches-this")
    assert json.loads(b"".join(empty.streaming_content)) == []


def test_the_log_searches_all_fields(signed_in, auditor):
    factories.draft_request(end_use="Spare barrels for howitzers")
    factories.draft_request()
    page = signed_in(auditor).get("/audit/?q=howitzers").context["page"]
    assert [e.action for e in page.object_list] == ["request.created"]


def test_the_timeline_page_shows_each_event_with_its_evidence(signed_in, auditor):
    request = factories.request_in_state("special_approval")
    html = signed_in(auditor).get(f"/audit/requests/{request.pk}/").content.decode()
    for event in AuditEvent.objects.filter(request=request):
        assert f'id="event-{event.pk}"' in html
    assert "No open findings." in html and "Not screened yet." in html


def test_the_reconstruct_page_shows_the_request_at_the_moment(signed_in, auditor):
    request = factories.submitted_request()
    moment = timezone.localtime(AuditEvent.objects.get(request=request,
                                                       action="request.created").at)
    client = signed_in(auditor)
    page = client.get(f"/audit/requests/{request.pk}/at/",
                      {"date": moment.date().isoformat(), "time": moment.strftime("%H:%M:%S.%f")})
    assert page.context["r"].request["status"] == "draft"
    assert 'id="reconstructed-status">Draft<' in page.content.decode()
    later = client.get(f"/audit/requests/{request.pk}/at/",
                       {"date": timezone.localdate().isoformat()})
    assert later.context["r"].request["status"] == "submitted"
    timeline = client.get(f"/audit/requests/{request.pk}/").content.decode()
    assert (f"?date={moment.date().isoformat()}&amp;time={moment.strftime('%H:%M:%S.%f')}"
            in timeline)


def test_the_auditor_tools_are_for_auditors(signed_in, officer):
    request = factories.submitted_request()
    client = signed_in(officer)
    for url in (f"/audit/requests/{request.pk}/", f"/audit/requests/{request.pk}/at/",
                "/audit/export.json"):
        assert client.get(url).status_code == 403


def test_the_csv_export_quotes_what_needs_quoting_and_reads_back_exactly(signed_in, auditor):
    request = factories.draft_request()
    reason = '=cmd "quoted", with a comma\nand a second line\r\nand ünïcode'
    requests_service.withdraw_request(actor=request.created_by, request=request, reason=reason)
    response = signed_in(auditor).get("/audit/export.csv?action=request.withdrawn")
    text = b"".join(response.streaming_content).decode()
    [row] = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["reason"] == "'" + reason
    event = AuditEvent.objects.get(action="request.withdrawn")
    assert row["at"] == event.at.isoformat() and row["redacted_at"] == ""
    assert json.loads(row["after"]) == {"status": "withdrawn"}
    assert row["id"] == str(event.pk) and row["hash_version"] == "2"
    exported = signed_in(auditor).get("/audit/export.json?action=request.withdrawn")
    [record] = json.loads(b"".join(exported.streaming_content))
    assert record["reason"] == reason and record["ip_address"] is None
    assert (record["at"], record["after"], record["redacted_at"]) == (
        event.at.isoformat(), {"status": "withdrawn"}, None)
