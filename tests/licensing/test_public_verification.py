"""Public verification: `/verify/<number>/` (HTML) and `/api/v1/verify/<number>/` (JSON),
no sign-in, only what a customs officer needs, rate-limited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.models import Licence
from licensing.services import licences
from licensing.services.licence_documents import ensure_current_document
from tests import factories

pytestmark = pytest.mark.django_db

CONFIDENTIAL = ("Training ammunition for the national armed forces",  # end use
                "350000", "350 000",  # the price
                "PL/MON/2026", "Ministry of National Defence",  # the EUC
                "Polish Armed Forces", "Agencja Uzbrojenia", "Warsaw")  # parties, addresses


def _pdf(data, name="licence.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_anyone_sees_a_genuine_valid_licence_and_nothing_confidential(client):
    request = factories.approved_request()
    licence = request.licence
    page = client.get(f"/verify/{licence.number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="valid"' in html
    assert "Genuine licence" in html
    for shown in (licence.number, request.organisation.name, "Poland (PL)", "ML3",
                  "1000000", "rounds", f"{licence.valid_until:%-d %B %Y}"):
        assert shown in html, shown
    for secret in CONFIDENTIAL:
        assert secret not in html, secret
    assert page["Cache-Control"] == "no-store"


def test_the_number_is_read_forgivingly_and_an_unknown_one_is_not_genuine(client):
    licence = factories.approved_request().licence
    assert client.get(f"/verify/{licence.number.lower()}/").status_code == 200
    page = client.get("/verify/EL-2026-AAAA-BBBB-CCCC/")
    assert page.status_code == 404
    assert "Not genuine" in page.content.decode()


def test_the_lookup_form_sends_the_reader_to_the_licence(client):
    licence = factories.approved_request().licence
    assert client.get("/verify/").status_code == 200
    response = client.get("/verify/", {"number": f" {licence.number.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == f"/verify/{licence.number}/"


@pytest.mark.parametrize(("change", "shown"), [
    ("suspend", "suspended"), ("revoke", "revoked"), ("expire", "expired"),
    ("exhaust", "exhausted")])
def test_the_page_says_when_a_licence_may_not_be_used(client, approver, change, shown):
    request = factories.approved_request()
    licence = request.licence
    if change == "suspend":
        licences.suspend_licence(actor=approver, licence=licence, reason="Inquiry.")
    elif change == "revoke":
        licences.revoke_licence(actor=approver, licence=licence, reason="Diversion.")
    elif change == "expire":
        licences.expire_licence(licence=licence)
    else:
        item = request.items.get()
        licences.record_shipment(actor=request.created_by, request=request,
                                 shipped_on=timezone.localdate(), carrier="Rail",
                                 customs_declaration="CD-9",
                                 quantities=[(item.pk, item.quantity)])
    html = client.get(f"/verify/{licence.number}/").content.decode()
    assert f'data-status="{shown}"' in html


def test_an_uploaded_pdf_is_checked_against_every_issued_version(client, approver):
    licence = factories.approved_request().licence
    first = ensure_current_document(licence.pk).file.read()
    licences.suspend_licence(actor=approver, licence=licence, reason="Inquiry.")
    second = ensure_current_document(licence.pk).file.read()
    url = f"/verify/{licence.number}/"

    html = client.post(url, {"file": _pdf(second)}).content.decode()
    assert 'data-verdict="current"' in html
    html = client.post(url, {"file": _pdf(first)}).content.decode()
    assert 'data-verdict="superseded"' in html and "version 1" in html
    html = client.post(url, {"file": _pdf(minimal_pdf("A forged licence"))}).content.decode()
    assert 'data-verdict="no-match"' in html
    # A document of another licence does not vouch for this one.
    other = factories.approved_request().licence
    other_pdf = ensure_current_document(other.pk).file.read()
    html = client.post(url, {"file": _pdf(other_pdf)}).content.decode()
    assert 'data-verdict="no-match"' in html


def test_an_upload_that_is_not_a_pdf_is_refused(client):
    licence = factories.approved_request().licence
    response = client.post(f"/verify/{licence.number}/",
                           {"file": SimpleUploadedFile("x.pdf", b"GIF89a not a pdf")})
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode()
    assert client.post(f"/verify/{licence.number}/", {}).status_code == 400


def test_the_json_endpoint_gives_the_same_public_facts(api):
    request = factories.approved_request()
    licence = request.licence
    ensure_current_document(licence.pk)
    response = api.get(f"/api/v1/verify/{licence.number}/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"number", "genuine", "status", "exporter", "destination_country",
                         "destination_country_name", "valid_from", "valid_until", "items",
                         "current_document", "issuing_authority"}
    assert body["genuine"] is True and body["status"] == "valid"
    assert body["exporter"] == {"name": request.organisation.name, "country": "RS"}
    assert body["items"] == [{"control_category": "ML3", "approved_quantity": 1_000_000,
                              "shipped_quantity": 0, "remaining_quantity": 1_000_000,
                              "unit": "rounds"}]
    assert body["current_document"]["version"] == 1
    text = response.content.decode()
    for secret in CONFIDENTIAL:
        assert secret not in text, secret
    assert api.get("/api/v1/verify/EL-2026-AAAA-BBBB-CCCC/").status_code == 404


def test_the_json_endpoint_checks_an_uploaded_pdf(api):
    licence = factories.approved_request().licence
    data = ensure_current_document(licence.pk).file.read()
    url = f"/api/v1/verify/{licence.number}/document/"
    verdict = api.post(url, {"file": _pdf(data)}, format="multipart").json()
    assert verdict["matches"] and verdict["current"] and verdict["version"] == 1
    verdict = api.post(url, {"file": _pdf(data + b"\n%tampered")}, format="multipart").json()
    assert verdict["matches"] is False
    response = api.post(url, {"file": SimpleUploadedFile("a.pdf", b"plain text")},
                        format="multipart")
    assert response.status_code == 400 and "file" in response.json()


def test_the_html_page_is_rate_limited_per_client(client, settings):
    settings.PUBLIC_VERIFY_RATE = "3/minute"
    licence = factories.approved_request().licence
    statuses = [client.get(f"/verify/{licence.number}/").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/verify/EL-2026-AAAA-BBBB-CCCC/")  # guessing counts too
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    other = client.get(f"/verify/{licence.number}/", REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 200


def test_the_json_endpoint_is_rate_limited(api, settings):
    settings.PUBLIC_VERIFY_RATE = "2/minute"
    number = Licence.objects.model(request_id=0).number  # a well-formed unknown number
    assert [api.get(f"/api/v1/verify/{number}/").status_code for _ in range(3)] == [
        404, 404, 429]
