"""Retention: personal data of requests closed longer than the configured period is erased,
the erasure is audited, and the audit chain still verifies."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from licensing.models import AuditEvent, Party
from licensing.services.audit_anchor import write_anchor
from licensing.services.audit_verify import verify_audit_chain
from licensing.services.retention import (
    ERASED,
    due_for_erasure,
    erase_expired_personal_data,
    erase_personal_data,
)
from tests import factories

pytestmark = pytest.mark.django_db
LATER = timedelta(days=400)


def test_nothing_is_erased_when_retention_is_off(settings):
    settings.RETENTION_PERSONAL_DATA_DAYS = 0
    factories.request_in_state("denied")
    assert erase_expired_personal_data(now=timezone.now() + LATER) == []


def test_only_closed_requests_idle_for_the_period_are_due(settings):
    settings.RETENTION_PERSONAL_DATA_DAYS = 365
    denied = factories.request_in_state("denied")
    factories.request_in_state("submitted")
    factories.request_in_state("special_approval")
    shipped = factories.request_in_state("shipped")
    withdrawn = factories.request_in_state("withdrawn")
    assert list(due_for_erasure(now=timezone.now())) == []
    assert {r.pk for r in due_for_erasure(now=timezone.now() + LATER)} == {
        denied.pk, shipped.pk, withdrawn.pk}


def test_erasure_removes_personal_data_keeps_the_chain_verifiable_and_is_audited(settings):
    settings.RETENTION_PERSONAL_DATA_DAYS = 365
    request = factories.request_in_state("denied")
    other = factories.request_in_state("submitted")
    write_anchor()
    document = request.documents.get()
    stored = document.file.path
    [erasure] = erase_expired_personal_data(now=timezone.now() + LATER)

    assert erasure.request_id == request.pk
    assert set(Party.objects.filter(request=request).values_list("name", "address")) == {
        (ERASED, ERASED)}
    assert Party.objects.filter(request=other).exclude(name=ERASED).count() == 2
    document.refresh_from_db()
    assert document.original_name == ERASED and not document.file
    assert not __import__("os").path.exists(stored)
    assert document.sha256  # the fingerprint stays

    snapshots = AuditEvent.objects.filter(request=request, action__in=[
        "request.created", "document.uploaded"])
    assert sorted(erasure.events_erased) == sorted(e.pk for e in snapshots)
    for event in snapshots:
        assert event.before is None and event.after is None and event.redacted_at
        assert event.payload_digest and event.mac
    assert "Polish Armed Forces" not in str(list(
        AuditEvent.objects.filter(request=request).values_list("after", flat=True)))
    audited = AuditEvent.objects.get(action="retention.personal_data_erased")
    assert audited.request_id == request.pk and audited.actor is None
    assert audited.after["events_erased"] == erasure.events_erased

    verdict = verify_audit_chain()
    assert verdict.intact, verdict.problem
    assert verdict.erased == len(erasure.events_erased)
    assert verdict.anchors_checked == 1
    # Done once: the request is not due again.
    assert erase_expired_personal_data(now=timezone.now() + LATER) == []


def test_the_database_allows_erasing_a_payload_and_nothing_else():
    request = factories.request_in_state("withdrawn")
    event = AuditEvent.objects.get(request=request, action="request.created")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE licensing_auditevent SET after = NULL, before = NULL, "
                       "redacted_at = %s, reason = 'x' WHERE id = %s",
                       [timezone.now(), event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("UPDATE licensing_auditevent SET after = '{}' , redacted_at = %s "
                       "WHERE id = %s", [timezone.now(), event.pk])
    erase_personal_data(request=request)
    event.refresh_from_db()
    assert event.redacted_at is not None


def test_an_erasure_no_retention_event_names_is_detected():
    request = factories.request_in_state("withdrawn")
    event = AuditEvent.objects.get(request=request, action="request.created")
    AuditEvent.objects.filter(pk=event.pk).erase_payloads(at=timezone.now())
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == event.pk
    assert "no retention erasure event" in verdict.problem


def test_the_command(settings, capsys):
    settings.RETENTION_PERSONAL_DATA_DAYS = 0
    call_command("erase_expired_personal_data")
    assert "nothing is ever erased" in capsys.readouterr().out
