"""History that can be proven (issue 12): every event sealed with a keyed MAC, the chain's
head anchored outside the database and signed with the authority's key, and a check that
finds an edit, a deletion, a reordering and a rewrite with recomputed hashes."""

import importlib
import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from licensing.models import AuditEvent
from licensing.services.audit_anchor import list_anchors, write_anchor
from licensing.services.audit_seal import content_hash_v2, mac_for, mac_keys
from licensing.services.audit_verify import verify_audit_chain
from tests import factories

pytestmark = pytest.mark.django_db
triggers = importlib.import_module("licensing.migrations.0009_i12_audit_proof")
KEY_A = "a" * 40
KEY_B = "b" * 40


def tamper(statements):
    """An intruder with full database access: triggers off, raw SQL, triggers back on."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            for statement in triggers.SQLITE_DROP:
                cursor.execute(statement)
        for sql, params in statements:
            cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")
        else:
            for statement in triggers.SQLITE_CREATE:
                cursor.execute(statement)


def rewrite_from(victim_id, *, actor_label, with_key=None):
    """The attack of the issue: change one event's actor and recompute the hash of it and
    of every event after it, so the chain links up again. With `with_key`, the intruder
    also holds the MAC key and recomputes the MACs."""
    events = list(AuditEvent.objects.filter(id__gte=victim_id).order_by("id"))
    previous = events[0].previous_hash
    statements = []
    for event in events:
        if event.pk == victim_id:
            event.actor_label = actor_label
        event.previous_hash = previous
        event.hash = content_hash_v2(event)
        mac = mac_for(event.hash, with_key) if with_key else event.mac
        statements.append(("UPDATE licensing_auditevent SET actor_label = %s, "
                           "previous_hash = %s, hash = %s, mac = %s WHERE id = %s",
                           [event.actor_label, event.previous_hash, event.hash, mac, event.pk]))
        previous = event.hash
    # Hashes are unique: park them first so the rewrite never collides with an old one.
    parking = [("UPDATE licensing_auditevent SET hash = %s WHERE id = %s",
                [f"parked-{e.pk}", e.pk]) for e in events]
    tamper(parking + statements)


def test_every_new_event_is_sealed_with_a_mac_and_the_key_id(settings):
    settings.AUDIT_MAC_KEYS = f"k2026:{KEY_A}"
    request = factories.request_in_state("special_approval")
    events = AuditEvent.objects.filter(request=request)
    assert events.exists()
    for event in events:
        assert event.hash_version == 2
        assert event.mac_key_id == "k2026"
        assert event.mac == mac_for(event.hash, KEY_A.encode())
    assert verify_audit_chain().intact


def test_keys_rotate_and_old_events_verify_with_their_own_key(settings):
    settings.AUDIT_MAC_KEYS = f"old:{KEY_A},new:{KEY_B}"
    settings.AUDIT_MAC_KEY_ID = "old"
    factories.draft_request()
    settings.AUDIT_MAC_KEY_ID = "new"
    factories.draft_request()
    assert set(AuditEvent.objects.values_list("mac_key_id", flat=True)) == {"old", "new"}
    verdict = verify_audit_chain()
    assert verdict.intact and verdict.checked == AuditEvent.objects.count()
    # Retiring a key too early is reported, naming the first event it sealed.
    settings.AUDIT_MAC_KEYS = f"new:{KEY_B}"
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == AuditEvent.objects.filter(mac_key_id="old").first().pk
    assert "not configured" in verdict.problem


def test_editing_one_event_is_detected_and_named():
    factories.request_in_state("special_approval")
    victim = AuditEvent.objects.get(action="request.end_user_verified")
    tamper([("UPDATE licensing_auditevent SET reason = %s WHERE id = %s", ["forged", victim.pk])])
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == victim.pk
    assert "does not match its hash" in verdict.problem


def test_editing_a_payload_is_detected_by_its_digest():
    factories.request_in_state("submitted")
    victim = AuditEvent.objects.get(action="request.submitted")
    tamper([("UPDATE licensing_auditevent SET after = %s WHERE id = %s",
             [json.dumps({"status": "denied"}), victim.pk])])
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == victim.pk
    assert "digest" in verdict.problem


def test_deleting_one_event_is_detected_at_its_successor():
    factories.request_in_state("special_approval")
    ids = list(AuditEvent.objects.order_by("id").values_list("id", flat=True))
    tamper([("DELETE FROM licensing_auditevent WHERE id = %s", [ids[5]])])
    assert verify_audit_chain().first_broken_id == ids[6]


def test_reordering_two_events_is_detected_at_the_first_of_them():
    factories.request_in_state("special_approval")
    first, second = AuditEvent.objects.order_by("id")[4:6]
    columns = ["at", "actor_id", "actor_label", "actor_role", "action", "object_type",
               "object_id", "request_id", "before", "after", "reason", "ip_address",
               "previous_hash", "hash", "payload_digest", "mac_key_id", "mac"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM licensing_auditevent "  # noqa: S608
                       "WHERE id IN (%s, %s) ORDER BY id", [first.pk, second.pk])
        a, b = cursor.fetchall()
    assignments = ", ".join(f"{c} = %s" for c in columns)
    update = f"UPDATE licensing_auditevent SET {assignments} WHERE id = %s"  # noqa: S608
    tamper([("UPDATE licensing_auditevent SET hash = %s WHERE id = %s", ["parked-1", first.pk]),
            ("UPDATE licensing_auditevent SET hash = %s WHERE id = %s", ["parked-2", second.pk]),
            (update, [*b, first.pk]), (update, [*a, second.pk])])
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == first.pk
    assert "link" in verdict.problem


def test_a_rewrite_with_recomputed_hashes_is_caught_by_the_mac():
    factories.request_in_state("special_approval")
    victim = AuditEvent.objects.get(action="request.end_user_verified")
    rewrite_from(victim.pk, actor_label="someone.else@authority.example")
    verdict = verify_audit_chain()
    assert verdict.first_broken_id == victim.pk
    assert "MAC" in verdict.problem
    with pytest.raises(CommandError, match=f"BROKEN at event {victim.pk}"):
        call_command("verify_audit_chain")


def test_a_rewrite_by_someone_who_also_has_the_mac_key_is_caught_by_the_anchor():
    factories.request_in_state("special_approval")
    anchor = write_anchor(reason="test")
    factories.draft_request()  # more events after the anchor
    victim = AuditEvent.objects.get(action="request.end_user_verified")
    keys = mac_keys()
    rewrite_from(victim.pk, actor_label="someone.else@authority.example",
                 with_key=keys.keys[keys.current_id])
    verdict = verify_audit_chain()
    assert not verdict.intact
    assert verdict.first_broken_id == anchor.head_event_id
    assert anchor.name in verdict.problem


def test_deleting_events_from_the_end_is_caught_by_the_anchor():
    factories.request_in_state("submitted")
    anchor = write_anchor()
    tamper([("DELETE FROM licensing_auditevent WHERE id >= %s", [anchor.head_event_id - 1])])
    verdict = verify_audit_chain()
    assert not verdict.intact
    assert "deleted from the end" in verdict.problem


def test_an_intact_chain_agrees_with_every_anchor():
    factories.draft_request()
    write_anchor()
    factories.request_in_state("submitted")
    write_anchor()
    verdict = verify_audit_chain(batch_size=3)
    assert verdict.intact, verdict.problem
    assert verdict.anchors_checked == 2
    assert verdict.checked == AuditEvent.objects.count()
    anchored = AuditEvent.objects.filter(action="audit.anchored")
    assert anchored.count() == 2


def test_anchors_form_a_chain_and_a_forged_anchor_is_refused(settings):
    factories.draft_request()
    first = write_anchor()
    second = write_anchor()
    assert second.statement["previous_anchor_sha256"] == first.sha256
    assert second.statement["event_count"] == first.statement["event_count"] + 1
    path = second.path
    path.chmod(0o644)
    statement = json.loads(path.read_text())
    statement["event_count"] = 1
    path.write_text(json.dumps(statement))
    [_, forged] = list_anchors()
    assert not forged.signature_ok
    verdict = verify_audit_chain()
    assert not verdict.intact and "not genuine" in verdict.problem


def _openssl(*args, cwd):
    return subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True,
                          check=False)


def test_an_anchor_verifies_with_openssl_alone(tmp_path):
    """What docs/audit-trail.md tells an auditor to run on the three downloaded files."""
    factories.draft_request()
    anchor = write_anchor()
    stem = anchor.path.name.removesuffix(".json")
    directory = anchor.path.parent
    extracted = _openssl("x509", "-in", f"{stem}.cert.pem", "-pubkey", "-noout",
                         "-out", str(tmp_path / "authority.pub"), cwd=directory)
    assert extracted.returncode == 0, extracted.stderr
    verified = _openssl("dgst", "-sha256", "-verify", str(tmp_path / "authority.pub"),
                        "-signature", f"{stem}.sig", f"{stem}.json", cwd=directory)
    assert verified.returncode == 0, verified.stderr
    assert "Verified OK" in verified.stdout
    statement = json.loads(anchor.path.read_text())
    assert statement["head_hash"] == AuditEvent.objects.get(
        pk=statement["head_event_id"]).hash
    # One changed byte and openssl says so.
    forged = tmp_path / "forged.json"
    forged.write_bytes(anchor.path.read_bytes().replace(b'"event_count": ', b'"event_count": 9'))
    refused = _openssl("dgst", "-sha256", "-verify", str(tmp_path / "authority.pub"),
                       "-signature", str(directory / f"{stem}.sig"), str(forged), cwd=tmp_path)
    assert refused.returncode != 0
    assert "Verification failure" in refused.stdout + refused.stderr


def test_anchor_files_are_never_overwritten():
    factories.draft_request()
    anchor = write_anchor()
    assert oct(anchor.path.stat().st_mode & 0o777) == "0o444"
    with pytest.raises(FileExistsError):
        from licensing.services.audit_anchor import _write_once

        _write_once(anchor.path, b"{}")


def test_the_anchor_command_and_the_verify_command(capsys):
    factories.draft_request()
    call_command("anchor_audit_chain")
    call_command("verify_audit_chain")
    out = capsys.readouterr().out
    assert "anchor-000001.json" in out
    assert "1 anchor" in out


def test_beat_anchors_the_chain_daily_and_the_task_writes_an_anchor(settings):
    from config.celery import app
    from licensing.tasks import anchor_audit_chain

    entry = settings.CELERY_BEAT_SCHEDULE["anchor-audit-chain"]
    assert entry["task"] in app.tasks
    assert entry["schedule"].total_seconds() == 24 * 3600
    factories.draft_request()
    name = anchor_audit_chain.apply().get()
    assert [a.name for a in list_anchors()] == [name]
