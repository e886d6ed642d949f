"""Proving the audit trail on request: an auditor starts an integrity check (run by a
worker, with progress on its row) or asks for a new signed anchor. Both are queued through
the outbox, so a broker outage delays them but loses neither."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.errors import NotPermitted
from licensing.models import AuditAction, AuditChainCheck
from licensing.services.audit import record_event
from licensing.services.audit_verify import verify_audit_chain
from licensing.services.background import ANCHOR_AUDIT_CHAIN, CHECK_AUDIT_CHAIN, enqueue


def _require_audit_reader(actor):
    if not policy.may_read_audit_log(actor):
        raise NotPermitted(_("Only auditors may check the audit trail."))


@transaction.atomic
def request_chain_check(*, actor) -> AuditChainCheck:
    _require_audit_reader(actor)
    check = AuditChainCheck.objects.create(requested_by=actor)
    record_event(actor=actor, action=AuditAction.AUDIT_CHAIN_CHECK_REQUESTED, obj=check)
    enqueue(CHECK_AUDIT_CHAIN, check.pk)
    return check


@transaction.atomic
def request_anchor(*, actor, reason: str) -> None:
    """A new anchor, written by a worker (the signing key is the workers')."""
    _require_audit_reader(actor)
    enqueue(ANCHOR_AUDIT_CHAIN, reason)


def run_chain_check(check_id: int) -> AuditChainCheck:
    """Run one requested check (the worker's part), recording progress on its row as it
    goes. A redelivered message finds it run and does nothing."""
    updated = AuditChainCheck.objects.filter(
        pk=check_id, status=AuditChainCheck.Status.QUEUED).update(
        status=AuditChainCheck.Status.RUNNING, started_at=timezone.now())
    if not updated:  # already run (a redelivered message)
        return AuditChainCheck.objects.get(pk=check_id)

    def progress(checked, total):
        AuditChainCheck.objects.filter(pk=check_id).update(checked=checked, total=total)

    try:
        verdict = verify_audit_chain(progress=progress)
    except Exception as exc:
        AuditChainCheck.objects.filter(pk=check_id).update(
            status=AuditChainCheck.Status.FAILED, problem=repr(exc)[:2000],
            finished_at=timezone.now())
        raise
    AuditChainCheck.objects.filter(pk=check_id).update(
        status=(AuditChainCheck.Status.INTACT if verdict.intact
                else AuditChainCheck.Status.BROKEN),
        checked=verdict.checked, anchors_checked=verdict.anchors_checked,
        unsealed=verdict.unsealed, first_broken_id=verdict.first_broken_id,
        problem=verdict.problem, finished_at=timezone.now())
    return AuditChainCheck.objects.get(pk=check_id)


