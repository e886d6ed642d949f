"""Export halts: declared and lifted by an approving authority (audited, screening made out
of date); a "deny" halt suspends the unshipped licences in scope through Celery and puts the
open requests in scope on hold (never denies them); lifting it releases both; "special
approval only" needs an override."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from licensing import selectors
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict, TransitionRefused
from licensing.models import AuditEvent, ExportHalt, HaltOverride, Licence, ReferenceListState
from licensing.services import halts, licences
from licensing.services import special_approval as approval
from licensing.services.reference import current_list_versions
from licensing.services.requests import verify_end_user
from licensing.services.screening import queue_rescreening
from tests import factories
from tests.conftest import wait_for


def _today():
    return timezone.localdate()


def _declare(approver, mode="deny", **scope):
    scope.setdefault("control_categories", ["ML3"])
    return halts.declare_halt(actor=approver, title="Ammunition moratorium", mode=mode,
                              public_reason="Munitions reached a country at war.",
                              valid_from=_today(), **scope)


def _ml1_items():
    return {"items": [{"description": "Pistols 9 mm", "control_category": "ML1",
                       "quantity": 100, "unit": "pieces", "value": "50000.00",
                       "currency": "EUR", "for_assembly_abroad": False}],
            "end_user_certificate": {**factories.request_data()["end_user_certificate"],
                                     "items": [{"control_category": "ML1", "description": "",
                                                "quantity": 100}]}}


# --- declaring and lifting ---

@pytest.mark.django_db
def test_an_approver_declares_a_halt_through_the_api_and_it_is_audited(api, approver):
    versions = current_list_versions()
    response = api.as_user(approver).post("/api/v1/halts/", {
        "title": "Ammunition moratorium", "control_categories": ["ML3", "ML4"],
        "destinations": ["ua", "IL"], "mode": "deny", "valid_from": str(_today()),
        "public_reason": "Munitions reached a country at war."}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["in_force"] is True and body["destinations"] == ["IL", "UA"]
    assert body["declared_by"] == approver.email
    halt = ExportHalt.objects.get()
    event = AuditEvent.objects.get(action="halt.declared")
    assert (event.actor, event.object_id) == (approver, str(halt.pk))
    assert event.reason == "Munitions reached a country at war."
    assert current_list_versions() != versions  # screening done before is out of date
    assert ReferenceListState.objects.get(list_name="export_halts").version == 1


@pytest.mark.django_db
def test_only_an_approver_may_declare_or_lift(api, officer, approver):
    payload = {"title": "X", "mode": "deny", "valid_from": str(_today()),
               "public_reason": "Because."}
    for user in (officer, factories.ApplicantFactory(), factories.AuditorFactory()):
        assert api.as_user(user).post("/api/v1/halts/", payload,
                                      format="json").status_code == 403
    assert not ExportHalt.objects.exists()
    halt = _declare(approver)
    assert api.as_user(officer).post(f"/api/v1/halts/{halt.pk}/lift/", {"reason": "Over."},
                                     format="json").status_code == 403
    with pytest.raises(NotPermitted):
        halts.lift_halt(actor=officer, halt=halt, reason="Over.")


@pytest.mark.django_db
@pytest.mark.parametrize(("change", "field"), [
    ({"mode": "sometimes"}, "mode"),
    ({"control_categories": ["ML99"]}, "control_categories"),
    ({"destinations": ["XX"]}, "destinations"),
    ({"public_reason": ""}, "public_reason"),
    ({"title": ""}, "title"),
    ({"valid_until": "2000-01-01"}, "valid_until"),
])
def test_bad_input_is_a_400_with_field_messages_and_changes_nothing(api, approver, change,
                                                                    field):
    payload = {"title": "Moratorium", "mode": "deny", "valid_from": str(_today()),
               "public_reason": "Because.", **change}
    events = AuditEvent.objects.count()
    response = api.as_user(approver).post("/api/v1/halts/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not ExportHalt.objects.exists() and AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_everyone_signed_in_reads_the_halts_applicants_without_who_declared(api, approver):
    halt = _declare(approver)
    halts.declare_halt(actor=approver, title="Later", mode="deny", public_reason="Soon.",
                       valid_from=_today() + timedelta(days=10))
    applicant = factories.ApplicantFactory()
    rows = api.as_user(applicant).get("/api/v1/halts/").json()
    assert {r["title"] for r in rows} == {"Ammunition moratorium", "Later"}
    assert all("declared_by" not in r for r in rows)
    in_force = api.as_user(applicant).get("/api/v1/halts/?in_force=true").json()
    assert [r["id"] for r in in_force] == [halt.pk]
    assert api.as_user(applicant).get(f"/api/v1/halts/{halt.pk}/").json()["mode"] == "deny"
    assert api.as_user(applicant).get("/api/v1/halts/999999/").status_code == 404


@pytest.mark.django_db
def test_lifting_is_recorded_and_reinstates_the_licences_it_suspended(api, approver):
    request = factories.approved_request()
    halt = _declare(approver)
    halts.apply_export_halt(halt.pk)
    licence = Licence.objects.get(pk=request.licence.pk)
    assert licence.status == "suspended"
    response = api.as_user(approver).post(f"/api/v1/halts/{halt.pk}/lift/",
                                          {"reason": "Inquiry closed."}, format="json")
    assert response.status_code == 200 and response.json()["in_force"] is False
    licence.refresh_from_db()
    assert licence.status == "issued"
    event = AuditEvent.objects.get(action="halt.lifted")
    assert event.reason == "Inquiry closed." and event.before["lifted_at"] is None
    assert event.after["reinstated_licences"] == [licence.number]
    reinstated = AuditEvent.objects.get(action="licence.reinstated_by_system")
    assert reinstated.actor is None and reinstated.after["halt_id"] == halt.pk
    with pytest.raises(TransitionConflict):
        halts.lift_halt(actor=approver, halt=halt, reason="Again.")
    assert api.as_user(approver).post(f"/api/v1/halts/{halt.pk}/lift/", {},
                                      format="json").status_code == 400
    item = request.items.get()
    assert licences.record_shipment(actor=request.created_by, request=request,
                                    shipped_on=_today(), carrier="Rail",
                                    customs_declaration="CD", quantities=[(item.pk, 5)])


@pytest.mark.django_db
def test_lifting_one_halt_leaves_suspended_what_another_halt_still_covers(approver):
    request = factories.approved_request()
    first = _declare(approver)
    halts.apply_export_halt(first.pk)
    second = halts.declare_halt(actor=approver, title="Poland", mode="deny",
                                public_reason="Second reason.", valid_from=_today(),
                                destinations=["PL"])
    halts.apply_export_halt(second.pk)
    halts.lift_halt(actor=approver, halt=first, reason="First inquiry closed.")
    assert Licence.objects.get(pk=request.licence.pk).status == "suspended"
    halts.lift_halt(actor=approver, halt=second, reason="Second closed too.")
    # The second halt did not suspend it (it was suspended already): the licence stays
    # suspended until an approver reinstates it; nothing is reinstated by guesswork.
    assert Licence.objects.get(pk=request.licence.pk).status == "suspended"


# --- what a halt does ---

@pytest.mark.django_db
def test_a_deny_halt_suspends_only_unshipped_licences_in_scope_and_audits_why(approver):
    in_scope = factories.approved_request()
    partly_shipped = factories.approved_request()
    item = partly_shipped.items.get()
    licences.record_shipment(actor=partly_shipped.created_by, request=partly_shipped,
                             shipped_on=_today(), carrier="Rail", customs_declaration="CD",
                             quantities=[(item.pk, 10)])
    shipped = factories.request_in_state("shipped")
    other_goods = factories.approved_request(**_ml1_items())
    other_destination = factories.approved_request()
    halt = _declare(approver, destinations=["PL"])
    ExportHalt.objects.filter(pk=halt.pk).update(destinations=["PL"])
    Licence.objects.filter(pk=other_destination.licence.pk)  # (PL too: in scope)

    result = halts.apply_export_halt(halt.pk)

    status = dict(Licence.objects.values_list("request_id", "status"))
    assert status[in_scope.pk] == "suspended"
    assert status[partly_shipped.pk] == "suspended"
    assert status[other_destination.pk] == "suspended"
    assert status[shipped.pk] != "suspended"
    assert status[other_goods.pk] == "issued"
    assert sorted(result["suspended"]) == sorted(
        Licence.objects.filter(status="suspended").values_list("number", flat=True))
    event = AuditEvent.objects.filter(action="licence.suspended_by_system").first()
    assert event.actor is None
    assert "Export halt “Ammunition moratorium”" in event.reason
    assert event.after["halt_id"] == halt.pk
    assert AuditEvent.objects.filter(action="halt.applied").count() == 1
    assert halts.apply_export_halt(halt.pk)["suspended"] == []  # idempotent


@pytest.mark.django_db
def test_a_special_approval_only_halt_suspends_nothing(approver):
    request = factories.approved_request()
    halt = _declare(approver, mode="special_approval_only")
    assert halts.apply_export_halt(halt.pk)["suspended"] == []
    assert Licence.objects.get(pk=request.licence.pk).status == "issued"


@pytest.mark.django_db
def test_a_halt_declared_for_later_is_applied_when_it_comes_into_force(approver):
    factories.approved_request()
    halt = halts.declare_halt(actor=approver, title="From next week", mode="deny",
                              public_reason="Announced.", control_categories=["ML3"],
                              valid_from=_today() + timedelta(days=7))
    assert halts.apply_export_halt(halt.pk) == {"halt": halt.pk, "applied": False,
                                                "suspended": [], "held": []}
    assert halts.halts_due_to_apply() == []
    ExportHalt.objects.filter(pk=halt.pk).update(valid_from=_today())  # a week later
    assert halts.halts_due_to_apply() == [halt.pk]
    assert len(halts.apply_export_halt(halt.pk)["suspended"]) == 1
    assert halts.halts_due_to_apply() == []


@pytest.mark.django_db
def test_a_deny_halt_puts_open_requests_in_scope_on_hold_and_never_denies_them(approver):
    submitted = factories.submitted_request()
    verified = factories.verified_request()
    ml1 = factories.submitted_request(**_ml1_items())
    halt = _declare(approver)
    result = halts.apply_export_halt(halt.pk)
    assert sorted(result["held"]) == sorted([submitted.pk, verified.pk])
    held = AuditEvent.objects.filter(action="request.held")
    assert {e.request_id for e in held} == {submitted.pk, verified.pk}

    factories.run_queued_screening(submitted)
    rescreened = factories.submitted_request()  # screened with the halt in force
    for request in (submitted, rescreened):
        request.refresh_from_db()
        assert request.status == "submitted"
        assert request.decided_at is None
    finding = rescreened.findings.get(check_name="export_halt")
    assert finding.severity == "info" and "on hold" in finding.message
    assert not ml1.findings.filter(check_name="export_halt").exists()


@pytest.mark.django_db
def test_a_held_request_can_be_neither_verified_nor_approved_and_says_why(approver, officer):
    submitted = factories.submitted_request()
    verified = factories.verified_request()
    _declare(approver)
    on_hold = "On hold: export halt “Ammunition moratorium”"
    blocked = dict((b["transition"], b["problems"])
                   for b in selectors.blocked_transitions(officer, submitted))
    assert any(p.startswith(on_hold) for p in blocked["verify-end-user"])
    with pytest.raises(TransitionRefused) as refused:
        verify_end_user(actor=officer, request=submitted, channel="embassy",
                        reference="Note", verified_on=_today())
    assert any(p.startswith(on_hold) for p in refused.value.problems)
    with pytest.raises(TransitionRefused) as refused:
        approval.grant_special_approval(actor=approver, request=verified, reason="ok")
    assert any(p.startswith(on_hold) for p in refused.value.problems)
    with pytest.raises(InvalidInput) as no_override, transaction.atomic():
        halts.record_overrides(actor=approver, request=verified, reason="We need to.")
    assert "halt_override_reason" in no_override.value.field_errors
    assert not HaltOverride.objects.exists()
    # Denial stays an official's decision, and remains possible.
    assert "deny" in selectors.available_transitions(officer, submitted)


@pytest.mark.django_db
def test_lifting_releases_held_requests_to_where_they_were(approver, officer):
    submitted = factories.submitted_request()
    verified = factories.verified_request()
    halt = _declare(approver)
    halts.apply_export_halt(halt.pk)
    halts.lift_halt(actor=approver, halt=halt, reason="Inquiry closed.")
    released = AuditEvent.objects.filter(action="request.released")
    assert {e.request_id for e in released} == {submitted.pk, verified.pk}
    assert sorted(AuditEvent.objects.get(action="halt.lifted").after["released_requests"]) \
        == sorted([submitted.pk, verified.pk])
    queue_rescreening(request_ids=[submitted.pk, verified.pk], trigger="list_change")
    factories.run_queued_screening(submitted)
    factories.run_queued_screening(verified)
    verify_end_user(actor=officer, request=submitted, channel="embassy", reference="Note",
                    verified_on=_today())
    licence = approval.grant_special_approval(actor=approver, request=verified, reason="ok")
    assert licence.status == "issued"


@pytest.mark.django_db
def test_the_approver_sees_the_impact_before_declaring(api, approver):
    held = factories.submitted_request()
    licensed = factories.approved_request()
    factories.submitted_request(**_ml1_items())
    body = {"title": "Ammunition moratorium", "mode": "deny", "control_categories": ["ML3"],
            "valid_from": str(_today()), "public_reason": "Diversion."}
    response = api.as_user(approver).post("/api/v1/halts/impact/", body, format="json")
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["held_requests"]] == [held.pk]
    assert [lic["number"] for lic in response.json()["suspended_licences"]] == [
        licensed.licence.number]
    assert not ExportHalt.objects.exists()
    officer = factories.OfficerFactory()
    assert api.as_user(officer).post("/api/v1/halts/impact/", body,
                                     format="json").status_code == 403


@pytest.mark.django_db
def test_special_approval_only_needs_an_approvers_written_override(api, approver, officer):
    halt = _declare(approver, mode="special_approval_only")
    request = factories.submitted_request()
    finding = request.findings.get(check_name="export_halt")
    assert finding.severity == "high"
    from licensing.services.screening import clear_finding

    clear_finding(actor=officer, finding=finding, reason="For the approver to decide.")
    verify_end_user(actor=officer, request=request, channel="embassy", reference="Note",
                    verified_on=_today())
    factories.consulted_and_assessed(request, officer=officer)
    client = api.as_user(approver)
    url = f"/api/v1/requests/{request.pk}/grant-special-approval/"
    refused = client.post(url, {"reason": "Allied forces."}, format="json")
    assert refused.status_code == 400
    assert any("override reason" in p for p in refused.json()["problems"])
    body = client.get(f"/api/v1/requests/{request.pk}/").json()
    assert "grant-special-approval" in body["available_transitions"]
    assert any("override reason" in p for r in body["transition_requirements"]
               if r["transition"] == "grant-special-approval" for p in r["requirements"])

    granted = client.post(url, {"reason": "Allied forces.",
                                "halt_override_reason": "Urgent need of an ally."},
                          format="json")
    assert granted.status_code == 200, granted.json()
    override = HaltOverride.objects.get()
    assert (override.halt, override.request, override.granted_by) == (halt, request, approver)
    event = AuditEvent.objects.get(action="halt.overridden")
    assert event.reason == "Urgent need of an ally." and event.request_id == request.pk


@pytest.mark.django_db
def test_the_override_clears_a_halt_finding_raised_after_verification(approver):
    request = factories.verified_request()
    _declare(approver, mode="special_approval_only")
    licence = approval.grant_special_approval(
        actor=approver, request=request, reason="ok",
        halt_override_reason="Replacement of faulty lot, agreed by the ministry.")
    assert licence.status == "issued"
    finding = request.findings.filter(check_name="export_halt").latest("id")
    assert finding.cleared_by == approver
    assert "agreed by the ministry" in finding.clearance_reason


@pytest.mark.django_db
def test_an_override_reason_without_a_halt_is_refused(approver):
    request = factories.verified_request()
    with pytest.raises(InvalidInput) as refused:
        approval.grant_special_approval(actor=approver, request=request, reason="ok",
                                        halt_override_reason="Just in case.")
    assert "halt_override_reason" in refused.value.field_errors


# --- through a real Celery worker ---

def _licensed_with_worker(approver, **overrides):
    """A licence reached through the services while a real worker does the screening."""
    from licensing.models import ScreeningRun
    from licensing.services.requests import submit_request, verify_end_user

    request = factories.draft_request(**overrides)
    submit_request(actor=request.created_by, request=request)

    def screened():
        """the worker finished screening the request"""
        return ScreeningRun.objects.filter(request=request, status="completed").exists()

    wait_for(screened, timeout=60)
    officer = factories.OfficerFactory()
    request.refresh_from_db()
    assert "verify-end-user" in selectors.available_transitions(officer, request)
    verify_end_user(actor=officer, request=request, channel="embassy",
                    reference="Note", verified_on=_today())
    factories.consulted_and_assessed(request, officer=officer)
    approval.grant_special_approval(actor=approver, request=request, reason="Allied forces.")
    request.refresh_from_db()
    return request


@pytest.mark.django_db(transaction=True)
def test_declaring_a_deny_halt_on_ml3_suspends_every_unshipped_ml3_licence_and_no_other(
        celery_worker):
    from licensing.services.requests import submit_request

    approver = factories.ApproverFactory()
    ml3 = [_licensed_with_worker(approver) for _ in range(2)]
    data = factories.request_data()
    ml3_elsewhere = _licensed_with_worker(
        approver, destination_country="CZ",
        parties=[{**p, "country": "CZ"} for p in data["parties"]],
        end_user_certificate={**data["end_user_certificate"], "issuing_country": "CZ"})
    partly_shipped = _licensed_with_worker(approver)
    item = partly_shipped.items.get()
    licences.record_shipment(actor=partly_shipped.created_by, request=partly_shipped,
                             shipped_on=_today(), carrier="Rail", customs_declaration="CD",
                             quantities=[(item.pk, 10)])
    fully_shipped = _licensed_with_worker(approver)
    item = fully_shipped.items.get()
    licences.record_shipment(actor=fully_shipped.created_by, request=fully_shipped,
                             shipped_on=_today(), carrier="Rail", customs_declaration="CD",
                             quantities=[(item.pk, 10)], final=True)
    ml1 = _licensed_with_worker(approver, **_ml1_items())
    revoked = _licensed_with_worker(approver)
    licences.revoke_licence(actor=approver, licence=revoked.licence, reason="Revoked.")
    open_ml3 = factories.draft_request()

    halt = _declare(approver)  # the worker applies it after commit

    expected = {r.licence.pk for r in [*ml3, ml3_elsewhere, partly_shipped]}

    def suspended():
        """every unshipped ML3 licence suspended by the worker"""
        return set(Licence.objects.filter(status="suspended").values_list("pk", flat=True)) \
            == expected

    wait_for(suspended, timeout=60)
    assert Licence.objects.get(pk=ml1.licence.pk).status == "issued"
    assert Licence.objects.get(pk=fully_shipped.licence.pk).status == "issued"
    assert Licence.objects.get(pk=revoked.licence.pk).status == "revoked"
    events = AuditEvent.objects.filter(action="licence.suspended_by_system")
    assert {e.object_id for e in events} == {str(pk) for pk in expected}
    assert all(f"(no. {halt.pk}, in force from" in e.reason for e in events)

    def applied():
        """the worker recorded that it applied the halt"""
        return AuditEvent.objects.filter(action="halt.applied", object_id=str(halt.pk)).exists()

    wait_for(applied, timeout=30)

    # A request submitted now is screened by the worker and held, not denied.
    submit_request(actor=open_ml3.created_by, request=open_ml3)

    def screened():
        """the open ML3 request screened by the worker, with the halt noted"""
        return open_ml3.findings.filter(check_name="export_halt").exists()

    wait_for(screened, timeout=60)
    open_ml3.refresh_from_db()
    assert open_ml3.status == "submitted"
    # Nothing else was suspended meanwhile by the re-screening the halt set off.
    applied_at = AuditEvent.objects.get(action="halt.applied", object_id=str(halt.pk)).at

    def rescreened():
        """every open request and unshipped licence screened again since the halt"""
        from licensing.services.screening import screenable_requests

        return not ScreeningRunsPending() and all(
            r.screening_runs.filter(status="completed", finished_at__gte=applied_at).exists()
            for r in screenable_requests())

    wait_for(rescreened, timeout=90)
    assert set(Licence.objects.filter(status="suspended").values_list("pk", flat=True)) \
        == expected


def ScreeningRunsPending() -> bool:  # noqa: N802 - reads as a condition
    from licensing.models import ScreeningRun

    return ScreeningRun.objects.exclude(status="completed").exists()
