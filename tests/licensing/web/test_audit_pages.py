"""The auditor's side: the audit log with filters, the CSV export and the integrity check."""

import csv
import io

import pytest
from django.utils import timezone

from licensing.models import AuditEvent
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
