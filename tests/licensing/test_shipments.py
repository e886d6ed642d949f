"""Shipments drawn against the licence: recorded with route and DVC due date; refused (and
nothing changed) when over quantity, outside validity, suspended, expired or halted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from licensing.errors import TransitionRefused
from licensing.models import AuditEvent, ExportHalt, LicenceItem, Shipment
from licensing.services import halts, licences, special_approval
from tests import factories

pytestmark = pytest.mark.django_db


def _ship(request, quantity, *, shipped_on=None, final=False, route=("HU", "SK", "PL")):
    item = request.items.get()
    return licences.record_shipment(
        actor=request.created_by, request=request,
        shipped_on=shipped_on or timezone.localdate(), carrier="Rail Cargo",
        customs_declaration="RS-CD-2026-1", quantities=[(item.pk, quantity)],
        route=list(route), final=final)


class NothingChanged:
    """Snapshot of what a refused shipment must leave alone."""

    def __init__(self, request):
        self.request = request
        self.before = self._state()

    def _state(self):
        self.request.refresh_from_db()
        licence = self.request.licence
        licence.refresh_from_db()
        return (self.request.status, licence.status, Shipment.objects.count(),
                list(LicenceItem.objects.filter(licence=licence)
                     .values_list("shipped_quantity", flat=True)),
                AuditEvent.objects.count())

    def check(self):
        assert self._state() == self.before


def test_a_shipment_records_route_and_draws_the_licence_down(settings):
    settings.DVC_DUE_DAYS = 45
    request = factories.approved_request()
    shipment = _ship(request, 400_000)
    assert shipment.route == ["HU", "SK", "PL"]
    assert shipment.delivery_verification_due_on == shipment.shipped_on + timedelta(days=45)
    assert request.licence.items.get().remaining_quantity == 600_000
    request.refresh_from_db()
    assert request.status == "special_approval"  # a partial consignment
    event = AuditEvent.objects.get(action="shipment.recorded", object_id=str(shipment.pk))
    assert event.after["route"] == ["HU", "SK", "PL"] and event.actor == request.created_by


def test_the_request_is_shipped_when_the_applicant_marks_the_last_consignment():
    request = factories.approved_request()
    _ship(request, 100, final=True)
    request.refresh_from_db()
    assert request.status == "shipped"
    assert request.licence.status == "issued"  # not used up, but nothing more will go


def test_shipping_everything_exhausts_the_licence_at_once():
    request = factories.approved_request()
    _ship(request, 600_000)
    _ship(request, 400_000)
    request.refresh_from_db()
    assert request.status == "shipped"
    assert request.licence.status == "exhausted"
    assert AuditEvent.objects.filter(action="licence.exhausted").count() == 1


def test_over_shipment_is_refused_and_changes_nothing():
    request = factories.approved_request()
    _ship(request, 900_000)
    unchanged = NothingChanged(request)
    with pytest.raises(TransitionRefused) as refused:
        _ship(request, 100_001)
    assert "exceeds the 100000 remaining" in refused.value.problems[0]
    unchanged.check()


def test_an_expired_licence_is_refused_and_nothing_changes(approver):
    request = factories.verified_request()
    special_approval.grant_special_approval(actor=approver, request=request, reason="ok",
                                    valid_until=timezone.localdate() + timedelta(days=1))
    request.refresh_from_db()
    # The daily job, run as if two days had passed.
    assert licences.expire_overdue_licences(on=timezone.localdate() + timedelta(days=2)) == 1
    unchanged = NothingChanged(request)
    with pytest.raises(TransitionRefused) as refused:
        _ship(request, 10)
    assert "The licence is expired." in refused.value.problems
    unchanged.check()


def test_a_date_outside_validity_is_refused():
    request = factories.approved_request()
    unchanged = NothingChanged(request)
    with pytest.raises(TransitionRefused) as refused:
        _ship(request, 10, shipped_on=timezone.localdate() - timedelta(days=3))
    assert "outside the licence's validity" in refused.value.problems[0]
    unchanged.check()


def test_a_suspended_licence_is_refused_and_nothing_changes(approver):
    request = factories.approved_request()
    licences.suspend_licence(actor=approver, licence=request.licence, reason="Inquiry.")
    unchanged = NothingChanged(request)
    with pytest.raises(TransitionRefused) as refused:
        _ship(request, 10)
    assert "The licence is suspended." in refused.value.problems
    unchanged.check()


def _halt(approver, mode, **scope):
    return halts.declare_halt(actor=approver, title="Ammunition moratorium", mode=mode,
                              public_reason="Diversion inquiry.",
                              valid_from=timezone.localdate(), **scope)


@pytest.mark.parametrize("mode", ["deny", "special_approval_only"])
def test_a_shipment_under_a_halt_is_refused_and_nothing_changes(approver, mode):
    request = factories.approved_request()
    _halt(approver, mode, control_categories=["ML3"])  # the licence itself stays issued here
    unchanged = NothingChanged(request)
    with pytest.raises(TransitionRefused) as refused:
        _ship(request, 10)
    expected = {
        "deny": f"On hold: export halt “Ammunition moratorium” (from {timezone.localdate()}) "
                "covers this request; nothing in its scope may be verified, approved or "
                "shipped while it is in force.",
        "special_approval_only": f"Export halt “Ammunition moratorium” (from "
                                 f"{timezone.localdate()}) covers this shipment: nothing in "
                                 "its scope may be shipped."}
    assert refused.value.problems == [expected[mode]]
    unchanged.check()


def test_a_halt_on_other_goods_or_destinations_does_not_stop_the_shipment(approver):
    request = factories.approved_request()
    _halt(approver, "deny", control_categories=["ML1"])
    _halt(approver, "deny", control_categories=["ML3"], destinations=["UA"])
    assert _ship(request, 10).pk


def test_an_override_given_at_approval_lets_the_licence_ship_under_its_halt(approver):
    _halt(approver, "special_approval_only", control_categories=["ML3"])
    request = factories.submitted_request()
    finding = request.findings.get(check_name="export_halt")
    from licensing.services.requests import verify_end_user
    from licensing.services.screening import clear_finding

    clear_finding(actor=factories.OfficerFactory(), finding=finding, reason="Noted.")
    verify_end_user(actor=factories.OfficerFactory(), request=request, channel="embassy",
                    reference="Note", verified_on=timezone.localdate())
    factories.consulted_and_assessed(request)
    special_approval.grant_special_approval(actor=approver, request=request, reason="ok",
                                    halt_override_reason="Allied army's urgent need.")
    request.refresh_from_db()
    assert _ship(request, 10).pk


def test_a_refused_shipment_through_the_api_is_a_400_with_the_reasons(api):
    request = factories.approved_request()
    item = request.items.get()
    response = api.as_user(request.created_by).post(
        f"/api/v1/requests/{request.pk}/record-shipment/",
        {"shipped_on": str(timezone.localdate()), "carrier": "Rail",
         "customs_declaration": "CD", "route": ["HU", "PL"],
         "items": [{"item": item.pk, "quantity": 2_000_000}]}, format="json")
    assert response.status_code == 400
    assert "exceeds" in response.json()["problems"][0]
    assert not Shipment.objects.exists()


def test_the_licence_json_shows_shipments_with_their_dvc_due_date(api):
    request = factories.approved_request()
    shipment = _ship(request, 5)
    body = api.as_user(request.created_by).get(f"/api/v1/requests/{request.pk}/").json()
    [row] = body["licence"]["shipments"]
    assert row["id"] == shipment.pk and row["route"] == ["HU", "SK", "PL"]
    assert row["delivery_verification_due_on"] == str(shipment.delivery_verification_due_on)
    assert row["items"] == [{"item": request.items.get().pk, "quantity": 5}]
    assert row["delivery_overdue"] is False


def test_halts_cannot_be_created_through_the_admin():
    from django.contrib import admin

    model_admin = admin.site._registry[ExportHalt]
    assert not model_admin.has_add_permission(None)
    assert not model_admin.has_change_permission(None)
    assert not model_admin.has_delete_permission(None)
