"""Proof of delivery: the applicant attaches a DVC to a shipment; the daily job flags the
overdue ones (audited, notified); an end user with one overdue gets a high finding on
every new request until it arrives."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from licensing.demo_documents import minimal_pdf
from licensing.models import AuditEvent, Document
from licensing.services import delivery, licences
from tests import factories
from tests.licensing.licence_helpers import eager_tasks  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _shipped(applicant=None, **overrides):
    request = factories.approved_request(applicant, **overrides)
    item = request.items.get()
    shipment = licences.record_shipment(
        actor=request.created_by, request=request, shipped_on=timezone.localdate(),
        carrier="Rail", customs_declaration="CD-77", quantities=[(item.pk, 1000)])
    return request, shipment


def _dvc_url(request, shipment):
    return f"/api/v1/requests/{request.pk}/shipments/{shipment.pk}/delivery-verification/"


def _dvc_file():
    return SimpleUploadedFile("dvc.pdf", minimal_pdf("Delivery verification"),
                              content_type="application/pdf")


def test_the_applicant_uploads_the_dvc_of_a_shipment(api):
    request, shipment = _shipped()
    response = api.as_user(request.created_by).post(
        _dvc_url(request, shipment), {"file": _dvc_file()}, format="multipart")
    assert response.status_code == 201, response.json()
    shipment.refresh_from_db()
    assert shipment.delivery_verified_at is not None
    document = shipment.delivery_verification
    assert (document.kind, document.request_id) == ("delivery_verification", request.pk)
    assert response.json()["delivery_verification_document"] == document.pk
    actions = list(AuditEvent.objects.filter(request=request).values_list("action", flat=True))
    assert actions[-2:] == ["document.uploaded", "shipment.delivery_verified"]


def test_only_the_holder_may_upload_and_only_once(api, officer):
    request, shipment = _shipped()
    url = _dvc_url(request, shipment)
    stranger = factories.ApplicantFactory()  # (creating a user is audited too)
    events = AuditEvent.objects.count()
    assert api.as_user(stranger).post(
        url, {"file": _dvc_file()}, format="multipart").status_code == 404
    assert api.as_user(officer).post(url, {"file": _dvc_file()},
                                     format="multipart").status_code == 403
    assert AuditEvent.objects.count() == events
    holder = api.as_user(request.created_by)
    assert holder.post(url, {"file": _dvc_file()}, format="multipart").status_code == 201
    again = holder.post(url, {"file": _dvc_file()}, format="multipart")
    assert again.status_code == 409
    assert Document.objects.filter(kind="delivery_verification").count() == 1


def test_a_file_that_is_not_a_pdf_or_image_is_refused_and_nothing_changes(api):
    request, shipment = _shipped()
    events = AuditEvent.objects.count()
    response = api.as_user(request.created_by).post(
        _dvc_url(request, shipment),
        {"file": SimpleUploadedFile("dvc.pdf", b"MZ\x90\x00 an executable")},
        format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    shipment.refresh_from_db()
    assert shipment.delivery_verification is None
    assert AuditEvent.objects.count() == events
    missing = api.as_user(request.created_by).post(_dvc_url(request, shipment), {},
                                                   format="multipart")
    assert missing.status_code == 400 and "file" in missing.json()


def test_another_requests_shipment_is_not_found(api):
    request, _ = _shipped()
    _, other_shipment = _shipped(request.created_by)
    response = api.as_user(request.created_by).post(
        _dvc_url(request, other_shipment), {"file": _dvc_file()}, format="multipart")
    assert response.status_code == 404


def test_the_daily_job_flags_overdue_dvcs_once_and_notifies(
        settings, eager_tasks, django_capture_on_commit_callbacks):  # noqa: F811
    settings.DVC_DUE_DAYS = 30
    officer = factories.OfficerFactory()
    request, shipment = _shipped()
    _, on_time = _shipped()
    delivery.attach_delivery_verification(actor=on_time.recorded_by, shipment=on_time,
                                          name="dvc.pdf", data=minimal_pdf())
    due = shipment.delivery_verification_due_on
    assert delivery.flag_overdue_delivery_verifications(today=due) == []  # due today: not yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        flagged = delivery.flag_overdue_delivery_verifications(today=due + timedelta(days=1))
    assert flagged == [shipment.pk]
    shipment.refresh_from_db()
    assert shipment.delivery_overdue_flagged_at is not None
    event = AuditEvent.objects.get(action="shipment.delivery_verification_overdue")
    assert event.actor is None and event.request_id == request.pk
    recipients = {m.to[0] for m in mail.outbox}
    assert {request.created_by.email, officer.email} <= recipients
    assert all("Delivery verification overdue" in m.subject for m in mail.outbox)
    assert delivery.flag_overdue_delivery_verifications(today=due + timedelta(days=2)) == []


def test_officials_see_the_overdue_dvcs(api, officer, settings):
    settings.DVC_DUE_DAYS = 0
    request, shipment = _shipped()
    delivery.flag_overdue_delivery_verifications(today=timezone.localdate() + timedelta(days=1))
    rows = api.as_user(officer).get("/api/v1/delivery-verifications/overdue/").json()
    assert [(r["id"], r["licence"], r["request"]) for r in rows] == [
        (shipment.pk, request.licence.number, request.pk)]
    assert rows[0]["delivery_overdue"] is True
    assert api.as_user(request.created_by).get(
        "/api/v1/delivery-verifications/overdue/").status_code == 403


def _overdue_end_user(settings):
    settings.DVC_DUE_DAYS = 0
    request, shipment = _shipped()
    delivery.flag_overdue_delivery_verifications(today=timezone.localdate() + timedelta(days=1))
    return request, shipment


def _end_user(name, country="PL"):
    return {"parties": [
        {"role": "end_user", "name": name, "country": country, "address": "Somewhere",
         "end_user_type": "armed_forces"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
         "address": "Warsaw", "end_user_type": ""}]}


def test_an_overdue_dvc_raises_a_high_finding_on_the_next_request_to_that_end_user(settings):
    earlier, shipment = _overdue_end_user(settings)
    request = factories.submitted_request(**_end_user("POLISH  ARMED-FORCES"))
    [finding] = request.findings.filter(check_name="overdue_delivery_verification")
    assert finding.severity == "high"
    assert earlier.licence.number in finding.message
    assert finding.evidence["shipment_id"] == shipment.pk
    # The same name in another country, and another end user, are not that end user.
    for other in (_end_user("Polish Armed Forces", "CZ"), _end_user("Czech Army", "PL")):
        other_request = factories.submitted_request(**other)
        assert not other_request.findings.filter(
            check_name="overdue_delivery_verification").exists()


def test_the_finding_stops_once_the_dvc_arrives(settings):
    _, shipment = _overdue_end_user(settings)
    delivery.attach_delivery_verification(actor=shipment.recorded_by, shipment=shipment,
                                          name="dvc.pdf", data=minimal_pdf())
    request = factories.submitted_request()
    assert not request.findings.filter(check_name="overdue_delivery_verification").exists()
    event = AuditEvent.objects.get(action="shipment.delivery_verified")
    assert event.after["was_overdue"] is True


def test_flagging_and_arrival_make_earlier_screening_out_of_date(settings):
    from licensing.services.screening import screening_is_stale

    request = factories.submitted_request()
    assert not screening_is_stale(request)
    _, shipment = _overdue_end_user(settings)
    assert screening_is_stale(request)
    later = factories.submitted_request()
    assert not screening_is_stale(later)
    delivery.attach_delivery_verification(actor=shipment.recorded_by, shipment=shipment,
                                          name="dvc.pdf", data=minimal_pdf())
    assert screening_is_stale(later)
