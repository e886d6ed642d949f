"""Four eyes: whoever verified the end user never grants the special approval."""

import pytest
from django.utils import timezone

from licensing import selectors
from licensing.errors import NotPermitted
from licensing.services import requests
from licensing.services import special_approval as approval
from tests import factories

pytestmark = pytest.mark.django_db


def test_an_approver_who_verified_the_end_user_may_not_grant_special_approval():
    approver = factories.ApproverFactory()
    request = factories.submitted_request()
    requests.verify_end_user(actor=approver, request=request, channel="embassy",
                             reference="Note 3/2026", verified_on=timezone.localdate())

    assert "grant-special-approval" not in selectors.available_transitions(approver, request)
    with pytest.raises(NotPermitted):
        approval.grant_special_approval(actor=approver, request=request, reason="Allied.")
    request.refresh_from_db()
    assert request.status == "end_user_verified"


def test_a_second_approver_may_grant_it():
    first, second = factories.ApproverFactory(), factories.ApproverFactory()
    request = factories.verified_request(officer=first)
    assert "grant-special-approval" in selectors.available_transitions(second, request)
    licence = approval.grant_special_approval(actor=second, request=request, reason="Allied.")
    assert licence.approved_by == second


def test_the_verifier_is_refused_through_the_api_too(api):
    approver = factories.ApproverFactory()
    request = factories.verified_request(officer=approver)
    response = api.as_user(approver).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/", {"reason": "x"}, format="json")
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == "end_user_verified"
