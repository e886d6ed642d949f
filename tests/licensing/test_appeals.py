"""Appeals: lodged by the denied applicant within the period, with grounds and documents;
decided by an approver who took no part in the denial; upheld returns the case to
assessment, dismissed closes it; both in the history and the audit trail."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from licensing.demo_documents import minimal_pdf
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict, TransitionRefused
from licensing.models import AppealStatus, AuditAction, AuditEvent, RequestStatus, ShipmentRequest
from licensing.services import appeals, requests
from tests import factories

pytestmark = pytest.mark.django_db


def denied_by(approver):
    shipment_request = factories.submitted_request()
    requests.deny_request(actor=approver, request=shipment_request, reason="Diversion risk.",
                          criteria=["7"])
    shipment_request.refresh_from_db()
    return shipment_request


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_an_appeal_decided_by_the_denying_approver_is_refused():
    denier = factories.ApproverFactory()
    shipment_request = denied_by(denier)
    appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                         grounds="The end user is the national army.")
    with pytest.raises(NotPermitted):
        appeals.decide_appeal(actor=denier, request=shipment_request, outcome="upheld",
                              reason="I changed my mind.")
    response = api(denier).post(f"/api/v1/requests/{shipment_request.pk}/decide-appeal/",
                                {"outcome": "upheld", "reason": "Me again."}, format="json")
    assert response.status_code == 403
    assert ShipmentRequest.objects.get(pk=shipment_request.pk).status == RequestStatus.DENIED


def test_an_appeal_outside_its_period_is_refused(settings):
    shipment_request = denied_by(factories.ApproverFactory())
    ShipmentRequest.objects.filter(pk=shipment_request.pk).update(
        decided_at=timezone.now() - timedelta(days=settings.APPEAL_PERIOD_DAYS + 1))
    shipment_request.refresh_from_db()
    with pytest.raises(TransitionConflict):
        appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                             grounds="Late.")
    response = api(shipment_request.created_by).post(
        f"/api/v1/requests/{shipment_request.pk}/appeals/", {"grounds": "Late."},
        format="json")
    assert response.status_code == 409
    settings.APPEAL_PERIOD_DAYS = 60  # configurable: within a longer period it is accepted
    appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                         grounds="In time now.")


def test_only_the_applicant_appeals_once_with_grounds():
    shipment_request = denied_by(factories.ApproverFactory())
    with pytest.raises(NotPermitted):
        appeals.lodge_appeal(actor=factories.ApplicantFactory(), request=shipment_request,
                             grounds="Not mine.")
    with pytest.raises(InvalidInput):
        appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                             grounds=" ")
    appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                         grounds="First.")
    with pytest.raises(TransitionConflict):
        appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                             grounds="Second.")


def test_an_upheld_appeal_returns_the_case_to_assessment_with_documents_and_history():
    shipment_request = denied_by(factories.ApproverFactory())
    response = api(shipment_request.created_by).post(
        f"/api/v1/requests/{shipment_request.pk}/appeals/",
        {"grounds": "A new certificate from the ministry.",
         "documents": [SimpleUploadedFile("new-euc.pdf", minimal_pdf(), "application/pdf")]},
        format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()["documents"] == ["new-euc.pdf"]
    other = factories.ApproverFactory()
    detail = api(other).get(f"/api/v1/requests/{shipment_request.pk}/").json()
    assert "decide-appeal" in detail["available_transitions"]
    response = api(other).post(f"/api/v1/requests/{shipment_request.pk}/decide-appeal/",
                               {"outcome": "upheld", "reason": "The certificate is genuine."},
                               format="json")
    assert response.status_code == 200, response.content
    shipment_request.refresh_from_db()
    assert shipment_request.status == RequestStatus.SUBMITTED
    assert shipment_request.decided_at is None
    appeal = shipment_request.appeals.get()
    assert (appeal.status, appeal.decided_by) == (AppealStatus.UPHELD, other)
    actions = list(AuditEvent.objects.filter(request=shipment_request)
                   .values_list("action", flat=True))
    assert AuditAction.APPEAL_LODGED in actions and AuditAction.APPEAL_UPHELD in actions
    assert shipment_request.screening_runs.filter(status="queued").exists()


def test_a_dismissed_appeal_closes_the_case():
    shipment_request = denied_by(factories.ApproverFactory())
    appeal = appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                                  grounds="Please reconsider.")
    approver = factories.ApproverFactory()
    with pytest.raises(InvalidInput):
        appeals.decide_appeal(actor=approver, request=shipment_request, outcome="dismissed",
                              reason="")
    appeals.decide_appeal(actor=approver, request=shipment_request, outcome="dismissed",
                          reason="Nothing new.")
    shipment_request.refresh_from_db()
    appeal.refresh_from_db()
    assert shipment_request.status == RequestStatus.DENIED
    assert appeal.status == AppealStatus.DISMISSED
    assert AuditEvent.objects.filter(request=shipment_request,
                                     action=AuditAction.APPEAL_DISMISSED).count() == 1
    with pytest.raises(TransitionRefused):  # nothing pending any more
        appeals.decide_appeal(actor=approver, request=shipment_request, outcome="upheld",
                              reason="Again.")
    clock = appeals.appeal_clock(appeal)
    assert not clock.running and clock.working_days >= 0


def test_the_time_between_the_denial_and_an_upheld_appeal_does_not_count_on_the_case_clock():
    from datetime import date, datetime, time

    from licensing import case_clock

    def at(day):
        return timezone.make_aware(datetime.combine(day, time(10)))

    shipment_request = denied_by(factories.ApproverFactory())
    appeals.lodge_appeal(actor=shipment_request.created_by, request=shipment_request,
                         grounds="New evidence.")
    appeals.decide_appeal(actor=factories.ApproverFactory(), request=shipment_request,
                          outcome="upheld", reason="Accepted.")
    ShipmentRequest.objects.filter(pk=shipment_request.pk).update(
        submitted_at=at(date(2026, 6, 1)))
    shipment_request.screening_runs.update(finished_at=at(date(2026, 6, 1)))
    shipment_request.appeals.update(denied_at=at(date(2026, 6, 3)),
                                    decided_at=at(date(2026, 6, 10)))
    shipment_request.refresh_from_db()
    clock = case_clock.clock_for(shipment_request, today=date(2026, 6, 12))
    # 9 working days after 1 June up to 12 June, less 4, 5, 8, 9 and 10 June.
    assert clock.overall.working_days == 4
    assert clock.overall.running
