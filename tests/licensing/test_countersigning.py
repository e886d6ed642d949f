"""Countersigning (docs/consultation.md): where a rule applies, a grant or a denial takes
effect only when a second approver, who neither decided nor verified the end user, signs it;
the rules match by control category and value; service, API and page agree."""

from decimal import Decimal

import pytest

from licensing.errors import NotPermitted
from licensing.models import (
    AuditAction,
    AuditEvent,
    CountersignRule,
    Licence,
    PendingDecision,
    RequestStatus,
)
from licensing.services import countersigning, requests, special_approval
from licensing.services.countersigning_rules import rule_requiring
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def decided_grant(request, approver):
    return special_approval.grant_special_approval(actor=approver, request=request,
                                                   reason="Allied armed forces.")


def test_without_a_rule_a_grant_takes_effect_at_once():
    request = factories.verified_request()
    licence = decided_grant(request, factories.ApproverFactory())
    request.refresh_from_db()
    assert request.status == RequestStatus.SPECIAL_APPROVAL and licence.countersigned_by is None


def test_a_grant_under_a_rule_waits_and_the_second_approver_issues_the_licence():
    factories.countersign_every_decision(applies_to="grant")
    officer, decider, second = (factories.OfficerFactory(), factories.ApproverFactory(),
                                factories.ApproverFactory())
    request = factories.verified_request(officer=officer)

    assert decided_grant(request, decider) is None
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COUNTERSIGNATURE
    assert not Licence.objects.filter(request=request).exists()
    pending = PendingDecision.objects.get(request=request)
    assert pending.decided_by == decider and pending.kind == "grant"
    assert AuditEvent.objects.filter(
        request=request, action=AuditAction.DECISION_AWAITING_COUNTERSIGNATURE,
        actor=decider).exists()

    # Neither the one who decided nor the one who verified may countersign (four eyes).
    for actor in (decider, officer):
        with pytest.raises(NotPermitted):
            countersigning.countersign_decision(actor=actor, request=request)
    licence = countersigning.countersign_decision(actor=second, request=request,
                                                  reason="Agree.")
    request.refresh_from_db()
    assert request.status == RequestStatus.SPECIAL_APPROVAL
    assert licence.approved_by == decider and licence.countersigned_by == second
    assert request.decided_by == decider
    event = AuditEvent.objects.get(request=request, action=AuditAction.DECISION_COUNTERSIGNED)
    assert event.actor == second and event.after["decided_by"] == decider.email
    pending.refresh_from_db()
    assert pending.status == "countersigned" and pending.countersigned_by == second


def test_a_denial_under_a_rule_waits_and_a_refused_countersignature_sends_it_back():
    factories.countersign_every_decision(applies_to="denial")
    request = factories.submitted_request()
    decider = factories.ApproverFactory()
    requests.deny_request(actor=decider, request=request, reason="Diversion risk.",
                          criteria=["7"])
    request.refresh_from_db()
    assert request.status == RequestStatus.AWAITING_COUNTERSIGNATURE
    assert request.decided_by is None  # not denied yet

    countersigning.refuse_countersignature(actor=factories.ApproverFactory(), request=request,
                                           reason="Ask the embassy first.")
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED  # where it was decided

    requests.deny_request(actor=decider, request=request, reason="Diversion risk.",
                          criteria=["7"])
    countersigning.countersign_decision(actor=factories.ApproverFactory(), request=request)
    request.refresh_from_db()
    assert request.status == RequestStatus.DENIED and request.decided_by == decider
    assert list(request.decision_criteria.values_list("code", flat=True)) == ["7"]


def test_the_system_denial_of_a_prohibition_is_never_held_for_countersignature():
    factories.countersign_every_decision()
    request = factories.submitted_request()
    requests.deny_request(actor=None, request=request, reason="Destination at war.",
                          criteria=["1"])
    request.refresh_from_db()
    assert request.status == RequestStatus.DENIED


def test_rules_match_by_control_category_and_value():
    request = factories.verified_request()  # one ML3 item; see factories.request_data
    value = sum(item.value for item in request.items.all())
    assert rule_requiring(request, kind="grant") is None
    CountersignRule.objects.create(name="Bombs", control_categories=["ML4"])
    assert rule_requiring(request, kind="grant") is None
    CountersignRule.objects.create(name="Large", min_value=value + Decimal(1))
    assert rule_requiring(request, kind="grant") is None
    CountersignRule.objects.create(name="Denials of ammunition", applies_to="denial",
                                   control_categories=["ML3"])
    assert rule_requiring(request, kind="grant") is None
    assert rule_requiring(request, kind="denial").name == "Denials of ammunition"
    CountersignRule.objects.create(name="Ammunition", control_categories=["ML3"],
                                   min_value=value)
    assert rule_requiring(request, kind="grant").name == "Ammunition"


def test_api_and_page_offer_the_countersignature_to_a_second_approver_only(api, client):
    factories.countersign_every_decision()
    decider = factories.ApproverFactory()
    request = factories.verified_request()
    response = api.as_user(decider).post(
        f"/api/v1/requests/{request.pk}/grant-special-approval/",
        {"reason": "Allied armed forces."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "awaiting_countersignature"

    own = api.as_user(decider).get(f"/api/v1/requests/{request.pk}/").json()
    assert "countersign" not in own["available_transitions"]
    assert "countersign" in {b["transition"] for b in own["blocked_transitions"]}
    refused = api.as_user(decider).post(f"/api/v1/requests/{request.pk}/countersign/",
                                        {"reason": "Mine."}, format="json")
    assert refused.status_code == 403

    second = factories.ApproverFactory()
    page = sign_in(client, second).get(f"/requests/{request.pk}/").content.decode()
    assert 'id="action-countersign"' in page
    done = api.as_user(second).post(f"/api/v1/requests/{request.pk}/countersign/", {},
                                    format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "special_approval"
