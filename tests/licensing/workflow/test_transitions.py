"""Every transition of the request's state machine, from every state, by every role:
allowed exactly where DESIGN.md's table says, refused everywhere else."""

import pytest
from django.utils import timezone

from licensing.errors import NotPermitted, TransitionConflict
from licensing.models import RequestStatus
from licensing.services import appeals, countersigning, licences, requests
from licensing.services import special_approval as approval
from tests import factories

pytestmark = pytest.mark.django_db

ROLES = ["own_applicant", "other_applicant", "officer", "approver", "auditor", "agency",
         "administrator"]


def make_actor(role, request):
    if role == "own_applicant":
        return factories.ApplicantFactory(organisation=request.organisation)
    return {
        "other_applicant": factories.ApplicantFactory,
        "officer": factories.OfficerFactory,
        "approver": factories.ApproverFactory,
        "auditor": factories.AuditorFactory,
        "agency": factories.AgencyReviewerFactory,
        "administrator": factories.AdministratorFactory,
    }[role]()


def take(transition, actor, request):
    today = timezone.localdate()
    if transition == "submit":
        return requests.submit_request(actor=actor, request=request)
    if transition == "request_changes":
        return requests.request_changes(actor=actor, request=request, message="Add the EUC.")
    if transition == "withdraw":
        return requests.withdraw_request(actor=actor, request=request, reason="Order cancelled.")
    if transition == "deny":
        return requests.deny_request(actor=actor, request=request, reason="Diversion risk.",
                                     criteria=["7"])
    if transition == "verify_end_user":
        return requests.verify_end_user(actor=actor, request=request, channel="embassy",
                                        reference="Note 12/2026", verified_on=today)
    if transition == "grant_special_approval":
        return approval.grant_special_approval(actor=actor, request=request, reason="Allied.")
    if transition == "record_shipment":
        item = request.items.get()
        return licences.record_shipment(actor=actor, request=request, shipped_on=today,
                                        carrier="Carrier", customs_declaration="CD-9",
                                        quantities=[(item.pk, 10)], final=True)
    if transition == "countersign":
        return countersigning.countersign_decision(actor=actor, request=request,
                                                   reason="Read the file; agree.")
    if transition == "refuse_countersignature":
        return countersigning.refuse_countersignature(actor=actor, request=request,
                                                      reason="Criterion 7 needs another look.")
    if transition == "decide_appeal":
        return appeals.decide_appeal(actor=actor, request=request, outcome="upheld",
                                     reason="The end user's new certificate settles it.")
    raise ValueError(transition)


# DESIGN.md: transition -> (source states, roles that may take it, target state)
TABLE = {
    "submit": ({"draft"}, {"own_applicant"}, "submitted"),
    "request_changes": ({"submitted"}, {"officer", "approver"}, "draft"),
    "withdraw": ({"draft", "submitted", "end_user_verified"}, {"own_applicant"}, "withdrawn"),
    "deny": ({"submitted", "end_user_verified"}, {"officer", "approver"}, "denied"),
    "verify_end_user": ({"submitted"}, {"officer", "approver"}, "end_user_verified"),
    "grant_special_approval": ({"end_user_verified"}, {"approver"}, "special_approval"),
    "record_shipment": ({"special_approval"}, {"own_applicant"}, "shipped"),
    "countersign": ({"awaiting_countersignature"}, {"approver"}, "special_approval"),
    "refuse_countersignature": ({"awaiting_countersignature"}, {"approver"},
                                "end_user_verified"),
}


@pytest.mark.parametrize("state", RequestStatus.values)
@pytest.mark.parametrize("transition", TABLE)
def test_transition_is_allowed_only_from_its_source_states_and_for_its_roles(state, transition):
    sources, allowed_roles, target = TABLE[transition]
    request = factories.request_in_state(state)

    refused_roles = [role for role in ROLES if role not in allowed_roles]
    for role in refused_roles:
        expected = TransitionConflict if state not in sources else NotPermitted
        with pytest.raises(expected):
            take(transition, make_actor(role, request), request)
        request.refresh_from_db()
        assert request.status == state, f"{role} changed the state"

    for role in sorted(allowed_roles):
        if state not in sources:
            with pytest.raises(TransitionConflict):
                take(transition, make_actor(role, request), request)
            request.refresh_from_db()
            assert request.status == state

    if state in sources:
        take(transition, make_actor(sorted(allowed_roles)[0], request), request)
        request.refresh_from_db()
        assert request.status == target


def test_every_transition_declares_a_permission():
    from licensing.models import Licence, ShipmentRequest

    for model in (ShipmentRequest, Licence):
        transitions = list(model._meta.get_field("status").get_all_transitions(model))
        assert transitions
        for transition in transitions:
            assert transition.permission is not None, f"{model.__name__}.{transition.name}"


def test_a_shipment_that_is_not_the_last_keeps_the_request_open():
    request = factories.approved_request()
    item = request.items.get()
    licences.record_shipment(actor=request.created_by, request=request,
                             shipped_on=timezone.localdate(), carrier="Jadran Cargo",
                             customs_declaration="CD-1", quantities=[(item.pk, 400_000)])
    request.refresh_from_db()
    assert request.status == RequestStatus.SPECIAL_APPROVAL
    assert request.licence.items.get().remaining_quantity == 600_000


def test_shipping_everything_exhausts_the_licence_and_ships_the_request():
    request = factories.approved_request()
    item = request.items.get()
    licences.record_shipment(actor=request.created_by, request=request,
                             shipped_on=timezone.localdate(), carrier="Jadran Cargo",
                             customs_declaration="CD-1", quantities=[(item.pk, item.quantity)])
    request.refresh_from_db()
    assert request.status == RequestStatus.SHIPPED
    assert request.licence.status == "exhausted"
