"""V8: one request cannot tie up the server (limits on items, parties, documents), and
dates are sane; bad input gets 400 with field messages and changes nothing."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.models import Document, Licence, ShipmentRequest
from tests import factories
from tests.licensing.test_api_requests import body

pytestmark = pytest.mark.django_db


def item(n):
    return {"description": f"Item {n}", "control_category": "ML3", "quantity": 1,
            "unit": "pcs", "value": "1.00", "currency": "EUR"}


def test_five_thousand_line_items_are_refused(api, applicant):
    response = api.as_user(applicant).post(
        "/api/v1/requests/", body(items=[item(n) for n in range(5000)]), format="json")
    assert response.status_code == 400
    assert "At most 50 line items" in response.json()["items"][0]
    assert not ShipmentRequest.objects.exists()


def test_the_item_limit_is_a_setting(api, applicant, settings):
    settings.MAX_ITEMS_PER_REQUEST = 2
    client = api.as_user(applicant)
    assert client.post("/api/v1/requests/", body(items=[item(1), item(2)]),
                       format="json").status_code == 201
    response = client.post("/api/v1/requests/", body(items=[item(n) for n in range(3)]),
                           format="json")
    assert response.status_code == 400 and "items" in response.json()


def test_too_many_parties_are_refused(api, applicant, settings):
    settings.MAX_PARTIES_PER_REQUEST = 3
    data = body()
    data["parties"] += [{"role": "intermediate_consignee", "name": f"Broker {n}",
                         "country": "HU", "address": "Budapest"} for n in range(2)]
    response = api.as_user(applicant).post("/api/v1/requests/", data, format="json")
    assert response.status_code == 400
    assert "At most 3 parties" in response.json()["parties"][0]


def test_too_many_documents_are_refused(api, applicant, settings):
    settings.MAX_DOCUMENTS_PER_REQUEST = 2
    request = factories.draft_request(applicant)  # one document already
    client = api.as_user(applicant)
    url = f"/api/v1/requests/{request.pk}/documents/"

    def upload():
        return client.post(url, {"kind": "other", "file": SimpleUploadedFile(
            "a.pdf", minimal_pdf(), content_type="application/pdf")}, format="multipart")

    assert upload().status_code == 201
    response = upload()
    assert response.status_code == 400
    assert "At most 2 documents" in response.json()["file"][0]
    assert Document.objects.filter(request=request).count() == 2


@pytest.mark.parametrize("issue_date, field", [
    ("0001-01-01", "issue_date"), ("9999-12-31", "issue_date")])
def test_certificate_dates_are_bounded(api, applicant, issue_date, field):
    data = body()
    data["end_user_certificate"]["issue_date"] = issue_date
    data["end_user_certificate"]["expiry_date"] = None
    response = api.as_user(applicant).post("/api/v1/requests/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()["end_user_certificate"]


@pytest.mark.parametrize("verified_on", ["0001-01-01", "9999-12-31"])
def test_verified_on_is_bounded(api, officer, verified_on):
    request = factories.submitted_request()
    response = api.as_user(officer).post(
        f"/api/v1/requests/{request.pk}/verify-end-user/",
        {"channel": "embassy", "reference": "Note 1", "verified_on": verified_on},
        format="json")
    assert response.status_code == 400
    assert "verified_on" in response.json()
    request.refresh_from_db()
    assert request.status == "submitted"


@pytest.mark.parametrize("valid_until", [
    "9999-12-31", "2001-01-01", lambda: (timezone.localdate() + timedelta(days=6 * 365))])
def test_valid_until_is_bounded(api, approver, valid_until):
    request = factories.verified_request()
    value = valid_until() if callable(valid_until) else valid_until
    response = api.as_user(approver).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/",
        {"valid_until": str(value), "reason": "Allied forces."}, format="json")
    assert response.status_code == 400
    assert "valid_until" in response.json()
    assert not Licence.objects.exists()


def test_a_sensible_valid_until_is_accepted(api, approver):
    request = factories.verified_request()
    response = api.as_user(approver).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/",
        {"valid_until": str(timezone.localdate() + timedelta(days=400)),
         "reason": "Allied forces."}, format="json")
    assert response.status_code == 200, response.content


def test_the_web_form_bounds_verified_on(client, officer):
    from licensing.limits import VERIFIED_ON
    from licensing.web.forms import VerifyEndUserForm

    form = VerifyEndUserForm({"channel": "embassy", "reference": "r",
                              "verified_on": "0001-01-01"})
    assert not form.is_valid() and "verified_on" in form.errors
    VERIFIED_ON(timezone.localdate())  # today is fine
