"""The audit trail: an event for every change, hash-chained, append-only, verifiable."""

import importlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from licensing.models import AuditEvent
from licensing.services.audit_verify import verify_audit_chain
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_step_of_a_request_writes_its_event_with_actor_role_and_change():
    request = factories.request_in_state("shipped")
    events = list(AuditEvent.objects.filter(request=request).order_by("id"))
    assert [e.action for e in events] == [
        "request.created", "document.uploaded", "request.submitted", "screening.completed",
        "request.end_user_verified", *["referral.made"] * 4,  # the four bodies the law names
        *["advice.given"] * 4, *["assessment.recorded"] * 13,  # 13 mandatory criteria
        "request.special_approval_granted", "licence.issued",
        "shipment.recorded", "licence.exhausted", "request.shipped",
    ]
    submitted = events[2]
    assert submitted.actor == request.created_by
    assert submitted.actor_role == "applicant"
    assert (submitted.before, submitted.after) == ({"status": "draft"}, {"status": "submitted"})
    assert events[3].actor is None and events[3].actor_label == "system"


def test_the_client_address_is_recorded(api, applicant):
    request = factories.draft_request(applicant)
    api.as_user(applicant).post(f"/api/v1/requests/{request.pk}/withdraw/",
                                {"reason": "Cancelled"}, format="json",
                                REMOTE_ADDR="203.0.113.7")
    event = AuditEvent.objects.get(request=request, action="request.withdrawn")
    assert event.ip_address == "203.0.113.7"
    assert event.reason == "Cancelled"


def test_events_cannot_be_changed_or_deleted_through_the_application():
    factories.draft_request()
    event = AuditEvent.objects.first()
    event.reason = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(reason="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_chain_verifies_when_untouched():
    factories.request_in_state("special_approval")
    verdict = verify_audit_chain()
    assert verdict.intact
    assert verdict.checked == AuditEvent.objects.count()
    call_command("verify_audit_chain")


append_only = importlib.import_module("licensing.migrations.0009_i12_audit_proof")


def _tamper(sql, params):
    """What an intruder with full database access would do: bypass the ORM and switch
    off the append-only triggers for a moment."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for statement in append_only.SQLITE_DROP:
                cursor.execute(statement)
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            for statement in append_only.SQLITE_CREATE:
                cursor.execute(statement)


def test_changing_one_row_makes_the_verify_command_fail_naming_it():
    factories.request_in_state("special_approval")
    victim = AuditEvent.objects.filter(action="request.end_user_verified").get()
    _tamper("UPDATE licensing_auditevent SET reason = %s WHERE id = %s", ["forged", victim.pk])
    with pytest.raises(CommandError, match=f"BROKEN at event {victim.pk}"):
        call_command("verify_audit_chain")


def test_deleting_a_row_is_detected_at_its_successor():
    factories.request_in_state("special_approval")
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    _tamper("DELETE FROM licensing_auditevent WHERE id = %s", [ids[3]])
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == ids[4]


@pytest.mark.parametrize("statement", ["UPDATE licensing_auditevent SET reason = 'x'",
                                       "DELETE FROM licensing_auditevent"])
def test_the_database_itself_refuses_to_change_audit_rows(statement):
    factories.draft_request()
    events = AuditEvent.objects.count()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.count() == events


def test_reference_list_changes_are_audited_and_bump_the_version():
    from licensing.models import AtWarCountry
    from licensing.services.reference import current_list_versions, save_reference_entry

    admin = factories.AdministratorFactory()
    before = current_list_versions()["at_war"]
    save_reference_entry(actor=admin, entry=AtWarCountry(country="SD", basis="test"),
                         reason="Armed conflict")
    assert current_list_versions()["at_war"] == before + 1
    event = AuditEvent.objects.get(action="reference.at_war.saved")
    assert event.after["country"] == "SD"
    assert event.reason == "Armed conflict"


def test_deleting_the_newest_event_is_detected():
    """V7: what is left is a valid, shorter chain; the head kept beside it says it is short."""
    factories.request_in_state("special_approval")
    newest = AuditEvent.objects.order_by("-id").first()
    _tamper("DELETE FROM licensing_auditevent WHERE id = %s", [newest.pk])
    verdict = verify_audit_chain()
    assert not verdict.intact
    assert f"event {newest.pk}" in verdict.problem
    with pytest.raises(CommandError, match="BROKEN: .*events were deleted"):
        call_command("verify_audit_chain")


def test_an_emptied_audit_table_is_detected():
    factories.request_in_state("submitted")
    _tamper("DELETE FROM licensing_auditevent", [])
    verdict = verify_audit_chain()
    assert not verdict.intact
    assert verdict.checked == 0
    assert "0 remain" in verdict.problem


def test_new_events_after_the_check_keep_the_chain_intact():
    request = factories.request_in_state("submitted")
    assert verify_audit_chain().intact
    factories.draft_request(request.created_by)
    assert verify_audit_chain().intact


@pytest.mark.django_db(transaction=True)  # committed rows, as in production; flush after
def test_truncate_of_the_audit_table_is_refused():
    """V7: on PostgreSQL TRUNCATE bypasses row triggers, so a statement trigger refuses it;
    SQLite has no TRUNCATE, and its row triggers refuse the DELETE it would use instead."""
    factories.request_in_state("submitted")
    statement = ("TRUNCATE licensing_auditevent" if connection.vendor == "postgresql"
                 else "DELETE FROM licensing_auditevent")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(statement)
    assert AuditEvent.objects.exists()
