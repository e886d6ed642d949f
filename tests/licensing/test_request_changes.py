"""Sending a request back for changes: the case stays with the officials, waiting for the
applicant, who sees what was asked; its first submission time is kept, and each submission
and send-back is recorded (the case clock stops while the applicant owes an answer)."""

import pytest

from licensing.models import SendBack, Submission
from licensing.services import requests
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_an_officer_sends_a_request_back_through_the_api_and_still_sees_it(api, officer):
    request = factories.submitted_request()
    response = api.as_user(officer).post(f"/api/v1/requests/{request.pk}/request-changes/",
                                         {"message": "Attach the signed EUC."}, format="json")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "draft"
    assert data["waiting_for_applicant"] is True
    assert data["changes_requested"] == "Attach the signed EUC."
    assert api.as_user(officer).get(f"/api/v1/requests/{request.pk}/").status_code == 200
    listed = api.as_user(officer).get("/api/v1/requests/?status=draft").json()["results"]
    assert [row["id"] for row in listed] == [request.pk]


def test_the_web_send_back_lands_on_the_case_which_waits_for_the_applicant(client, officer):
    request = factories.submitted_request()
    response = sign_in(client, officer).post(
        f"/requests/{request.pk}/actions/request-changes/",
        {"changes-message": "Attach the signed EUC."}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/requests/{request.pk}/"
    page = response.content.decode()
    assert "Waiting for the applicant" in page and "Attach the signed EUC." in page
    queue = client.get("/queue/").content.decode()
    assert request.applicant_reference in queue and "Waiting for the applicant" in queue
    waiting = client.get("/queue/?state=waiting").content.decode()
    assert request.applicant_reference in waiting


def test_the_applicant_sees_what_was_asked(client, officer):
    request = factories.submitted_request()
    requests.request_changes(actor=officer, request=request, message="Correct the quantity.")
    page = sign_in(client, request.created_by).get(f"/requests/{request.pk}/").content.decode()
    assert "The authority asked for changes" in page and "Correct the quantity." in page


def test_a_never_submitted_draft_stays_the_applicants_alone(api, officer):
    draft = factories.draft_request()
    assert api.as_user(officer).get(f"/api/v1/requests/{draft.pk}/").status_code == 404


def test_resubmission_keeps_the_first_submission_time_and_records_each_turn(officer):
    request = factories.submitted_request()
    first = request.submitted_at
    requests.request_changes(actor=officer, request=request, message="Fix the address.")
    request.refresh_from_db()
    requests.submit_request(actor=request.created_by, request=request)
    request.refresh_from_db()
    assert request.submitted_at == first
    assert request.last_submitted_at > first
    assert list(Submission.objects.filter(request=request).values_list("number", flat=True)) \
        == [1, 2]
    send_back = SendBack.objects.get(request=request)
    assert send_back.message == "Fix the address." and send_back.sent_by == officer
    assert send_back.answered_at == request.last_submitted_at
