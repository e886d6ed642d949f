"""Events must not disappear: the chain's head (count and newest hash) is kept outside the
audit table and compared with the table by the integrity check.

The hash chain shows a changed event and a deleted one in the middle (its successor's link
breaks), but not the newest events deleted or the whole table emptied: what is left is a
valid, shorter chain. `AuditChainHead` remembers how long the chain should be. (Someone who
controls the database can rewrite the head too; signed anchors kept outside the database
are what catch that.) On PostgreSQL a trigger also refuses TRUNCATE of the audit table
(migration 0016_i15_audit_head)."""

from django.db import connection
from django.utils.translation import gettext as _

from licensing.models import AuditChainHead, AuditEvent

# (PostgreSQL and SQLite quote alike; tests/licensing/test_i17t_throughput.py checks the
# table name against the model.)
_ADVANCE_SQL = ('UPDATE "licensing_auditchainhead" SET "count" = "count" + 1, '
                '"last_event_id" = %s, "last_hash" = %s WHERE "id" = 1')


def advance_head(event: AuditEvent) -> None:
    """Count `event` in the head. Runs in the append's transaction, after the event is
    saved, under the same lock that serialises appends."""
    # AuditChainHead.objects.filter(pk=1).update(count=F("count") + 1, last_event_id=…,
    # last_hash=…) without the ORM's compiling (issue 17, third round).
    with connection.cursor() as cursor:
        cursor.execute(_ADVANCE_SQL, [event.pk, event.hash])
        updated = cursor.rowcount
    if not updated:  # the first event ever (or after a test flush)
        AuditChainHead.objects.create(pk=1, count=AuditEvent.objects.count(),
                                      last_event_id=event.pk, last_hash=event.hash)


def recorded_head() -> AuditChainHead | None:
    return AuditChainHead.objects.filter(pk=1).first()


def head_disagrees(head: AuditChainHead | None, checked: int, last_hash: str) -> str:
    """Compare a walked chain (`checked` events up to the head's newest, ending in
    `last_hash`) with the head; the problem in words, or "" when they agree."""
    if head is None:
        return "" if checked == 0 else _("the record of the chain's length is missing")
    if head.count != checked or (head.count and head.last_hash != last_hash):
        return _("%(count)s event(s) were recorded, the newest being event %(id)s, but "
                 "%(checked)s remain up to it: events were deleted (the newest ones, or the "
                 "table was emptied)") % {"count": head.count, "id": head.last_event_id,
                                          "checked": checked}
    return ""
