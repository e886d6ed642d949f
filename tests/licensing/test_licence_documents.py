"""The licence document: a signed PDF with a QR code to the public verification page,
regenerated as a new version on every status change, never silently replaced."""

import hashlib

import pytest
from django.core.management import call_command

from licensing.models import AuditEvent, LicenceDocument
from licensing.services import licences, special_approval
from licensing.services.licence_documents import (
    ensure_current_document,
    restrictive_url_fetcher,
    verify_url,
)
from licensing.tasks import generate_licence_document
from tests import factories
from tests.licensing.licence_helpers import (
    decode_qr_codes,
    eager_tasks,  # noqa: F401 - fixture
    pdf_text,
    signature_status,
)

pytestmark = pytest.mark.django_db


def _generate(licence) -> LicenceDocument:
    """What the Celery task does, run through Celery's own task code in-process."""
    generate_licence_document.apply(args=[licence.pk]).get()
    return licence.documents.order_by("-version").first()


def test_a_granted_licence_gets_a_signed_pdf_whose_qr_code_opens_the_verify_page(client):
    request = factories.approved_request()
    licence = request.licence
    document = _generate(licence)
    data = document.file.read()

    assert document.version == 1 and document.licence_status == "issued"
    assert document.superseded_at is None
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.size == len(data)
    url = verify_url(licence.number)
    assert url == f"http://127.0.0.1:8000/verify/{licence.number}/"
    assert decode_qr_codes(data) == [url]
    status = signature_status(data)
    assert status.intact and status.valid and status.trusted

    # The page the QR code opens accepts this very file...
    path = url.removeprefix("http://127.0.0.1:8000")
    upload = _upload(data)
    page = client.post(path, {"file": upload})
    assert page.status_code == 200
    assert 'data-verdict="current"' in page.content.decode()
    # ...and rejects a copy changed by a single byte.
    tampered = bytearray(data)
    tampered[len(data) // 2] ^= 0x01
    page = client.post(path, {"file": _upload(bytes(tampered))})
    assert 'data-verdict="no-match"' in page.content.decode()


def _upload(data: bytes, name="licence.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_document_shows_authority_parties_route_items_conditions_and_approver(settings):
    settings.AUTHORITY_NAME = "Export Control Office of Ruritania"
    settings.AUTHORITY_ADDRESS = "12 Castle Street, Strelsau"
    approver = factories.ApproverFactory(full_name="Rudolf Rassendyll")
    request = factories.verified_request()
    item = request.items.get()
    licence = special_approval.grant_special_approval(
        actor=approver, request=request, reason="Allied forces.",
        conditions=["dvc-90", "Only by rail through Hungary."],
        approved_quantities={item.pk: 400_000})
    text = pdf_text(_generate(licence).file.read())

    for expected in ("Export Control Office of Ruritania", "12 Castle Street, Strelsau",
                     licence.number, "Polish Armed Forces", "Agencja Uzbrojenia",
                     request.organisation.name, "Hungary (HU)", "Slovakia (SK)",
                     "Poland (PL)", "7.62x39 mm ball cartridges", "ML3", "400 000",
                     "DVC-90", "delivery verification certificate",
                     "Only by rail through Hungary.", "Rudolf Rassendyll"):
        assert expected in text, expected
    # The price and the end use are not printed.
    assert "350" not in text.replace("350000", "")
    assert request.end_use not in text


def test_conditions_are_chosen_by_code_or_written_and_stored_with_their_text(approver):
    request = factories.verified_request()
    licence = special_approval.grant_special_approval(
        actor=approver, request=request, reason="ok",
        conditions=["NO-REEXPORT", "  Ship only   in sealed containers. ", "no-reexport"])
    assert licence.conditions[0]["code"] == "NO-REEXPORT"
    assert licence.conditions[0]["text"].startswith("The goods shall not be re-exported")
    assert licence.conditions[1] == {"code": "", "text": "Ship only in sealed containers."}
    assert len(licence.conditions) == 2  # the same condition twice is kept once


def test_a_blank_condition_is_refused_through_the_api_and_nothing_changes(api, approver):
    request = factories.verified_request()
    events = AuditEvent.objects.count()
    response = api.as_user(approver).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/",
        {"reason": "ok", "conditions": ["NO-REEXPORT", "   "]}, format="json")
    assert response.status_code == 400
    assert "conditions" in response.json()
    request.refresh_from_db()
    assert request.status == "end_user_verified"
    assert AuditEvent.objects.count() == events


def test_the_managed_conditions_are_listed_for_the_grant_form(api, approver):
    response = api.as_user(approver).get("/api/v1/licence-conditions/")
    codes = [row["code"] for row in response.json()]
    assert {"DVC-90", "NO-REEXPORT", "ROUTE-ONLY"} <= set(codes)


def test_each_status_change_adds_a_version_and_supersedes_the_earlier_one(approver):
    request = factories.approved_request()
    licence = request.licence
    first = _generate(licence)
    assert _generate(licence).pk == first.pk  # nothing changed: nothing new

    licences.suspend_licence(actor=approver, licence=licence, reason="Inquiry.")
    second = _generate(licence)
    first.refresh_from_db()
    assert (second.version, second.licence_status) == (2, "suspended")
    assert first.superseded_at is not None and second.superseded_at is None
    assert "SUSPENDED" in pdf_text(second.file.read())
    assert "SUSPENDED" not in pdf_text(first.file.read())  # the old file is kept as it was

    licences.reinstate_licence(actor=approver, licence=licence, reason="Cleared.")
    licences.revoke_licence(actor=approver, licence=licence, reason="Diversion proven.")
    third = _generate(licence)
    assert (third.version, third.licence_status) == (3, "revoked")
    assert "REVOKED" in pdf_text(third.file.read())
    assert list(licence.documents.filter(superseded_at__isnull=True)
                .values_list("version", flat=True)) == [3]
    events = AuditEvent.objects.filter(action="licence.document_generated",
                                       object_id=str(licence.pk)).order_by("id")
    assert [e.after["version"] for e in events] == [1, 2, 3]
    assert events.last().after["supersedes"] == [2]
    assert events.last().after["sha256"] == third.sha256


def test_grant_and_every_licence_transition_queue_a_new_document(
        approver, eager_tasks, django_capture_on_commit_callbacks):  # noqa: F811
    request = factories.verified_request()
    with django_capture_on_commit_callbacks(execute=True):
        licence = special_approval.grant_special_approval(actor=approver, request=request,
                                                  reason="ok")
    assert list(licence.documents.values_list("licence_status", flat=True)) == ["issued"]
    with django_capture_on_commit_callbacks(execute=True):
        licences.suspend_licence(actor=approver, licence=licence, reason="Inquiry.")
    with django_capture_on_commit_callbacks(execute=True):
        licences.revoke_licence(actor=approver, licence=licence, reason="Revoked.")
    assert list(licence.documents.order_by("version").values_list(
        "licence_status", flat=True)) == ["issued", "suspended", "revoked"]


def test_generation_is_idempotent_under_a_repeated_message():
    licence = factories.approved_request().licence
    ensure_current_document(licence.pk)
    ensure_current_document(licence.pk)
    assert licence.documents.count() == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://127.0.0.1:1/x.css",
                                 "https://example.com/logo.png", "ftp://example.com/a"])
def test_the_renderer_fetches_nothing_but_inline_data(url):
    fetcher = restrictive_url_fetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    inline = fetcher.fetch("data:text/plain;base64,aGVsbG8=")
    assert inline.read() == b"hello"


def test_generate_signing_key_makes_a_key_and_certificate_once(tmp_path, capsys):
    key, cert = tmp_path / "k.pem", tmp_path / "c.pem"
    call_command("generate_signing_key", key=str(key), cert=str(cert))
    assert key.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    assert cert.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    before = key.read_bytes()
    call_command("generate_signing_key", key=str(key), cert=str(cert))
    assert key.read_bytes() == before
    assert "already present" in capsys.readouterr().out


def test_applicants_and_officials_download_the_pdf_and_other_organisations_cannot(api,
                                                                                  officer):
    request = factories.approved_request()
    licence = request.licence
    document = _generate(licence)
    response = api.as_user(request.created_by).get(f"/api/v1/licences/{licence.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == document.sha256
    assert api.as_user(officer).get(
        f"/api/v1/licences/{licence.pk}/documents/1/").status_code == 200
    stranger = factories.ApplicantFactory()
    assert api.as_user(stranger).get(
        f"/api/v1/licences/{licence.pk}/document/").status_code == 404
    assert api.as_user(officer).get(
        f"/api/v1/licences/{licence.pk}/documents/9/").status_code == 404


def test_the_licence_json_lists_its_documents_shipments_and_verify_url(api):
    request = factories.approved_request()
    _generate(request.licence)
    body = api.as_user(request.created_by).get(f"/api/v1/requests/{request.pk}/").json()
    licence = body["licence"]
    assert licence["verify_url"].endswith(f"/verify/{licence['number']}/")
    assert [d["version"] for d in licence["documents"]] == [1]
    assert licence["documents"][0]["download_url"].endswith(
        f"/api/v1/licences/{licence['id']}/documents/1/")
    assert licence["shipments"] == []
