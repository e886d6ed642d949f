"""Celery tasks of the audit trail's proof (issue 12): the daily signed anchor, the
integrity check started from the auditor's screen, and retention of personal data."""

import logging

from celery import shared_task
from django.utils import timezone

from licensing.models import AuditChainCheck
from licensing.services.audit_verify import verify_audit_chain

logger = logging.getLogger(__name__)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=5, max_retries=5)
def anchor_audit_chain(reason: str = "") -> str:
    from licensing.services.audit_anchor import write_anchor

    anchor = write_anchor(reason=reason or "Scheduled anchor")
    logger.info("Audit chain anchored: %s (%s events)", anchor.name, anchor.event_count)
    return anchor.name


def run_chain_check(check_id: int) -> AuditChainCheck:
    """Run one requested check, recording progress on its row as it goes."""
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


@shared_task(acks_late=True)
def check_audit_chain(check_id: int) -> str:
    return run_chain_check(check_id).status


@shared_task(acks_late=True)
def erase_expired_personal_data() -> int:
    from licensing.services.retention import erase_expired_personal_data as erase

    return len(erase())
