"""Export halts: an approving authority declares one (scope, mode, dates, public reason) or
lifts it. Declaring bumps the list's version (so every screening is out of date) and, after
commit, a Celery task suspends the issued, unshipped licences in scope when the mode is
"deny" and re-screens everything open (the export-halt check then adds its findings).
Lifting is recorded and reinstates nothing: an approver reinstates each licence by hand."""

import logging
from datetime import date

from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django_countries import countries

from accounts.models import Role
from licensing.models import (
    AuditEvent,
    ControlCategory,
    ExportHalt,
    Finding,
    HaltOverride,
    Licence,
    LicenceItem,
    LicenceStatus,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.services.audit import record_event
from licensing.services.background import APPLY_EXPORT_HALT, enqueue
from licensing.services.errors import InvalidInput, NotPermitted, ServiceError, TransitionConflict
from licensing.services.reference import bump_list_version, schedule_continuous_screening

logger = logging.getLogger(__name__)


def halt_snapshot(halt: ExportHalt) -> dict:
    return {"title": halt.title, "mode": halt.mode,
            "control_categories": halt.control_categories, "destinations": halt.destinations,
            "valid_from": halt.valid_from, "valid_until": halt.valid_until,
            "public_reason": halt.public_reason, "lifted_at": halt.lifted_at,
            "lift_reason": halt.lift_reason}


def _require_approver(actor):
    if actor is None or not actor.has_role(Role.APPROVER):
        raise NotPermitted("Only an approving authority may declare or lift an export halt.")


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
    record_event(actor=actor, action="halt.declared", obj=halt, after=halt_snapshot(halt),
                 reason=halt.public_reason)
    enqueue(APPLY_EXPORT_HALT, halt.pk)
    return halt


@transaction.atomic
def lift_halt(*, actor, halt: ExportHalt, reason: str) -> ExportHalt:
    _require_approver(actor)
    if not (reason or "").strip():
        raise InvalidInput({"reason": ["Give the reason for lifting the halt."]})
    halt = ExportHalt.objects.select_for_update().get(pk=halt.pk)
    if halt.lifted_at is not None:
        raise TransitionConflict("This halt has already been lifted.")
    before = halt_snapshot(halt)
    halt.lifted_at = timezone.now()
    halt.lifted_by = actor
    halt.lift_reason = reason.strip()
    halt.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    bump_list_version(ExportHalt.LIST_NAME)
    record_event(actor=actor, action="halt.lifted", obj=halt, before=before,
                 after=halt_snapshot(halt), reason=halt.lift_reason)
    from licensing.services.reference import schedule_continuous_screening

    # Findings go away on the next screening; suspended licences stay suspended.
    schedule_continuous_screening(reason=f"export halt {halt.pk} lifted")
    return halt


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


def apply_export_halt(halt_id: int) -> dict:
    """Suspend the issued, unshipped licences in scope (mode "deny"), once the halt is in
    force; record that it was applied; then re-screen everything open. Idempotent: a
    suspended licence is left alone, and a halt already applied is not applied again."""
    halt = ExportHalt.objects.get(pk=halt_id)
    today = timezone.localdate()
    if not ExportHalt.in_force(today).filter(pk=halt_id).exists():
        return {"halt": halt_id, "applied": False, "suspended": []}
    if _already_applied(halt):
        return {"halt": halt_id, "applied": True, "suspended": []}
    suspended = []
    if halt.mode == ExportHalt.Mode.DENY:
        from licensing.services.licences import suspend_licence_by_system

        reason = (f"Export halt \"{halt.title}\" (no. {halt.pk}, in force from "
                  f"{halt.valid_from}): {halt.public_reason}")
        for licence in licences_in_scope(halt):
            try:
                suspend_licence_by_system(
                    licence=licence, reason=reason,
                    evidence={"rule": "export_halt", "halt_id": halt.pk, "mode": halt.mode,
                              "title": halt.title})
                suspended.append(licence.number)
            except ServiceError as exc:  # changed meanwhile (revoked, suspended by hand)
                logger.info("Halt %s: licence %s not suspended: %s", halt.pk, licence.number,
                            exc.message)
    with transaction.atomic():
        record_event(actor=None, action="halt.applied", obj=halt,
                     after={"suspended_licences": suspended, "mode": halt.mode})
        schedule_continuous_screening(reason=f"export halt {halt.pk} in force")
    return {"halt": halt_id, "applied": True, "suspended": suspended}


def _already_applied(halt: ExportHalt) -> bool:
    return AuditEvent.objects.filter(object_type="licensing.exporthalt",
                                     object_id=str(halt.pk), action="halt.applied").exists()


def halts_due_to_apply() -> list[int]:
    """Halts in force that have not been applied yet (declared for a later start date, or
    whose message was lost): the daily job applies them."""
    applied = set(AuditEvent.objects.filter(object_type="licensing.exporthalt",
                                            action="halt.applied")
                  .values_list("object_id", flat=True))
    return [pk for pk in ExportHalt.in_force().values_list("pk", flat=True)
            if str(pk) not in applied]


# --- halts and one request: guards and overrides ---

def halts_covering(request: ShipmentRequest, on: date | None = None,
                   categories: set[str] | None = None) -> list[ExportHalt]:
    destination = str(request.destination_country)
    if categories is None:
        categories = set(request.items.values_list("control_category", flat=True))
    return [halt for halt in ExportHalt.in_force(on)
            if any(halt.covers(control_category=c, destination=destination)
                   for c in categories)]


def overridden_halt_ids(request: ShipmentRequest) -> set[int]:
    return set(HaltOverride.objects.filter(request=request).values_list("halt_id", flat=True))


def record_overrides(*, actor, request: ShipmentRequest, reason: str) -> list[HaltOverride]:
    """Part of granting special approval: the approver's written reason to grant despite
    halts in "special approval only" mode. Records one override per such halt, clears the
    halts' findings with that reason, and audits each; runs in the grant's transaction, so
    a refused grant leaves no override behind."""
    from licensing.services.transitions import ensure_transition_allowed

    reason = (reason or "").strip()
    if not reason:
        return []
    ensure_transition_allowed(request, "grant_special_approval", actor=actor)
    halts = [h for h in halts_covering(request)
             if h.mode == ExportHalt.Mode.SPECIAL_APPROVAL_ONLY]
    if not halts:
        raise InvalidInput({"halt_override_reason": [
            "No export halt in \"special approval only\" mode covers this request."]})
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
            Finding.objects.filter(run=latest, check_name="export_halt", cleared_at__isnull=True,
                                   evidence__halt_id=halt.pk).update(
                cleared_by=actor, cleared_at=now,
                clearance_reason=f"Halt override by the approving authority: {reason}")
        record_event(actor=actor, action="halt.overridden", obj=override, request=request,
                     after={"halt_id": halt.pk, "halt": halt.title, "mode": halt.mode},
                     reason=reason)
    return overrides
