"""Use cases of the shipment request: drafting, submitting and the caseworkers' decisions.
Each transition's rules are its entry in licensing/workflow/transitions.py."""

from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import (
    AuditAction,
    Criterion,
    DecisionKind,
    EndUserCertificate,
    EndUserVerification,
    LineItem,
    Party,
    RequestStatus,
    ScreeningRun,
    SendBack,
    ShipmentRequest,
    Submission,
    TransitCountry,
)
from licensing.screening.checks.text import english, to_json
from licensing.screening.names.transliterate import search_key
from licensing.services import countersigning_rules
from licensing.services.audit import record_event
from licensing.services.clock import first_due_date, refresh_due_date
from licensing.services.consultation import refer_to_required_bodies
from licensing.services.notifications import notify_on_commit
from licensing.services.screening_runs import queue_screening
from licensing.workflow import engine

NESTED_FIELDS = ("parties", "items", "transit_countries", "end_user_certificate")
SCALAR_FIELDS = ("applicant_reference", "destination_country", "end_use")


def request_snapshot(request: ShipmentRequest) -> dict:
    """The request's contents as plain data, for the audit trail's before/after."""
    certificate = getattr(request, "end_user_certificate", None)
    return {
        "status": request.status,
        "applicant_reference": request.applicant_reference,
        "destination_country": str(request.destination_country),
        "end_use": request.end_use,
        "transit_countries": [str(t.country) for t in request.transit_countries.all()],
        "parties": [
            {"role": p.role, "name": p.name, "country": str(p.country), "address": p.address,
             "end_user_type": p.end_user_type,
             "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None}
            for p in request.parties.all()
        ],
        "items": [
            {"description": i.description, "control_category": i.control_category,
             "quantity": i.quantity, "unit": i.unit, "value": i.value, "currency": i.currency,
             "for_assembly_abroad": i.for_assembly_abroad}
            for i in request.items.all()
        ],
        "end_user_certificate": None if certificate is None else {
            "number": certificate.number,
            "issuing_country": str(certificate.issuing_country),
            "issuing_authority": certificate.issuing_authority,
            "issue_date": certificate.issue_date,
            "expiry_date": certificate.expiry_date,
            "non_reexport_clause": certificate.non_reexport_clause,
            "items": [{"control_category": c.control_category, "description": c.description,
                       "quantity": c.quantity} for c in certificate.items.all()],
        },
    }


def _require_drafter(actor, organisation_id=None):
    if not policy.may_draft_requests(actor):
        raise NotPermitted(_("Only an applicant may draft requests."))
    if organisation_id is not None and not policy.belongs_to(actor, organisation_id):
        raise NotPermitted(_("This request belongs to another organisation."))


def _check_reference_unique(organisation_id, reference, exclude_pk=None):
    clash = ShipmentRequest.objects.filter(
        organisation_id=organisation_id, applicant_reference=reference
    ).exclude(pk=exclude_pk)
    if clash.exists():
        raise InvalidInput({"applicant_reference": [
            _("Your organisation already has a request with this reference.")]})


def _replace_nested(request: ShipmentRequest, data: dict, *, new: bool = False) -> None:
    """Write the nested collections given (each replaces the old one). `new`: the request
    was created in this transaction, so there is nothing to delete. What is written is left
    in the instance's prefetch cache, so the audit snapshot that follows reads it without
    asking the database again (the bulk inserts return the rows' ids)."""
    cache = request.__dict__.setdefault("_prefetched_objects_cache", {})
    for name in NESTED_FIELDS:
        cache.pop(name, None)  # read from the database unless written below
    if "transit_countries" in data:
        if not new:
            request.transit_countries.all().delete()
        _keep(request, "transit_countries", TransitCountry.objects.bulk_create(
            TransitCountry(request=request, position=i, country=code)
            for i, code in enumerate(data["transit_countries"], start=1)))
    if "parties" in data:
        if not new:
            request.parties.all().delete()
        _keep(request, "parties", Party.objects.bulk_create(
            Party(request=request, search_key=search_key(party["name"]), **party)
            for party in data["parties"]))
    if "items" in data:
        if not new:
            request.items.all().delete()
        _keep(request, "items", LineItem.objects.bulk_create(
            LineItem(request=request, **item) for item in data["items"]))
    if "end_user_certificate" in data:
        if not new:
            EndUserCertificate.objects.filter(request=request).delete()
        certificate_data = data["end_user_certificate"]
        certificate = None
        if certificate_data:
            certificate_data = dict(certificate_data)
            covered = certificate_data.pop("items", [])
            certificate = EndUserCertificate.objects.create(request=request, **certificate_data)
            _as_stored([certificate])
            _keep(certificate, "items", certificate.items.bulk_create(
                certificate.items.model(certificate=certificate, **item) for item in covered))
        # The one-to-one may be cached on the instance from before the replacement.
        request._state.fields_cache["end_user_certificate"] = certificate


def _keep(instance, name: str, rows: list) -> None:
    """Leave the rows just inserted as `instance.<name>.all()`, as prefetch_related would."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = _as_stored(rows)
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _forget_kept(request: ShipmentRequest) -> None:
    """After the snapshot: the instance returned reads from the database again."""
    cache = request.__dict__.get("_prefetched_objects_cache", {})
    for name in NESTED_FIELDS:
        cache.pop(name, None)
    request._state.fields_cache.pop("end_user_certificate", None)


def _as_stored(rows: list) -> list:
    """The rows with each value as the database gives it back (a date given as a string, a
    decimal to its places), so what is kept in the cache reads as a fresh query would."""
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if value is None or field.primary_key or field.is_relation:
                continue
            value = field.to_python(value)
            if isinstance(field, DecimalField):
                value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
            setattr(row, field.attname, value)
    return rows


@transaction.atomic
def create_request(*, actor, data: dict, keep_written: bool = False) -> ShipmentRequest:
    """A new draft with everything given in one go (parties, items, route, certificate).
    `keep_written`: the rows written stay in the instance's prefetch cache and the audit
    event is left as `created_event`, for an answer built without reading them back
    (selectors.held_as_created); otherwise the instance reads from the database again."""
    _require_drafter(actor)
    _check_reference_unique(actor.organisation_id, data["applicant_reference"])
    request = ShipmentRequest.objects.create(
        organisation_id=actor.organisation_id,
        created_by=actor,
        **{field: data[field] for field in SCALAR_FIELDS},
    )
    _replace_nested(request, data, new=True)
    event = record_event(actor=actor, action=AuditAction.REQUEST_CREATED, obj=request,
                         request=request, after=request_snapshot(request))
    if keep_written:
        request.created_event = event
    else:
        _forget_kept(request)
    return request


@transaction.atomic
def update_draft(*, actor, request: ShipmentRequest, data: dict) -> ShipmentRequest:
    """Edit a draft. Each nested collection given replaces the old one entirely."""
    _require_drafter(actor, request.organisation_id)
    request = ShipmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.DRAFT:
        raise TransitionConflict(_("Only a draft can be edited."))
    if "applicant_reference" in data:
        _check_reference_unique(request.organisation_id, data["applicant_reference"], request.pk)
    before = request_snapshot(request)
    for field in SCALAR_FIELDS:
        if field in data:
            setattr(request, field, data[field])
    request.updated_at = timezone.now()
    request.save(update_fields=[*SCALAR_FIELDS, "updated_at"])
    _replace_nested(request, data)
    record_event(actor=actor, action=AuditAction.REQUEST_EDITED, obj=request, request=request,
                 before=before, after=request_snapshot(request))
    _forget_kept(request)
    return request


def transition_request(request, name, *, actor, action, reason="", reason_field=None,
                       inputs=None, method_arguments=None, after_extra=None):
    """Take one transition of the rulebook and audit it. With `reason_field`, a blank reason
    is refused (after state and permission, so the caller learns the most important
    problem first)."""
    engine.ensure_allowed(request, name, actor=actor)
    if reason_field and not (reason and reason.strip()):
        raise InvalidInput({reason_field: [_("This field is required.")]})
    before = {"status": request.status}
    engine.take(request, name, actor=actor, inputs=inputs, method_arguments=method_arguments)
    after = {"status": request.status, **(after_extra or {})}
    record_event(actor=actor, action=action, obj=request, request=request, before=before,
                 after=after, reason=reason)


def lock_request(request: ShipmentRequest, *, with_contents: bool = False,
                 for_answer: bool = False) -> ShipmentRequest:
    """The request as the database has it now, its row locked until the transaction ends:
    transitions are judged on that, and a second caller waits, then finds it changed.
    `with_contents`: also read what the submission guard judges (certificate, items,
    parties, documents), in the same query and three prefetches. `for_answer`: and the
    rest of what the request's detail shows but its history and organisation (licence,
    verification, route, the certificate's items, the screening runs), so the answer is
    built from these rows instead of read back after the commit."""
    queryset = ShipmentRequest.objects.select_for_update(of=("self",))
    if with_contents or for_answer:
        queryset = queryset.select_related("end_user_certificate").prefetch_related(
            "items", "parties", "documents")
    if for_answer:
        queryset = queryset.select_related("licence", "end_user_verification").prefetch_related(
            "transit_countries", "end_user_certificate__items",
            Prefetch("screening_runs", to_attr="held_screening_runs"))
    return queryset.get(pk=request.pk)


@transaction.atomic
def submit_request(*, actor, request: ShipmentRequest,
                   for_answer: bool = False) -> ShipmentRequest:
    """`for_answer`: the request returned also holds what its detail shows as of this
    transaction (lock_request), with the run queued here among `held_screening_runs` and
    the audit event written here as `submitted_event` (its id bounds the history read
    after the commit: events of other transactions come after it in the chain)."""
    request = lock_request(request, with_contents=True, for_answer=for_answer)
    before = {"status": request.status}
    now = timezone.now()
    first_submission = request.submitted_at is None
    # The clock runs from the first submission: a resubmission keeps it, and answers the
    # send-back the applicant owed. Set before the transition, which saves them with the
    # new status in one UPDATE (nothing is saved if a guard refuses).
    request.submitted_at = request.submitted_at or now
    request.last_submitted_at = now
    request.changes_requested = ""
    if first_submission:  # a fresh clock, never stopped: its due date is the target's
        request.clock_due_on = first_due_date(timezone.localdate(now))
    engine.take(request, "submit", actor=actor)
    # Before the first submission there are neither submissions nor send-backs.
    Submission.objects.create(request=request, submitted_by=actor, submitted_at=now,
                              number=1 if first_submission
                              else request.submissions.count() + 1)
    if not first_submission:
        SendBack.objects.filter(request=request, answered_at__isnull=True).update(
            answered_at=now)
    run = queue_screening(request=request, trigger=ScreeningRun.Trigger.SUBMISSION)
    if not first_submission:
        refresh_due_date(request)
    # Audited last in the transaction: the audit chain's lock (services/audit.py) is held
    # from the append to the commit, so the less follows it, the less others wait.
    event = record_event(actor=actor, action=AuditAction.REQUEST_SUBMITTED, obj=request,
                         request=request, before=before, after={"status": request.status})
    if for_answer:
        request.held_screening_runs = [run, *request.held_screening_runs]
        request.submitted_event = event
    return request


@transaction.atomic
def request_changes(*, actor, request: ShipmentRequest, message: str) -> ShipmentRequest:
    """Back to the applicant, who owes an answer: the case stays on the officials' queue
    as waiting for the applicant."""
    request = lock_request(request)
    transition_request(request, "request_changes", actor=actor,
                       action=AuditAction.REQUEST_CHANGES_REQUESTED, reason=message,
                       reason_field="message")
    request.changes_requested = message
    request.save(update_fields=["changes_requested"])
    SendBack.objects.create(request=request, message=message, sent_by=actor)
    refresh_due_date(request)
    notify_on_commit("request.changes_requested", request=request, reason=message)
    return request


@transaction.atomic
def withdraw_request(*, actor, request: ShipmentRequest, reason: str) -> ShipmentRequest:
    request = lock_request(request)
    transition_request(request, "withdraw", actor=actor, action=AuditAction.REQUEST_WITHDRAWN,
                       reason=reason, reason_field="reason")
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.decision_reason_parts = None  # a person's reason, not the system's
    request.save(update_fields=["decided_at", "decision_reason", "decision_reason_parts"])
    return request


def _criteria(codes) -> list[Criterion]:
    found = {c.code: c for c in Criterion.objects.filter(code__in=codes, is_active=True)}
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidInput({"criteria": [
            _("Unknown criterion: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    if not found:
        raise InvalidInput({"criteria": [_("Cite at least one criterion.")]})
    return list(found.values())


@transaction.atomic
def deny_request(*, actor, request: ShipmentRequest, reason, criteria: list[str],
                 evidence: dict | None = None) -> ShipmentRequest:
    """Deny, citing at least one criterion. `actor=None` is the system, which denies only
    on a prohibition finding and cites the rule and list entry in `evidence`, and words
    its `reason` as message parts (screening/checks/text.py) rather than a string."""
    request = lock_request(request)
    engine.ensure_allowed(request, "deny", actor=actor)
    if not reason or not str(reason).strip():
        raise InvalidInput({"reason": [_("Give the reason for the denial.")]})
    cited = _criteria(criteria)
    # The system's denial on a prohibition is never countersigned: the law decides it.
    rule = (countersigning_rules.rule_requiring(request, kind=DecisionKind.DENIAL)
            if actor is not None else None)
    returns_to = request.status
    transition_request(request, "deny", actor=actor,
                       action=(AuditAction.REQUEST_DENIED_BY_SYSTEM if actor is None
                               else AuditAction.REQUEST_DENIED if rule is None
                               else AuditAction.DECISION_AWAITING_COUNTERSIGNATURE),
                       reason=reason, method_arguments={"countersigned_later": rule is not None},
                       after_extra={"criteria": [c.code for c in cited],
                                    "evidence": evidence or {},
                                    **({"decision": DecisionKind.DENIAL,
                                        "countersigning_rule": rule.name} if rule else {})})
    if rule is not None:
        countersigning_rules.await_countersignature(
            actor=actor, request=request, rule=rule, kind=DecisionKind.DENIAL, reason=reason,
            inputs={"criteria": [c.code for c in cited]}, returns_to=returns_to)
        return request
    return apply_denial(request=request, decided_by=actor, reason=reason, criteria=cited)


def apply_denial(*, request, decided_by, reason, criteria) -> ShipmentRequest:
    """The denial takes effect: recorded on the request and told to the applicant. Called by
    the denial itself, or by the countersignature it waited for (inside its transaction).
    The system's reason comes as message parts: kept in English and as parts, so that
    pages and e-mails show it in the reader's language."""
    parts = None if isinstance(reason, str) else to_json(reason)
    request.decided_at = timezone.now()
    request.decided_by = decided_by
    request.decision_reason = reason if parts is None else english(reason)
    request.decision_reason_parts = parts
    request.save(update_fields=["decided_at", "decided_by", "decision_reason",
                                "decision_reason_parts"])
    request.decision_criteria.set(criteria)
    notify_on_commit("request.denied" if decided_by else "request.denied_by_system",
                     request=request, reason=request.decision_reason, reason_parts=parts)
    return request


@transaction.atomic
def verify_end_user(*, actor, request: ShipmentRequest, channel: str, reference: str,
                    verified_on, note: str = "") -> ShipmentRequest:
    if verified_on > timezone.localdate():
        raise InvalidInput({"verified_on": [
            _("The verification date cannot be in the future.")]})
    request = lock_request(request)
    transition_request(request, "verify_end_user", actor=actor,
                       action=AuditAction.REQUEST_END_USER_VERIFIED,
                       after_extra={"channel": channel, "reference": reference,
                                    "verified_on": verified_on})
    EndUserVerification.objects.create(request=request, channel=channel, reference=reference,
                                       verified_on=verified_on, note=note, verified_by=actor)
    # Referred at once to every body the routing rules name (unless the officer did so
    # earlier).
    refer_to_required_bodies(actor=actor, request=request)
    return request
