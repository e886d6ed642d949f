"""Case-working: assignment, clearing several findings with one reason, internal notes
that never reach the applicant, and questions the applicant answers on the web or the
API."""

import pytest
from django.urls import reverse

from licensing.errors import InvalidInput, NotPermitted
from licensing.models import AuditAction, AuditEvent, CaseAssignment, ShipmentRequest
from licensing.services import assignment, notes
from licensing.services import screening as screening_services
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def transit_embargo():
    from licensing.models import ArmsEmbargo

    return ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="partial",
                                      legal_basis="Test decision 2026/1")


@pytest.fixture
def diversion_risk():
    from licensing.models import DiversionRiskCountry

    return DiversionRiskCountry.objects.create(country="SK", reason="Test")


def api(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


# --- assignment ---

def test_an_officer_takes_an_unassigned_case_but_not_one_someone_holds():
    shipment_request = factories.submitted_request()
    first, second = factories.OfficerFactory(), factories.OfficerFactory()
    assignment.assign_case(actor=first, request=shipment_request, officer=first)
    assert shipment_request.assignment.officer == first
    with pytest.raises(NotPermitted):
        assignment.assign_case(actor=second, request=shipment_request, officer=second,
                               reason="I have time.")
    with pytest.raises(NotPermitted):
        assignment.assign_case(actor=second, request=factories.submitted_request(),
                               officer=first)


def test_an_approver_reassigns_only_with_a_reason_and_both_are_audited():
    shipment_request = factories.submitted_request()
    first, second = factories.OfficerFactory(), factories.OfficerFactory()
    approver = factories.ApproverFactory()
    assignment.assign_case(actor=approver, request=shipment_request, officer=first)
    with pytest.raises(InvalidInput) as refused:
        assignment.assign_case(actor=approver, request=shipment_request, officer=second)
    assert "reason" in refused.value.field_errors
    assert CaseAssignment.objects.get().officer == first
    assignment.assign_case(actor=approver, request=shipment_request, officer=second,
                           reason="First is on leave.")
    events = AuditEvent.objects.filter(request=shipment_request,
                                       action__in=[AuditAction.CASE_ASSIGNED,
                                                   AuditAction.CASE_REASSIGNED])
    assert [(e.action, e.after["officer"], e.reason) for e in events] == [
        (AuditAction.CASE_ASSIGNED, first.email, ""),
        (AuditAction.CASE_REASSIGNED, second.email, "First is on leave.")]


def test_cases_are_not_assigned_to_applicants(applicant=None):
    shipment_request = factories.submitted_request()
    with pytest.raises(InvalidInput):
        assignment.assign_case(actor=factories.ApproverFactory(), request=shipment_request,
                               officer=shipment_request.created_by)


def test_my_cases_and_unassigned_on_the_queue(client):
    officer = factories.OfficerFactory()
    mine, free = factories.submitted_request(), factories.submitted_request()
    sign_in(client, officer)
    response = client.post(reverse("web:case-take", args=[mine.pk]), {"next": "queue"})
    assert response.status_code == 302
    rows = client.get("/queue/?assignee=me").context["page"].object_list
    assert [r.pk for r in rows] == [mine.pk]
    assert rows[0].holder == officer
    rows = client.get("/queue/?assignee=unassigned").context["page"].object_list
    assert [r.pk for r in rows] == [free.pk]
    rows = client.get("/queue/?sort=assignee").context["page"].object_list
    assert {r.pk for r in rows} == {mine.pk, free.pk}


def test_the_queue_shows_the_clock_and_holder_in_constant_queries(client, transit_embargo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = factories.OfficerFactory()
    sign_in(client, officer)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/queue/?state=all&per_page=100&sort=findings")
        assert response.status_code == 200
        rows = response.context["page"].object_list
        assert all(row.clock is not None for row in rows)
        return len(queries), len(rows)

    for _ in range(3):
        request = factories.submitted_request()
        assignment.assign_case(actor=officer, request=request, officer=officer)
        notes.ask_applicant(actor=officer, request=request, question="Why?")
    few = count()
    for _ in range(12):
        request = factories.submitted_request()
        assignment.assign_case(actor=officer, request=request, officer=officer)
        notes.ask_applicant(actor=officer, request=request, question="Why?")
    many = count()
    assert (few[1], many[1]) == (3, 15)
    assert many[0] == few[0]


# --- findings cleared together ---

def test_bulk_clearing_writes_one_audit_event_per_finding_with_the_shared_reason(
        transit_embargo, diversion_risk):
    shipment_request = factories.submitted_request()
    open_findings = list(shipment_request.findings.filter(cleared_at__isnull=True,
                                                          severity__in=["high", "medium"]))
    assert len(open_findings) >= 2
    officer = factories.OfficerFactory()
    cleared = screening_services.clear_findings(
        actor=officer, request=shipment_request, finding_ids=[f.pk for f in open_findings],
        reason="Both concern the Hungarian transit leg, cleared with the MFA.")
    assert len(cleared) == len(open_findings)
    events = AuditEvent.objects.filter(action=AuditAction.FINDING_CLEARED,
                                       request=shipment_request)
    assert sorted(int(e.object_id) for e in events) == sorted(f.pk for f in open_findings)
    assert {e.reason for e in events} == {
        "Both concern the Hungarian transit leg, cleared with the MFA."}


def test_bulk_clearing_is_all_or_nothing_and_bad_input_is_a_400(transit_embargo,
                                                                 diversion_risk):
    shipment_request = factories.submitted_request()
    other = factories.submitted_request()
    ids = list(shipment_request.findings.values_list("pk", flat=True))
    foreign = other.findings.values_list("pk", flat=True)[0]
    officer = factories.OfficerFactory()
    response = api(officer).post(f"/api/v1/requests/{shipment_request.pk}/findings/clear/",
                                 {"findings": [*ids, foreign], "reason": "x"}, format="json")
    assert response.status_code == 400 and "findings" in response.json()
    response = api(officer).post(f"/api/v1/requests/{shipment_request.pk}/findings/clear/",
                                 {"findings": ids}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    assert not shipment_request.findings.filter(cleared_at__isnull=False).exists()
    response = api(officer).post(f"/api/v1/requests/{shipment_request.pk}/findings/clear/",
                                 {"findings": ids, "reason": "Shared cause."}, format="json")
    assert response.status_code == 200
    applicant = shipment_request.created_by
    response = api(applicant).post(f"/api/v1/requests/{shipment_request.pk}/findings/clear/",
                                   {"findings": ids, "reason": "Mine."}, format="json")
    assert response.status_code == 403


# --- notes never reach the applicant ---

SECRET = "Embassy hints the end user is a front company."


def test_internal_notes_never_appear_in_any_applicant_response(client):
    shipment_request = factories.submitted_request()
    officer = factories.OfficerFactory()
    notes.add_note(actor=officer, request=shipment_request, text=SECRET)
    approver = factories.ApproverFactory()
    assignment.assign_case(actor=approver, request=shipment_request, officer=officer)
    assignment.assign_case(actor=approver, request=shipment_request,
                           officer=factories.OfficerFactory(), reason="Officer is on leave.")
    applicant = shipment_request.created_by
    # The API: the request, its list, the notes endpoint itself.
    for path in (f"/api/v1/requests/{shipment_request.pk}/", "/api/v1/requests/",
                 f"/api/v1/requests/{shipment_request.pk}/information-requests/"):
        response = api(applicant).get(path)
        assert response.status_code == 200 and SECRET not in response.content.decode()
        assert "on leave" not in response.content.decode()
    history = api(applicant).get(f"/api/v1/requests/{shipment_request.pk}/").json()["history"]
    assert not {e["action"] for e in history} & {"note.added", "case.assigned",
                                                  "case.reassigned"}
    assert api(applicant).get(f"/api/v1/requests/{shipment_request.pk}/notes/").status_code == 404
    # The page, and the history on it.
    sign_in(client, applicant)
    page = client.get(f"/requests/{shipment_request.pk}/")
    assert page.status_code == 200 and SECRET not in page.content.decode()
    assert "Internal note added" not in page.content.decode()
    assert "on leave" not in page.content.decode()
    # Officials read it, and see the events.
    sign_in(client, officer)
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert SECRET in page and "Internal note added" in page and "on leave" in page
    assert SECRET in api(officer).get(
        f"/api/v1/requests/{shipment_request.pk}/notes/").content.decode()
    with pytest.raises(NotPermitted):
        notes.add_note(actor=applicant, request=shipment_request, text="Hello")


def test_the_applicant_answers_a_question_through_the_api_and_on_the_web(client):
    shipment_request = factories.submitted_request()
    officer = factories.OfficerFactory()
    response = api(officer).post(
        f"/api/v1/requests/{shipment_request.pk}/information-requests/",
        {"question": "Who is the carrier?"}, format="json")
    assert response.status_code == 201
    question_id = response.json()["id"]
    applicant = shipment_request.created_by
    path = f"/api/v1/requests/{shipment_request.pk}/information-requests/{question_id}/answer/"
    assert api(applicant).post(path, {"answer": ""}, format="json").status_code == 400
    assert api(officer).post(path, {"answer": "Me"}, format="json").status_code == 403
    assert api(applicant).post(path, {"answer": "Jadran Cargo."},
                               format="json").json()["answer"] == "Jadran Cargo."
    # A second question, answered on the page.
    asked = notes.ask_applicant(actor=officer, request=shipment_request, question="Route?")
    sign_in(client, applicant)
    assert "Route?" in client.get(f"/requests/{shipment_request.pk}/").content.decode()
    client.post(reverse("web:case-question-answer", args=[shipment_request.pk, asked.pk]),
                {f"answer-{asked.pk}-answer": "By road."})
    asked.refresh_from_db()
    assert asked.answer == "By road." and asked.answered_by == applicant
    assert ShipmentRequest.objects.get(pk=shipment_request.pk).status == "submitted"


def test_the_certificate_register_lists_the_requests_that_drew_on_a_certificate(client):
    first = factories.submitted_request()
    number = first.end_user_certificate.number
    officer = factories.OfficerFactory()
    sign_in(client, officer)
    response = client.get(f"/certificates/?q={number}")
    assert response.status_code == 200
    groups = response.context["groups"]
    assert groups[0]["number"] == number
    assert [u["request"].pk for u in groups[0]["uses"]] == [first.pk]
    assert groups[0]["rows"][0]["left"] == 0
    sign_in(client, first.created_by)
    assert client.get("/certificates/").status_code == 403
