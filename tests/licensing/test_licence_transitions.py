"""The licence's own state machine: approvers suspend, reinstate and revoke with a reason;
the system alone expires and exhausts."""

import pytest
from django.utils import timezone

from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import Licence, LicenceStatus
from licensing.services import licences
from tests import factories

pytestmark = pytest.mark.django_db


def licence_in_state(state) -> Licence:
    request = factories.approved_request()
    licence = request.licence
    approver = factories.ApproverFactory()
    if state == LicenceStatus.SUSPENDED:
        licences.suspend_licence(actor=approver, licence=licence, reason="Investigation.")
    elif state == LicenceStatus.REVOKED:
        licences.revoke_licence(actor=approver, licence=licence, reason="Diversion proven.")
    elif state == LicenceStatus.EXPIRED:
        Licence.objects.filter(pk=licence.pk).update(
            valid_until=timezone.localdate() - timezone.timedelta(days=1))
        licences.expire_overdue_licences()
    elif state == LicenceStatus.EXHAUSTED:
        item = request.items.get()
        licences.record_shipment(actor=request.created_by, request=request,
                                 shipped_on=timezone.localdate(), carrier="C",
                                 customs_declaration="CD", quantities=[(item.pk, item.quantity)])
    licence.refresh_from_db()
    assert licence.status == state
    return licence


HUMAN_TRANSITIONS = {
    "suspend": (licences.suspend_licence, {"issued"}, "suspended"),
    "reinstate": (licences.reinstate_licence, {"suspended"}, "issued"),
    "revoke": (licences.revoke_licence, {"issued", "suspended"}, "revoked"),
}


@pytest.mark.parametrize("state", LicenceStatus.values)
@pytest.mark.parametrize("transition", HUMAN_TRANSITIONS)
def test_only_an_approver_changes_a_licence_and_only_from_the_right_state(state, transition):
    service, sources, target = HUMAN_TRANSITIONS[transition]
    licence = licence_in_state(state)
    for outsider in (factories.OfficerFactory(), factories.AuditorFactory(),
                     factories.ApplicantFactory(organisation=licence.request.organisation)):
        expected = NotPermitted if state in sources else TransitionConflict
        with pytest.raises(expected):
            service(actor=outsider, licence=licence, reason="Because.")
    approver = factories.ApproverFactory()
    if state not in sources:
        with pytest.raises(TransitionConflict):
            service(actor=approver, licence=licence, reason="Because.")
        licence.refresh_from_db()
        assert licence.status == state
        return
    with pytest.raises(InvalidInput):
        service(actor=approver, licence=licence, reason="  ")
    service(actor=approver, licence=licence, reason="Because.")
    licence.refresh_from_db()
    assert licence.status == target


def test_no_person_may_expire_or_exhaust_a_licence():
    licence = licence_in_state(LicenceStatus.ISSUED)
    for user in (factories.ApproverFactory(), factories.AdministratorFactory()):
        assert not licence.get_available_user_status_transitions(user) or all(
            t.name not in ("expire", "exhaust")
            for t in licence.get_available_user_status_transitions(user))


def test_expiry_runs_only_past_validity():
    licence = licence_in_state(LicenceStatus.ISSUED)
    assert licences.expire_overdue_licences() == 0
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.ISSUED
