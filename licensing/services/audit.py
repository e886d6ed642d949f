"""Writing and verifying the hash-chained audit trail.

Each event stores the hash of its predecessor and a SHA-256 over its own content plus
that hash, so changing or deleting any row breaks the chain from that row on."""

import contextvars
import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection

from licensing.models import AuditAction, AuditEvent
from licensing.screening.checks.text import english, to_json
from licensing.services.audit_head import advance_head
from licensing.services.audit_seal import seal
from ops.request_id import current_request_id

GENESIS_HASH = "0" * 64
# Any fixed number: the PostgreSQL advisory lock that serialises appends to the chain.
CHAIN_LOCK_KEY = 7_405_331_202

# Set per HTTP request by licensing.middleware so services need not pass the IP around.
current_ip_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "current_ip_address", default=None
)


def _canonical(value) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)


def event_content_hash(event: AuditEvent) -> str:
    """The version-1 hash (events written before MACs; version 2 is in audit_seal)."""
    content = {
        "at": event.at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": str(event.object_id),
        "request_id": event.request_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "ip_address": event.ip_address,
        "previous_hash": event.previous_hash,
    }
    if event.correlation_id:  # sealed too; events from before the field hash as they did
        content["correlation_id"] = event.correlation_id
    return hashlib.sha256(_canonical(content).encode()).hexdigest()


def _jsonable(value):
    return None if value is None else json.loads(_canonical(value))


# (PostgreSQL and SQLite quote alike; tests/licensing/test_i17t_throughput.py checks the
# table name against the model.)
_PREVIOUS_HASH_SQL = 'SELECT "hash" FROM "licensing_auditevent" ORDER BY "id" DESC LIMIT 1'


def record_event(*, actor, action: AuditAction, obj, request=None, before=None, after=None,
                 reason="") -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it records.
    `action` must be one of AuditAction: a new kind of event is a new member there.
    A reason the system words (screening, halts) may be given as message parts
    (screening/checks/text.py): the event keeps it in English, the record, and its parts in
    `after["reason_parts"]`, so a page shows it in the reader's language (`shown_reason`)."""
    action = AuditAction(action)
    if not isinstance(reason, str):
        after = {**(after or {}), "reason_parts": to_json(reason)}
        reason = english(reason)
    if not connection.in_atomic_block:
        raise RuntimeError("record_event must run inside the change's transaction")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        # The newest event's hash, after the lock (a statement of its own, so that its
        # snapshot is taken once the lock is held). What
        # `AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()` sends,
        # without the ORM's compiling (four appends per submission; issue 17, third round).
        cursor.execute(_PREVIOUS_HASH_SQL)
        row = cursor.fetchone()
    previous = row[0] if row else None
    event = AuditEvent(
        actor=actor,
        actor_label=actor.email if actor else "system",
        actor_role=actor.role if actor else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        request=request,
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
        ip_address=current_ip_address.get(),
        correlation_id=current_request_id.get(),
        previous_hash=previous or GENESIS_HASH,
    )
    seal(event)  # version-2 hash and MAC: licensing/services/audit_seal.py
    event.save()
    advance_head(event)  # events must not disappear: audit_head.py
    return event

