"""What is offered comes from the same guards the service enforces: an action is either
available or blocked with its reasons, on the page, in the API and in the service alike."""

import pytest
from django.utils import timezone

from licensing import selectors
from licensing.errors import NotPermitted, TransitionRefused
from licensing.models import Finding, ScreeningRun
from licensing.reference_data import current_list_versions
from licensing.services import licences
from licensing.services import special_approval as approval
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def _rescreened_with_open_finding(request):
    """What continuous screening leaves after a list change: a completed run with a new
    high finding that no officer has cleared yet."""
    run = ScreeningRun.objects.create(request=request, trigger="list_change",
                                      status="completed", finished_at=timezone.now(),
                                      list_versions=current_list_versions())
    Finding.objects.create(run=run, request=request, check_name="denied_party",
                           severity="high", message="A party now matches a listed entity.",
                           fingerprint="new-match")


def test_record_shipment_is_blocked_not_offered_while_re_screening_findings_are_open(api):
    request = factories.approved_request()
    applicant = request.created_by
    _rescreened_with_open_finding(request)

    assert "record-shipment" not in selectors.available_transitions(applicant, request)
    data = api.as_user(applicant).get(f"/api/v1/requests/{request.pk}/").json()
    assert "record-shipment" not in data["available_transitions"]
    [blocked] = [b for b in data["blocked_transitions"] if b["transition"] == "record-shipment"]
    assert "Re-screening raised 1 finding since the licence was issued" in blocked["problems"][0]
    item = request.items.get()
    with pytest.raises(TransitionRefused) as refused:
        licences.record_shipment(actor=applicant, request=request,
                                 shipped_on=timezone.localdate(), carrier="Rail",
                                 customs_declaration="CD", quantities=[(item.pk, 5)])
    assert refused.value.problems == blocked["problems"]


def test_record_shipment_is_blocked_while_the_licence_is_suspended(approver):
    request = factories.approved_request()
    licences.suspend_licence(actor=approver, licence=request.licence, reason="Inquiry.")
    request.refresh_from_db()
    blocked = selectors.blocked_transitions(request.created_by, request)
    assert blocked == [{"transition": "record-shipment", "label": "Record a shipment",
                        "problems": ["The licence is suspended."]}]


def test_the_approver_who_verified_is_told_why_he_cannot_grant(api, client):
    approver = factories.ApproverFactory()
    request = factories.verified_request(officer=approver)
    reason = ("You verified the end user; a second approver must grant special approval "
              "(four eyes).")
    data = api.as_user(approver).get(f"/api/v1/requests/{request.pk}/").json()
    assert "grant-special-approval" not in data["available_transitions"]
    assert {"transition": "grant-special-approval",
            "label": "Grant special approval and issue the licence",
            "problems": [reason]} in data["blocked_transitions"]
    page = sign_in(client, approver).get(f"/requests/{request.pk}/").content.decode()
    assert 'id="action-grant-special-approval"' not in page
    assert reason in page
    with pytest.raises(NotPermitted) as refused:
        approval.grant_special_approval(actor=approver, request=request, reason="Allied.")
    assert refused.value.message == reason
