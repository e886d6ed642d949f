"""Web pages for licence documents, proof of delivery and export halts."""

import hashlib
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.policy import Policy
from licensing.demo_documents import minimal_pdf
from licensing.models import AuditEvent, ExportHalt
from licensing.services import delivery, halts, licences
from licensing.services.licence_documents import ensure_current_document
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def _shipped():
    request = factories.approved_request()
    item = request.items.get()
    shipment = licences.record_shipment(
        actor=request.created_by, request=request, shipped_on=timezone.localdate(),
        carrier="Rail", customs_declaration="CD-5", quantities=[(item.pk, 10)])
    return request, shipment


def test_the_holder_downloads_the_signed_pdf_and_a_stranger_cannot(client):
    request = factories.approved_request()
    document = ensure_current_document(request.licence.pk)
    sign_in(client, request.created_by)
    response = client.get(f"/licences/{request.licence.pk}/document/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert client.get(f"/licences/{request.licence.pk}/documents/1/").status_code == 200
    sign_in(client, factories.ApplicantFactory())
    assert client.get(f"/licences/{request.licence.pk}/document/").status_code == 404


def test_the_applicant_uploads_a_dvc_from_the_request_page(client):
    request, shipment = _shipped()
    sign_in(client, request.created_by)
    response = client.post(
        f"/requests/{request.pk}/shipments/{shipment.pk}/delivery-verification/",
        {"file": SimpleUploadedFile("dvc.pdf", minimal_pdf("DVC"))})
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{request.pk}/#shipment-{shipment.pk}"
    shipment.refresh_from_db()
    assert shipment.delivery_verification is not None
    assert AuditEvent.objects.filter(action="shipment.delivery_verified").exists()


def test_an_official_may_not_upload_a_dvc(client, officer):
    request, shipment = _shipped()
    sign_in(client, officer)
    response = client.post(
        f"/requests/{request.pk}/shipments/{shipment.pk}/delivery-verification/",
        {"file": SimpleUploadedFile("dvc.pdf", minimal_pdf("DVC"))})
    assert response.status_code == 403
    shipment.refresh_from_db()
    assert shipment.delivery_verification is None


def test_officials_see_overdue_dvcs_and_applicants_do_not(client, officer, settings):
    settings.DVC_DUE_DAYS = 0
    request, _ = _shipped()
    delivery.flag_overdue_delivery_verifications(today=timezone.localdate() + timedelta(days=1))
    sign_in(client, officer)
    html = client.get("/delivery-verifications/overdue/").content.decode()
    assert request.licence.number in html
    sign_in(client, request.created_by)
    assert client.get("/delivery-verifications/overdue/").status_code == 403


def test_an_approver_declares_and_lifts_a_halt_on_the_halts_page(client, approver):
    sign_in(client, approver)
    held = factories.submitted_request(destination_country="UA", parties=[
        {**p, "country": "UA"} for p in factories.request_data()["parties"]],
        end_user_certificate={**factories.request_data()["end_user_certificate"],
                              "issuing_country": "UA"})
    declaration = {"title": "Ammunition moratorium", "mode": "deny",
                   "control_categories": ["ML3"], "destinations": "ua, il",
                   "valid_from": str(timezone.localdate()), "public_reason": "Diversion inquiry."}
    impact = client.post("/halts/", declaration)
    assert impact.status_code == 200 and not ExportHalt.objects.exists()
    assert held.applicant_reference in impact.content.decode()
    assert "1 open request is put on hold" in impact.content.decode()
    response = client.post("/halts/", {**declaration, "confirmed": "True"})
    assert response.status_code == 302
    halt = ExportHalt.objects.get()
    assert halt.destinations == ["IL", "UA"] and halt.declared_by == approver
    html = client.get("/halts/").content.decode()
    assert "Ammunition moratorium" in html and "In force" in html
    response = client.post(f"/halts/{halt.pk}/lift/", {"reason": "Inquiry closed."})
    assert response.status_code == 302
    halt.refresh_from_db()
    assert halt.lifted_by == approver and halt.lift_reason == "Inquiry closed."


def test_bad_halt_input_is_shown_on_the_form_and_nothing_is_declared(client, approver):
    sign_in(client, approver)
    response = client.post("/halts/", {"title": "", "mode": "deny",
                                       "destinations": "XX",
                                       "valid_from": str(timezone.localdate()),
                                       "public_reason": "Because."})
    assert response.status_code == 400
    assert not ExportHalt.objects.exists()
    response = client.post("/halts/", {"title": "T", "mode": "deny", "destinations": "XX",
                                       "valid_from": str(timezone.localdate()),
                                       "public_reason": "Because."})
    assert response.status_code == 400 and "Unknown country codes: XX" in \
        response.content.decode()
    assert not ExportHalt.objects.exists()


def test_officers_and_applicants_read_the_halts_but_cannot_declare(client, officer, approver):
    halts.declare_halt(actor=approver, title="Moratorium", mode="deny", public_reason="R.",
                       valid_from=timezone.localdate(), control_categories=["ML3"])
    applicant = factories.ApplicantFactory()
    for user in (officer, applicant):
        sign_in(client, user)
        html = client.get("/halts/").content.decode()
        assert "Moratorium" in html and "Declare the halt" not in html
        assert client.post("/halts/", {"title": "X"}).status_code == 403
    assert approver.email not in html  # applicants do not see who declared it
    assert ExportHalt.objects.count() == 1


def test_the_request_page_include_lists_documents_verify_link_and_dvc_form(rf):
    request, shipment = _shipped()
    ensure_current_document(request.licence.pk)
    html = render_to_string("licences/_licence_extras.html",
                            {"licence": request.licence, "user": request.created_by,
                             "may": Policy(request.created_by)})
    assert f"/licences/{request.licence.pk}/documents/1/" in html
    assert f"/verify/{request.licence.number}/" in html
    assert f"/shipments/{shipment.pk}/delivery-verification/" in html
