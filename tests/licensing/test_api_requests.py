"""The REST API for drafting, submitting and deciding: shapes, errors and visibility."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.models import AuditEvent, Document, LineItem, Party, ShipmentRequest
from tests import factories

pytestmark = pytest.mark.django_db


def body(**overrides):
    data = factories.request_data(**overrides)
    certificate = data.get("end_user_certificate")
    if certificate:
        certificate["issue_date"] = certificate["issue_date"].isoformat()
        certificate["expiry_date"] = certificate["expiry_date"].isoformat()
    return data


def nothing_stored():
    return not (ShipmentRequest.objects.exists() or Party.objects.exists()
                or LineItem.objects.exists()
                # (creating the applicant is audited: accounts/audit_signals.py)
                or AuditEvent.objects.exclude(object_type="accounts.user").exists())


def test_a_draft_is_created_in_one_body_with_parties_route_items_and_certificate(api, applicant):
    response = api.as_user(applicant).post("/api/v1/requests/", body(), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "draft"
    assert data["transit_countries"] == ["HU", "SK"]
    assert [p["role"] for p in data["parties"]] == ["end_user", "consignee"]
    assert data["items"][0]["quantity"] == 1_000_000
    assert data["end_user_certificate"]["number"].startswith("PL/MON/")
    assert data["available_transitions"] == ["withdraw"]
    assert data["blocked_transitions"] == [{
        "transition": "submit", "label": "Submit the request",
        "problems": ["Upload the end-user certificate document."]}]
    assert data["history"][0]["action"] == "request.created"


@pytest.mark.parametrize("change, field", [
    (lambda d: d.update(destination_country="XX"), "destination_country"),
    (lambda d: d.update(destination_country="Poland"), "destination_country"),
    (lambda d: d["items"][0].update(quantity=0), "items"),
    (lambda d: d["items"][0].update(quantity=-5), "items"),
    (lambda d: d["items"][0].update(control_category="ML23"), "items"),
    (lambda d: d.update(parties=[p for p in d["parties"] if p["role"] != "end_user"]), "parties"),
    (lambda d: d.update(transit_countries=["HU", "ZZ"]), "transit_countries"),
    (lambda d: d["parties"][1].update(country="QQ"), "parties"),
])
def test_bad_input_gets_400_with_field_messages_and_stores_nothing(api, applicant, change, field):
    data = body()
    change(data)
    response = api.as_user(applicant).post("/api/v1/requests/", data, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert nothing_stored()


def test_editing_a_draft_replaces_the_nested_lists_given(api, applicant):
    request = factories.draft_request(applicant)
    response = api.as_user(applicant).patch(
        f"/api/v1/requests/{request.pk}/",
        {"transit_countries": ["AT"], "end_use": "Border police training"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["transit_countries"] == ["AT"]
    assert response.json()["end_use"] == "Border police training"
    assert len(response.json()["parties"]) == 2
    edit = AuditEvent.objects.get(request=request, action="request.edited")
    assert edit.before["transit_countries"] == ["HU", "SK"]
    assert edit.after["transit_countries"] == ["AT"]


def test_a_submitted_request_can_no_longer_be_edited(api, applicant):
    request = factories.submitted_request(applicant)
    response = api.as_user(applicant).patch(f"/api/v1/requests/{request.pk}/",
                                            {"end_use": "Other"}, format="json")
    assert response.status_code == 409


def upload(client, request, name, content, kind="end_user_certificate"):
    return client.post(f"/api/v1/requests/{request.pk}/documents/",
                       {"kind": kind, "file": SimpleUploadedFile(name, content)},
                       format="multipart")


def test_a_pdf_upload_is_stored_with_its_sha256(api, applicant):
    request = factories.draft_request(applicant, with_document=False)
    content = minimal_pdf("EUC PL/MON/2026/0457")
    response = upload(api.as_user(applicant), request, "euc.pdf", content)
    assert response.status_code == 201, response.json()
    import hashlib

    assert response.json()["sha256"] == hashlib.sha256(content).hexdigest()
    assert response.json()["content_type"] == "application/pdf"


def test_an_executable_renamed_pdf_is_refused_and_nothing_is_stored(api, applicant):
    request = factories.draft_request(applicant, with_document=False)
    elf = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
    response = upload(api.as_user(applicant), request, "euc.pdf", elf)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_an_oversized_file_is_refused_and_nothing_is_stored(api, applicant, settings):
    settings.MAX_UPLOAD_BYTES = 10_000
    request = factories.draft_request(applicant, with_document=False)
    big = minimal_pdf() + b"%" * 20_000
    response = upload(api.as_user(applicant), request, "euc.pdf", big)
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Document.objects.exists()


def test_a_document_is_served_only_to_who_may_see_the_request(api, applicant):
    request = factories.draft_request(applicant)
    document = request.documents.get()
    url = f"/api/v1/requests/{request.pk}/documents/{document.pk}/download/"
    assert api.as_user(applicant).get(url).status_code == 200
    assert api.as_user(factories.ApplicantFactory()).get(url).status_code == 404


def test_another_organisations_request_is_not_found(api):
    request = factories.submitted_request()
    stranger = factories.ApplicantFactory()
    client = api.as_user(stranger)
    assert client.get(f"/api/v1/requests/{request.pk}/").status_code == 404
    assert client.post(f"/api/v1/requests/{request.pk}/withdraw/", {"reason": "x"},
                       format="json").status_code == 404
    assert client.get("/api/v1/requests/").json()["count"] == 0


def test_submitting_queues_screening_and_lists_what_the_caller_may_do(api, applicant):
    request = factories.draft_request(applicant)
    response = api.as_user(applicant).post(f"/api/v1/requests/{request.pk}/submit/",
                                           {}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "submitted"
    assert data["screening"]["status"] == "queued"
    assert "findings" not in data["screening"], "applicants do not see screening evidence"
    assert data["available_transitions"] == ["withdraw"]


def test_an_official_sees_findings_and_may_clear_them_with_a_reason(api, officer):
    from licensing.models import ArmsEmbargo

    ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="non_state",
                               legal_basis="Test basis")
    request = factories.submitted_request()
    client = api.as_user(officer)
    data = client.get(f"/api/v1/requests/{request.pk}/").json()
    finding = data["screening"]["findings"][0]
    assert finding["check"] == "arms_embargo"
    assert finding["severity"] == "medium"
    assert finding["evidence"]["country"] == "HU"
    assert "verify-end-user" not in data["available_transitions"]

    url = f"/api/v1/requests/{request.pk}/findings/{finding['id']}/clear/"
    assert client.post(url, {"reason": ""}, format="json").status_code == 400
    response = client.post(url, {"reason": "Embargo targets non-state actors; "
                                           "consignee is the state."}, format="json")
    assert response.status_code == 200
    assert response.json()["cleared_by"] == officer.email
    data = client.get(f"/api/v1/requests/{request.pk}/").json()
    assert "verify-end-user" in data["available_transitions"]


def test_a_transition_from_the_wrong_state_is_a_409(api, officer):
    request = factories.draft_request()
    response = api.as_user(officer).post(f"/api/v1/requests/{request.pk}/deny/",
                                         {"reason": "x", "criteria": ["7"]}, format="json")
    assert response.status_code == 404  # officers do not see drafts at all
    request = factories.request_in_state("denied")
    response = api.as_user(officer).post(
        f"/api/v1/requests/{request.pk}/verify-end-user/",
        {"channel": "embassy", "reference": "r", "verified_on": "2026-01-01"}, format="json")
    assert response.status_code == 409
    assert "denied" in response.json()["detail"]


def test_a_denial_must_cite_known_criteria(api, officer):
    request = factories.submitted_request()
    client = api.as_user(officer)
    url = f"/api/v1/requests/{request.pk}/deny/"
    assert client.post(url, {"reason": "x", "criteria": []}, format="json").status_code == 400
    response = client.post(url, {"reason": "x", "criteria": ["99"]}, format="json")
    assert response.status_code == 400
    assert "criteria" in response.json()
    request.refresh_from_db()
    assert request.status == "submitted"
    response = client.post(url, {"reason": "Diversion risk.", "criteria": ["7", "ATT-11"]},
                           format="json")
    assert response.status_code == 200
    assert set(response.json()["decision"]["criteria"]) == {"7", "ATT-11"}


def test_the_full_journey_through_the_api(api):
    applicant = factories.ApplicantFactory()
    officer, approver = factories.OfficerFactory(), factories.ApproverFactory()
    request = factories.submitted_request(applicant)
    today = timezone.localdate().isoformat()
    response = api.as_user(officer).post(
        f"/api/v1/requests/{request.pk}/verify-end-user/",
        {"channel": "embassy", "reference": "Note 9", "verified_on": today}, format="json")
    assert response.status_code == 200, response.json()
    factories.consulted_and_assessed(request, officer=officer)  # test_consultation_api.py
    response = api.as_user(approver).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/",
        {"reason": "Allied forces.", "conditions": ["No re-export."],
         "approved_quantities": {str(request.items.get().pk): 600_000}}, format="json")
    assert response.status_code == 200, response.json()
    licence = response.json()["licence"]
    assert licence["status"] == "issued"
    assert licence["items"][0]["approved_quantity"] == 600_000

    item_id = request.items.get().pk
    shipment = {"shipped_on": today, "carrier": "Jadran Cargo", "customs_declaration": "CD-1",
                "items": [{"item": item_id, "quantity": 700_000}]}
    client = api.as_user(applicant)
    response = client.post(f"/api/v1/requests/{request.pk}/record-shipment/", shipment,
                           format="json")
    assert response.status_code == 400
    assert "exceeds" in response.json()["problems"][0]
    shipment["items"][0]["quantity"] = 600_000
    response = client.post(f"/api/v1/requests/{request.pk}/record-shipment/", shipment,
                           format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "shipped"
    assert response.json()["licence"]["status"] == "exhausted"
    actions = [h["action"] for h in response.json()["history"]]
    assert actions[-3:] == ["shipment.recorded", "licence.exhausted", "request.shipped"]


def test_the_list_filters_by_status_destination_and_date(api, officer):
    factories.submitted_request(destination_country="PL")
    factories.submitted_request(destination_country="CZ")
    factories.request_in_state("denied")
    client = api.as_user(officer)
    assert client.get("/api/v1/requests/?status=submitted").json()["count"] == 2
    assert client.get("/api/v1/requests/?destination_country=cz").json()["count"] == 1
    today = timezone.localdate().isoformat()
    assert client.get(f"/api/v1/requests/?submitted_after={today}").json()["count"] == 3
    assert client.get("/api/v1/requests/?submitted_after=2999-01-01").json()["count"] == 0
    assert client.get("/api/v1/requests/?submitted_after=nonsense").status_code == 400


def test_a_token_is_issued_for_a_correct_password_only(api):
    user = factories.ApplicantFactory()
    response = api.post("/api/v1/auth/token/", {"email": user.email,
                                                "password": factories.PASSWORD}, format="json")
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40
    response = api.post("/api/v1/auth/token/", {"email": user.email, "password": "wrong"},
                        format="json")
    assert response.status_code == 400


def test_an_official_needs_the_authenticator_code_for_a_token_too(api):
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = factories.OfficerFactory()
    credentials = {"email": officer.email, "password": factories.PASSWORD}
    response = api.post("/api/v1/auth/token/", credentials, format="json")
    assert response.status_code == 400
    assert "otp" in response.json()

    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    code = f"{TOTP(device.bin_key, device.step, device.t0, device.digits).token():06d}"
    response = api.post("/api/v1/auth/token/", {**credentials, "otp": code}, format="json")
    assert response.status_code == 200
    assert response.json()["token"]
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    response = api.post("/api/v1/auth/token/", {**credentials, "otp": wrong}, format="json")
    assert response.status_code == 400
    assert "otp" in response.json()


def test_the_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/requests/{id}/grant-special-approval/" in schema.content
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_the_list_counts_open_findings_of_the_latest_run_only(api, officer):
    """A re-screen supersedes the earlier run: its uncleared findings no longer count (the
    web queue and the API list read one definition of an open finding)."""
    from licensing.models import Finding, ScreeningRun

    request = factories.submitted_request()
    earlier = request.screening_runs.get()
    Finding.objects.create(run=earlier, request=request, check_name="denied_party",
                           severity="high", message="Old match.", fingerprint="old")
    latest = ScreeningRun.objects.create(request=request, trigger="list_change",
                                         status="completed", finished_at=timezone.now())
    Finding.objects.create(run=latest, request=request, check_name="denied_party",
                           severity="medium", message="Current match.", fingerprint="new")
    Finding.objects.create(run=latest, request=request, check_name="route", severity="high",
                           message="Cleared.", fingerprint="cleared",
                           cleared_at=timezone.now(), cleared_by=officer,
                           clearance_reason="Checked.")
    rows = api.as_user(officer).get("/api/v1/requests/").json()["results"]
    assert [row["open_findings"] for row in rows if row["id"] == request.pk] == [1]
