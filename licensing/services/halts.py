"""Export halts: an approving authority declares one (scope, mode, dates, public reason) or
lifts it. Declaring bumps the list's version (so every screening is out of date) and, once
the halt is in force, a Celery task applies it: in "deny" mode it puts every open request
in scope on hold (nothing is verified, approved or shipped while it lasts: the guards in
licensing/workflow/ read the halts in force) and suspends the issued, unshipped licences;
then it re-screens everything open. A halt never denies: denial stays an official's
decision. Lifting releases what it held: held requests carry on from where they were, and
the licences it suspended are reinstated unless another halt still covers them."""

import logging
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_countries import countries

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted, ServiceError, TransitionConflict
from licensing.models import (
    AuditAction,
    AuditEvent,
    ControlCategory,
    ExportHalt,
    Finding,
    HaltOverride,
    Licence,
    LicenceItem,
    LicenceStatus,
    LineItem,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.screening.checks.text import T
from licensing.services.audit import record_event
from licensing.services.background import APPLY_EXPORT_HALT, enqueue
from licensing.services.licences import reinstate_licence_by_system, suspend_licence_by_system
from licensing.services.open_findings import recount_open_findings
from licensing.services.reference import bump_list_version, schedule_continuous_screening
from licensing.workflow import engine, holds
from licensing.workflow.states import OPEN_STATUSES

logger = logging.getLogger(__name__)


def halt_snapshot(halt: ExportHalt) -> dict:
    return {"title": halt.title, "mode": halt.mode,
            "control_categories": halt.control_categories, "destinations": halt.destinations,
            "valid_from": halt.valid_from, "valid_until": halt.valid_until,
            "public_reason": halt.public_reason, "lifted_at": halt.lifted_at,
            "lift_reason": halt.lift_reason}


def _require_approver(actor):
    if not policy.may_declare_halts(actor):
        raise NotPermitted(_("Only an approving authority may declare or lift an export "
                             "halt."))


def _validate(*, title, control_categories, destinations, mode, valid_from, valid_until,
              public_reason) -> dict:
    errors: dict[str, list[str]] = {}
    if not (title or "").strip():
        errors["title"] = ["Give the halt a title."]
    if not (public_reason or "").strip():
        errors["public_reason"] = ["Give the public reason for the halt."]
    if mode not in ExportHalt.Mode.values:
        errors["mode"] = [f"Choose one of: {', '.join(ExportHalt.Mode.values)}."]
    unknown = sorted(set(control_categories) - set(ControlCategory.values))
    if unknown:
        errors["control_categories"] = [f"Unknown control categories: {', '.join(unknown)}."]
    codes = [str(c).upper() for c in destinations]
    bad = sorted(c for c in codes if c not in countries)
    if bad:
        errors["destinations"] = [f"Unknown country codes: {', '.join(bad)}."]
    if valid_until is not None and valid_until < max(valid_from, timezone.localdate()):
        errors["valid_until"] = ["The halt must end on or after its start and today."]
    if errors:
        raise InvalidInput(errors)
    return {"control_categories": sorted(set(control_categories)),
            "destinations": sorted(set(codes))}


@transaction.atomic
def declare_halt(*, actor, title: str, mode: str, public_reason: str, valid_from: date,
                 control_categories: list[str] | None = None,
                 destinations: list[str] | None = None,
                 valid_until: date | None = None) -> ExportHalt:
    _require_approver(actor)
    scope = _validate(title=title, control_categories=control_categories or [],
                      destinations=destinations or [], mode=mode, valid_from=valid_from,
                      valid_until=valid_until, public_reason=public_reason)
    halt = ExportHalt.objects.create(title=title.strip(), mode=mode, valid_from=valid_from,
                                     valid_until=valid_until,
                                     public_reason=public_reason.strip(), declared_by=actor,
                                     **scope)
    bump_list_version(ExportHalt.LIST_NAME)
    record_event(actor=actor, action=AuditAction.HALT_DECLARED, obj=halt, after=halt_snapshot(halt),
                 reason=halt.public_reason)
    enqueue(APPLY_EXPORT_HALT, halt.pk)
    return halt


@transaction.atomic
def lift_halt(*, actor, halt: ExportHalt, reason: str) -> ExportHalt:
    _require_approver(actor)
    if not (reason or "").strip():
        raise InvalidInput({"reason": [_("Give the reason for lifting the halt.")]})
    halt = ExportHalt.objects.select_for_update().get(pk=halt.pk)
    if halt.lifted_at is not None:
        raise TransitionConflict(_("This halt has already been lifted."))
    before = halt_snapshot(halt)
    halt.lifted_at = timezone.now()
    halt.lifted_by = actor
    halt.lift_reason = reason.strip()
    halt.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    bump_list_version(ExportHalt.LIST_NAME)
    released = _release(halt)
    record_event(actor=actor, action=AuditAction.HALT_LIFTED, obj=halt, before=before,
                 after={**halt_snapshot(halt), **released}, reason=halt.lift_reason)
    schedule_continuous_screening(reason=f"export halt {halt.pk} lifted")
    return halt


def _applied_event(halt: ExportHalt) -> AuditEvent | None:
    return (AuditEvent.objects.filter(object_type="licensing.exporthalt",
                                      object_id=str(halt.pk), action=AuditAction.HALT_APPLIED)
            .order_by("id").first())


def _release(halt: ExportHalt) -> dict:
    """Undo what the halt did (in the lift's transaction): each request it held is
    released, and each licence it suspended is reinstated, unless another halt in force
    still holds it. Requests carry on from the state they were in."""
    applied = _applied_event(halt)
    if applied is None or halt.mode != ExportHalt.Mode.DENY:
        return {"released_requests": [], "reinstated_licences": []}
    held_ids = (applied.after or {}).get("held_requests", [])
    released = []
    for request in ShipmentRequest.objects.filter(pk__in=held_ids):
        if holds.holding_halts(request):
            continue
        record_event(actor=None, action=AuditAction.REQUEST_RELEASED, obj=request,
                     request=request, after={"halt_id": halt.pk, "status": request.status},
                     reason=T(gettext_noop("Export halt “%(title)s” lifted."), title=halt.title))
        released.append(request.pk)
    reinstated = []
    suspended_ids = (applied.after or {}).get("suspended_licence_ids", [])
    for licence in Licence.objects.filter(pk__in=suspended_ids,
                                          status=LicenceStatus.SUSPENDED):
        if holds.holding_halts(licence.request):
            continue
        reinstate_licence_by_system(
            licence=licence,
            reason=T(gettext_noop("Export halt “%(title)s” lifted."), title=halt.title),
            evidence={"rule": "export_halt", "halt_id": halt.pk})
        reinstated.append(licence.number)
    return {"released_requests": released, "reinstated_licences": reinstated}


# --- applying a halt (Celery) ---

def licences_in_scope(halt: ExportHalt):
    """Issued licences of requests not yet fully shipped with an item in the halt's scope
    that still has something left to ship."""
    items = LicenceItem.objects.filter(licence=OuterRef("pk"),
                                       approved_quantity__gt=F("shipped_quantity"))
    if halt.control_categories:
        items = items.filter(line_item__control_category__in=halt.control_categories)
    licences = Licence.objects.filter(status=LicenceStatus.ISSUED,
                                      request__status=RequestStatus.SPECIAL_APPROVAL)
    if halt.destinations:
        licences = licences.filter(request__destination_country__in=halt.destinations)
    return licences.filter(Exists(items)).select_related("request")


def requests_in_scope(halt: ExportHalt):
    """Open requests (being decided) with an item in the halt's scope."""
    requests = ShipmentRequest.objects.filter(status__in=OPEN_STATUSES)
    if halt.destinations:
        requests = requests.filter(destination_country__in=halt.destinations)
    items = LineItem.objects.filter(request=OuterRef("pk"))
    if halt.control_categories:
        items = items.filter(control_category__in=halt.control_categories)
    return requests.filter(Exists(items))


@dataclass(frozen=True)
class HaltImpact:
    """What declaring a halt would do today: shown to the approver before he confirms."""

    held_requests: list
    suspended_licences: list


def halt_impact(*, mode: str, control_categories=(), destinations=(),
                **declaration) -> HaltImpact:
    """`declaration` are the other fields of `declare_halt`: checked as declaring would."""
    if declaration:
        _validate(mode=mode, control_categories=list(control_categories),
                  destinations=list(destinations), **declaration)
    if mode != ExportHalt.Mode.DENY:
        return HaltImpact([], [])
    halt = ExportHalt(mode=mode, control_categories=sorted(set(control_categories)),
                      destinations=sorted({str(c).upper() for c in destinations}))
    return HaltImpact(
        held_requests=list(requests_in_scope(halt).select_related("organisation")
                           .order_by("submitted_at", "pk")),
        suspended_licences=list(licences_in_scope(halt).order_by("issued_at", "pk")))


def apply_export_halt(halt_id: int) -> dict:
    """Once the halt is in force, in "deny" mode: hold the open requests in scope and
    suspend the issued, unshipped licences; record that it was applied; then re-screen
    everything open. Idempotent: a suspended licence is left alone, and a halt already
    applied is not applied again."""
    halt = ExportHalt.objects.get(pk=halt_id)
    today = timezone.localdate()
    if not ExportHalt.in_force(today).filter(pk=halt_id).exists():
        return {"halt": halt_id, "applied": False, "suspended": [], "held": []}
    if _already_applied(halt):
        return {"halt": halt_id, "applied": True, "suspended": [], "held": []}
    suspended, suspended_ids, held = [], [], []
    if halt.mode == ExportHalt.Mode.DENY:
        # message parts: the events and e-mails read in each reader's language
        reason = T(gettext_noop("Export halt “%(title)s” (no. %(id)s, in force from "
                                "%(start)s): %(reason)s"),
                   title=halt.title, id=halt.pk, start=str(halt.valid_from),
                   reason=halt.public_reason)
        for licence in licences_in_scope(halt):
            try:
                suspend_licence_by_system(
                    licence=licence, reason=reason,
                    evidence={"rule": "export_halt", "halt_id": halt.pk, "mode": halt.mode,
                              "title": halt.title})
                suspended.append(licence.number)
                suspended_ids.append(licence.pk)
            except ServiceError as exc:  # changed meanwhile (revoked, suspended by hand)
                logger.info("Halt %s: licence %s not suspended: %s", halt.pk, licence.number,
                            exc.message)
        with transaction.atomic():
            for request in requests_in_scope(halt):
                record_event(actor=None, action=AuditAction.REQUEST_HELD, obj=request,
                             request=request, after={"halt_id": halt.pk,
                                                     "status": request.status},
                             reason=reason)
                held.append(request.pk)
    with transaction.atomic():
        record_event(actor=None, action=AuditAction.HALT_APPLIED, obj=halt,
                     after={"suspended_licences": suspended,
                            "suspended_licence_ids": suspended_ids,
                            "held_requests": held, "mode": halt.mode})
        schedule_continuous_screening(reason=f"export halt {halt.pk} in force")
    return {"halt": halt_id, "applied": True, "suspended": suspended, "held": held}


def _already_applied(halt: ExportHalt) -> bool:
    return AuditEvent.objects.filter(object_type="licensing.exporthalt",
                                     object_id=str(halt.pk),
                                     action=AuditAction.HALT_APPLIED).exists()


def halts_due_to_apply() -> list[int]:
    """Halts in force that have not been applied yet (declared for a later start date, or
    whose message was lost): the daily job applies them."""
    applied = set(AuditEvent.objects.filter(object_type="licensing.exporthalt",
                                            action=AuditAction.HALT_APPLIED)
                  .values_list("object_id", flat=True))
    return [pk for pk in ExportHalt.in_force().values_list("pk", flat=True)
            if str(pk) not in applied]


# --- halts and one request: guards and overrides ---

def record_overrides(*, actor, request: ShipmentRequest, reason: str) -> list[HaltOverride]:
    """Part of granting special approval: the approver's written reason to grant despite
    halts in "special approval only" mode. Records one override per such halt, clears the
    halts' findings with that reason, and audits each; runs in the grant's transaction, so
    a refused grant leaves no override behind."""
    reason = (reason or "").strip()
    if not reason:
        return []
    engine.ensure_allowed(request, "grant_special_approval", actor=actor)
    halts = [h for h in holds.halts_covering(request)
             if h.mode == ExportHalt.Mode.SPECIAL_APPROVAL_ONLY]
    if not halts:
        raise InvalidInput({"halt_override_reason": [
            _("No export halt in “special approval only” mode covers this request.")]})
    overrides = []
    now = timezone.now()
    latest = request.screening_runs.filter(status=ScreeningRun.Status.COMPLETED).order_by(
        "-finished_at", "-id").first()
    for halt in halts:
        override, created = HaltOverride.objects.get_or_create(
            halt=halt, request=request,
            defaults={"reason": reason, "granted_by": actor, "granted_at": now})
        if not created:
            continue
        overrides.append(override)
        if latest is not None:
            Finding.objects.open().filter(run=latest, check_name="export_halt",
                                          evidence__halt_id=halt.pk).update(
                cleared_by=actor, cleared_at=now,
                clearance_reason=_("Halt override by the approving authority: %(reason)s")
                % {"reason": reason})
        record_event(actor=actor, action=AuditAction.HALT_OVERRIDDEN, obj=override, request=request,
                     after={"halt_id": halt.pk, "halt": halt.title, "mode": halt.mode},
                     reason=reason)
    if overrides and latest is not None:
        recount_open_findings(request.pk)
    return overrides
