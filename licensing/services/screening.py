"""Running screening: recording a run, executing the checks, acting on prohibitions,
clearing findings, and the sweep that finds runs whose message was lost."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import (
    AuditAction,
    Finding,
    LicenceStatus,
    RequestStatus,
    ScreeningRun,
    Severity,
    ShipmentRequest,
)
from licensing.models.requests import OPEN_STATUSES
from licensing.reference_data import current_list_versions, load_reference_snapshot
from licensing.screening.checks import run_checks
from licensing.screening.checks.text import T, from_json, join
from licensing.screening.subject import (
    ScreenedCertificate,
    ScreenedItem,
    ScreenedParty,
    ScreeningSubject,
)
from licensing.services.audit import record_event
from licensing.services.licences import suspend_licence_by_system
from licensing.services.open_findings import recount_open_findings
from licensing.services.requests import deny_request
from licensing.services.screening_runs import queue_screening, send_screening

logger = logging.getLogger(__name__)

LICENCE_STATUSES_SCREENED = (LicenceStatus.ISSUED, LicenceStatus.SUSPENDED)


def _screenable(status: str, licence_status: str | None) -> bool:
    """`screenable_requests()` for one request whose status and licence status are known."""
    return status in OPEN_STATUSES or (status == RequestStatus.SPECIAL_APPROVAL
                                       and licence_status in LICENCE_STATUSES_SCREENED)


def screenable_requests():
    """Open requests, and requests whose licence still allows shipments."""
    return ShipmentRequest.objects.filter(
        Q(status__in=OPEN_STATUSES)
        | Q(status=RequestStatus.SPECIAL_APPROVAL, licence__status__in=LICENCE_STATUSES_SCREENED)
    )


# --- building the plain data the checks read ---

def build_subject(request: ShipmentRequest) -> ScreeningSubject:
    certificate = getattr(request, "end_user_certificate", None)
    return ScreeningSubject(
        request_id=request.pk,
        organisation_name=request.organisation.name,
        organisation_country=str(request.organisation.country),
        destination_country=str(request.destination_country),
        transit_countries=tuple(str(t.country) for t in request.transit_countries.all()),
        parties=tuple(
            ScreenedParty(role=p.role, name=p.name, country=str(p.country),
                          end_user_type=p.end_user_type, party_id=p.pk,
                          birth_date=p.date_of_birth.isoformat() if p.date_of_birth else "")
            for p in request.parties.all()
        ),
        items=tuple(
            ScreenedItem(description=i.description, control_category=i.control_category,
                         quantity=i.quantity, for_assembly_abroad=i.for_assembly_abroad,
                         item_id=i.pk)
            for i in request.items.all()
        ),
        certificate=None if certificate is None else ScreenedCertificate(
            number=certificate.number,
            issuing_country=str(certificate.issuing_country),
            issue_date=certificate.issue_date,
            expiry_date=certificate.expiry_date,
            non_reexport_clause=certificate.non_reexport_clause,
            quantities=tuple((c.control_category, c.quantity) for c in certificate.items.all()),
        ),
        on=timezone.localdate(),
    )


# --- executing a run ---

def mark_run_started(run_id: int) -> bool:
    """Note the attempt in its own statement (committed at once), so the sweep can tell a
    run that died. Returns False when there is nothing to do (already completed); raises
    ScreeningRun.DoesNotExist for a run that is not there. One UPDATE: the row lock it takes
    and PostgreSQL's re-check of the WHERE clause do what SELECT … FOR UPDATE did."""
    started = ScreeningRun.objects.filter(pk=run_id).exclude(
        status=ScreeningRun.Status.COMPLETED
    ).update(status=ScreeningRun.Status.RUNNING, started_at=timezone.now(),
             attempts=F("attempts") + 1)
    if started:
        return True
    if not ScreeningRun.objects.filter(pk=run_id).exists():
        raise ScreeningRun.DoesNotExist(f"Screening run {run_id} does not exist.")
    return False


def mark_run_failed(run_id: int, error: str) -> None:
    ScreeningRun.objects.filter(pk=run_id).exclude(
        status=ScreeningRun.Status.COMPLETED
    ).update(status=ScreeningRun.Status.FAILED, error=error[:2000])


@transaction.atomic
def execute_screening_run(run_id: int) -> ScreeningRun:
    """Run every check and store the findings; idempotent (a completed run is left alone).
    A prohibition denies an open request, or suspends its licence once issued."""
    # The run and its request locked as before; the request read with what the subject
    # and the register need (organisation, certificate, licence) in the same query.
    run = (ScreeningRun.objects.select_for_update(of=("self", "request"))
           .select_related("request__organisation", "request__end_user_certificate",
                           "request__licence")
           .get(pk=run_id))
    if run.status == ScreeningRun.Status.COMPLETED:
        return run
    request = run.request
    licence = getattr(request, "licence", None)
    licence_status = licence.status if licence is not None else None
    if not _screenable(request.status, licence_status):
        _complete(run, {}, note=f"Not screened: the request is {request.status}.")
        return run

    certificate = getattr(request, "end_user_certificate", None)
    prefetch_related_objects([request], "transit_countries", "parties", "items")
    if certificate is not None:
        prefetch_related_objects([certificate], "items")
    subject = build_subject(request)
    reference = load_reference_snapshot(
        subject, own=(request.organisation_id, request.status, licence_status))
    drafts = run_checks(subject, reference)
    previous = _previous_clearances(request, run)
    findings = []
    for draft in drafts:
        carried = previous.get(draft.fingerprint)
        findings.append(Finding(
            run=run, request=request, check_name=draft.check_name, severity=draft.severity,
            message=draft.message, message_parts=draft.parts, evidence=draft.evidence,
            fingerprint=draft.fingerprint,
            cleared_by_id=carried.cleared_by_id if carried else None,
            cleared_at=carried.cleared_at if carried else None,
            clearance_reason=carried.clearance_reason if carried else "",
        ))
    Finding.objects.bulk_create(findings)
    recount_open_findings(request.pk)
    _complete(run, reference.versions)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity.values}
    record_event(actor=None, action=AuditAction.SCREENING_COMPLETED, obj=run, request=request,
                 after={"trigger": run.trigger, "findings": counts,
                        "list_versions": reference.versions})
    _note_reopened_review(run, request, findings)
    prohibitions = [d for d in drafts if d.severity == Severity.PROHIBITION]
    if prohibitions:
        _act_on_prohibitions(request, prohibitions)
    return run


def _note_reopened_review(run, request, findings) -> None:
    """A re-run that finds something new and blocking on a request already past the
    officer's review (end user verified, licence issued) reopens that review: the findings
    must be cleared before special approval or the next shipment. Audited, so the timeline
    shows why the case is back on an officer's desk."""
    if request.status not in (RequestStatus.END_USER_VERIFIED,
                              RequestStatus.AWAITING_COUNTERSIGNATURE,
                              RequestStatus.SPECIAL_APPROVAL):
        return
    earlier = (request.screening_runs.filter(status=ScreeningRun.Status.COMPLETED)
               .exclude(pk=run.pk).order_by("-finished_at", "-id").first())
    seen = set(earlier.findings.values_list("fingerprint", flat=True)) if earlier else set()
    new = [f for f in findings if f.is_open and f.fingerprint not in seen]
    if new:
        record_event(actor=None, action=AuditAction.SCREENING_REVIEW_REOPENED, obj=run,
                     request=request,
                     after={"status": request.status, "trigger": run.trigger,
                            "findings": [{"check": f.check_name, "severity": f.severity,
                                          "message": f.message} for f in new]})


def _complete(run, versions, note=""):
    run.status = ScreeningRun.Status.COMPLETED
    run.finished_at = timezone.now()
    run.list_versions = versions
    run.error = note
    run.save(update_fields=["status", "finished_at", "list_versions", "error"])


def _previous_clearances(request, run) -> dict[str, Finding]:
    """Clearances given on the latest earlier run, by fingerprint: an officer's judgement
    on exactly the same finding stands; anything new needs a fresh one."""
    earlier = (request.screening_runs.filter(status=ScreeningRun.Status.COMPLETED)
               .exclude(pk=run.pk).order_by("-finished_at", "-id").first())
    if earlier is None:
        return {}
    return {f.fingerprint: f for f in earlier.findings.filter(cleared_at__isnull=False)}


def _act_on_prohibitions(request, prohibitions):
    first = prohibitions[0]
    # Worded as message parts, so the stored reason reads in each reader's language.
    reason = T(gettext_noop("Denied automatically by screening: %(findings)s"),
               findings=join([_finding_text(p) for p in prohibitions]))
    criteria = sorted({code for p in prohibitions for code in p.criteria}) or ["NAT-WAR"]
    evidence = {"rules": [p.evidence for p in prohibitions]}
    if request.status in OPEN_STATUSES:
        deny_request(actor=None, request=request, reason=reason, criteria=criteria,
                     evidence=evidence)
    elif request.status == RequestStatus.SPECIAL_APPROVAL:
        licence = request.licence
        if licence.status == LicenceStatus.ISSUED:
            suspend_licence_by_system(licence=licence,
                                      reason=T(gettext_noop("Screening: %(finding)s"),
                                               finding=_finding_text(first)),
                                      evidence=evidence)


def _finding_text(draft):
    """A finding's message as its parts (rendered when read), or its English if it has none."""
    return from_json(draft.parts) if draft.parts is not None else draft.message


# --- officers' decisions on findings ---

# Re-screening (continuous screening) can raise new findings after the end user was verified
# or the licence issued; an officer clears them there too. Until then they block: special
# approval (guards.screening_finished_and_cleared) and, for an issued licence, recording
# shipments (guards.findings_cleared_since_licence).
CLEARABLE_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED,
                      RequestStatus.AWAITING_COUNTERSIGNATURE, RequestStatus.SPECIAL_APPROVAL)


@transaction.atomic
def clear_finding(*, actor, finding: Finding, reason: str) -> Finding:
    _check_may_clear(actor, reason)
    finding = Finding.objects.select_for_update().select_related("request").get(pk=finding.pk)
    finding = _clear(actor, finding, reason.strip())
    recount_open_findings(finding.request_id)
    return finding


@transaction.atomic
def clear_findings(*, actor, request: ShipmentRequest, finding_ids: list[int],
                   reason: str) -> list[Finding]:
    """Several findings of one request that share a cause, cleared with one reason: all or
    none, and one audit event per finding (each carries the shared reason)."""
    _check_may_clear(actor, reason)
    ids = sorted(set(finding_ids))
    if not ids:
        raise InvalidInput({"findings": [_("Choose the findings to clear.")]})
    findings = list(Finding.objects.select_for_update().select_related("request")
                    .filter(request=request, pk__in=ids).order_by("pk"))
    if len(findings) != len(ids):
        raise InvalidInput({"findings": [_("Some of these findings are not on this "
                                           "request.")]})
    cleared = [_clear(actor, finding, reason.strip(), together=len(findings))
               for finding in findings]
    recount_open_findings(request.pk)
    return cleared


def _check_may_clear(actor, reason):
    if not policy.may_clear_findings(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may clear "
                             "a finding."))
    if not reason or not reason.strip():
        raise InvalidInput({"reason": [_("Give the reason for clearing this finding.")]})


def _clear(actor, finding: Finding, reason: str, together: int = 1) -> Finding:
    if finding.severity == Severity.PROHIBITION:
        raise TransitionConflict(_("A prohibition cannot be cleared."))
    if finding.cleared_at is not None:
        raise TransitionConflict(_("This finding has already been cleared."))
    if finding.request.status not in CLEARABLE_STATUSES:
        raise TransitionConflict(_("Findings are cleared while the request is being decided "
                                   "or its licence is in use."))
    finding.cleared_by = actor
    finding.cleared_at = timezone.now()
    finding.clearance_reason = reason
    finding.save(update_fields=["cleared_by", "cleared_at", "clearance_reason"])
    after = {"check": finding.check_name, "severity": finding.severity,
             "message": finding.message}
    if together > 1:
        after["cleared_together_with"] = together - 1
    record_event(actor=actor, action=AuditAction.FINDING_CLEARED, obj=finding,
                 request=finding.request, after=after, reason=finding.clearance_reason)
    return finding


def screening_is_stale(request: ShipmentRequest) -> bool:
    latest = request.screening_runs.order_by("-queued_at", "-id").first()
    return latest is None or (latest.status == ScreeningRun.Status.COMPLETED
                              and latest.list_versions != current_list_versions())


def screen_now(*, request: ShipmentRequest, trigger: str) -> ScreeningRun:
    """Screen synchronously (before special approval when a list changed since)."""
    with transaction.atomic():
        run = ScreeningRun.objects.create(request=request, trigger=trigger)
        recount_open_findings(request.pk)  # the latest run has no findings yet
    mark_run_started(run.pk)
    return execute_screening_run(run.pk)


# --- the sweep and continuous screening ---

def sweep_unscreened_requests(*, older_than: timedelta | None = None) -> list[int]:
    """Send again every screening the database says is owed: a submitted request with no
    run, a run still queued (its message lost), running too long (its worker died) or
    failed. Returns the run ids sent. They are sent straight away, without an outbox row:
    the run row is what keeps them owed. After a broker outage a queued run may be sent by
    both this sweep and the outbox's; the second finds it completed."""
    if older_than is None:
        older_than = settings.SCREENING_QUEUED_GRACE
    now = timezone.now()
    stale_running = now - settings.SCREENING_STALE_AFTER
    owed = list(
        ScreeningRun.objects.filter(request__status__in=OPEN_STATUSES).filter(
            Q(status=ScreeningRun.Status.QUEUED, queued_at__lte=now - older_than)
            | Q(status=ScreeningRun.Status.RUNNING, started_at__lte=stale_running)
            | Q(status=ScreeningRun.Status.FAILED)
        ).values_list("pk", flat=True)
    )
    has_run = ScreeningRun.objects.filter(request=OuterRef("pk"))
    never_screened = ShipmentRequest.objects.filter(status__in=OPEN_STATUSES).exclude(
        Exists(has_run))
    for run_id in owed:
        send_screening(run_id)
    for request in never_screened:
        with transaction.atomic():  # sent on commit
            owed.append(queue_screening(request=request,
                                        trigger=ScreeningRun.Trigger.SUBMISSION).pk)
    if owed:
        logger.info("Sweep sent %d owed screening run(s)", len(owed))
    return owed


def queue_rescreening(*, request_ids: list[int], trigger: str) -> list[int]:
    """Record and send one run per request (continuous screening, in batches)."""
    runs = []
    for request in ShipmentRequest.objects.filter(pk__in=request_ids):
        with transaction.atomic():
            runs.append(queue_screening(request=request, trigger=trigger).pk)
    return runs
