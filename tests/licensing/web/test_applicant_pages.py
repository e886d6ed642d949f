"""The manufacturer's side: the request form with rows for parties, transit countries and
items, the certificate and its upload; save as draft, submit; their organisation's list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.models import RequestStatus, ShipmentRequest
from tests import factories

pytestmark = pytest.mark.django_db


def formset(prefix, rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def form_data(reference="WEB-1", **overrides):
    today = timezone.localdate()
    data = {
        "request-applicant_reference": reference, "request-destination_country": "PL",
        "request-end_use": "Training of the armed forces",
        **formset("parties", [
            {"role": "end_user", "name": "Polish Armed Forces", "address": "Warsaw",
             "country": "PL", "end_user_type": "armed_forces"},
            {"role": "consignee", "name": "Agencja Uzbrojenia", "address": "Warsaw",
             "country": "PL", "end_user_type": ""},
            {"role": "freight_forwarder", "name": "Removed Forwarder", "address": "x",
             "country": "PL", "DELETE": "on"}]),
        **formset("transit", [{"country": "SK"}]),
        **formset("items", [
            {"description": "7.62 mm cartridges", "control_category": "ML3", "quantity": "1000",
             "unit": "rounds", "value": "350.00", "currency": "EUR"},
            {"description": "Fuzes", "control_category": "ML3", "quantity": "20",
             "unit": "pieces", "value": "100.00", "currency": "EUR"}]),
        "euc-number": "PL/MON/2026/9001", "euc-issuing_country": "PL",
        "euc-issuing_authority": "Ministry of National Defence",
        "euc-issue_date": today.isoformat(), "euc-non_reexport_clause": "on",
        "euc-covers_items_as_listed": "on",
        **formset("euc_items", []),
    }
    data.update(overrides)
    return data


def pdf(name="euc.pdf"):
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def test_the_form_saves_a_draft_with_all_its_rows_and_the_certificate(signed_in, applicant):
    client = signed_in(applicant)
    assert client.get("/requests/new/").status_code == 200
    response = client.post("/requests/new/", {**form_data(), "euc-document": pdf(), "save": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    shipment_request = ShipmentRequest.objects.get(applicant_reference="WEB-1")
    assert shipment_request.status == RequestStatus.DRAFT
    assert [p.role for p in shipment_request.parties.all()] == ["end_user", "consignee"]
    assert [str(t.country) for t in shipment_request.transit_countries.all()] == ["SK"]
    assert shipment_request.items.count() == 2
    certificate = shipment_request.end_user_certificate
    assert [(c.control_category, c.quantity) for c in certificate.items.all()] == [
        ("ML3", 1000), ("ML3", 20)]
    assert shipment_request.documents.get().original_name == "euc.pdf"


def test_save_and_submit(signed_in, applicant):
    client = signed_in(applicant)
    response = client.post("/requests/new/",
                           {**form_data(), "euc-document": pdf(), "submit": "1"}, follow=True)
    shipment_request = ShipmentRequest.objects.get(applicant_reference="WEB-1")
    assert shipment_request.status == RequestStatus.SUBMITTED
    assert "Screening has started" in response.content.decode()


def test_submitting_without_a_certificate_document_keeps_the_draft_and_says_why(signed_in,
                                                                                applicant):
    response = signed_in(applicant).post("/requests/new/", {**form_data(), "submit": "1"},
                                         follow=True)
    assert ShipmentRequest.objects.get().status == RequestStatus.DRAFT
    assert "Upload the end-user certificate document" in response.content.decode()


def test_the_form_is_shown_again_with_errors_and_nothing_is_saved(signed_in, applicant):
    client = signed_in(applicant)
    no_end_user = form_data(**{"parties-0-role": "consignee"})
    response = client.post("/requests/new/", no_end_user)
    assert response.status_code == 400
    assert "Name exactly one end user." in response.content.decode()
    not_a_pdf = SimpleUploadedFile("euc.pdf", b"MZ this is not a pdf",
                                   content_type="application/pdf")
    response = client.post("/requests/new/", {**form_data(), "euc-document": not_a_pdf})
    assert response.status_code == 400
    assert "whatever its name says" in response.content.decode()
    assert not ShipmentRequest.objects.exists()


def test_the_reference_must_be_unique_in_the_organisation(signed_in, applicant):
    factories.draft_request(applicant, applicant_reference="WEB-1")
    response = signed_in(applicant).post("/requests/new/", form_data())
    assert response.status_code == 400
    assert "already has a request with this reference" in response.content.decode()


def test_a_draft_is_edited_in_the_same_form(signed_in, applicant):
    shipment_request = factories.draft_request(applicant)
    client = signed_in(applicant)
    page = client.get(f"/requests/{shipment_request.pk}/edit/")
    assert page.status_code == 200
    assert "Polish Armed Forces" in page.content.decode()
    response = client.post(f"/requests/{shipment_request.pk}/edit/",
                           form_data(reference=shipment_request.applicant_reference))
    assert response.status_code == 302
    assert shipment_request.items.count() == 2
    submitted = factories.submitted_request(applicant)
    assert client.get(f"/requests/{submitted.pk}/edit/").status_code == 302


def test_the_list_shows_only_the_organisations_requests(signed_in, applicant):
    ours = factories.draft_request(applicant, applicant_reference="OURS")
    factories.draft_request(applicant_reference="THEIRS")
    response = signed_in(applicant).get("/requests/")
    html = response.content.decode()
    assert "OURS" in html and "THEIRS" not in html
    assert f"/requests/{ours.pk}/" in html


def test_what_the_authority_asked_is_shown_to_the_applicant(signed_in, officer):
    from licensing.services import requests as request_services

    shipment_request = factories.submitted_request()
    request_services.request_changes(actor=officer, request=shipment_request,
                                     message="Give the consignee's full address.")
    html = signed_in(shipment_request.created_by).get(
        f"/requests/{shipment_request.pk}/").content.decode()
    assert "The authority asked for changes" in html
    assert "Give the consignee&#x27;s full address." in html
