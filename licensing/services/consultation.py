"""Consultation of the consulted bodies (docs/consultation.md): routing a request to the
bodies whose consent it needs, their advice and provisos, their questions to the officer
(which stop the referral's clock), and what their silence past the due date means.

Special approval reads the outcome through the rulebook's guard
(`guards.consultation_complete`); an override of it is recorded here."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import Organisation, OrganisationKind, SilencePolicy
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import (
    Advice,
    AuditAction,
    ConsultationOverride,
    Criterion,
    Licence,
    Proviso,
    Referral,
    ReferralQuestion,
    RoutingRule,
    ShipmentRequest,
)
from licensing.services import background
from licensing.services.audit import record_event
from licensing.services.clock import refresh_due_date
from licensing.services.notifications import notify_on_commit
from licensing.workflow.states import OPEN_STATUSES
from licensing.working_days import add_working_days, working_days_between

MAX_TEXT = 5000


# --- routing ---

def _request_profile(request: ShipmentRequest) -> dict:
    latest = request.screening_runs.order_by("-queued_at", "-id").first()
    return {
        "destination": str(request.destination_country),
        "categories": {item.control_category for item in request.items.all()},
        "end_user_types": {p.end_user_type for p in request.parties.all() if p.end_user_type},
        "value": sum((item.value or Decimal(0) for item in request.items.all()), Decimal(0)),
        "severities": set() if latest is None
        else set(latest.findings.values_list("severity", flat=True)),
    }


def rule_matches(rule: RoutingRule, profile: dict) -> bool:
    """Every condition the rule gives holds (an empty one holds always)."""
    if rule.destination_countries and profile["destination"] not in {
            c.upper() for c in rule.destination_countries}:
        return False
    if rule.control_categories and not profile["categories"] & set(rule.control_categories):
        return False
    if rule.end_user_types and not profile["end_user_types"] & set(rule.end_user_types):
        return False
    if rule.min_value is not None and profile["value"] < rule.min_value:
        return False
    return not (rule.finding_severities
                and not profile["severities"] & set(rule.finding_severities))


def required_bodies(request: ShipmentRequest) -> dict[Organisation, tuple[bool, list[str]]]:
    """The bodies the active routing rules name for this request: body -> (mandatory, the
    names of the rules that name it)."""
    profile = _request_profile(request)
    bodies: dict[Organisation, tuple[bool, list[str]]] = {}
    for rule in RoutingRule.objects.filter(is_active=True).select_related("body"):
        if rule_matches(rule, profile):
            mandatory, names = bodies.get(rule.body, (False, []))
            bodies[rule.body] = (mandatory or rule.mandatory, [*names, rule.name])
    return bodies


def _lock(request: ShipmentRequest) -> ShipmentRequest:
    return ShipmentRequest.objects.select_for_update().get(pk=request.pk)


def _require_open_case(request: ShipmentRequest) -> None:
    if request.status not in OPEN_STATUSES:
        raise TransitionConflict(_("Consultation happens while the request is being decided; "
                                   "this one is %(state)s.") % {
            "state": str(request.get_status_display()).lower()})


def _new_referral(*, actor, request, body, mandatory, grounds, today) -> Referral:
    referral = Referral.objects.filter(request=request, body=body).first()
    if referral is not None:
        if referral.status != Referral.Status.WITHDRAWN:
            return referral
        referral.status = Referral.Status.PENDING
        referral.withdrawn_at = referral.withdrawn_by = None
        referral.withdrawal_reason = ""
    else:
        referral = Referral(request=request, body=body)
    referral.mandatory = mandatory
    referral.grounds = grounds[:500]
    referral.silence_policy = body.silence_policy
    referral.referred_at = timezone.now()
    referral.referred_by = actor
    referral.due_on = add_working_days(today, body.referral_due_working_days)
    referral.overdue_since = None
    referral.save()
    record_event(actor=actor, action=AuditAction.REFERRAL_MADE, obj=referral, request=request,
                 after={"body": body.name, "due_on": referral.due_on,
                        "mandatory": mandatory, "grounds": referral.grounds})
    _notify(request, "referral.made", body_id=body.pk, referral=referral)
    return referral


def refer_to_required_bodies(*, actor, request: ShipmentRequest,
                             today: date | None = None) -> list[Referral]:
    """Refer the request at once to every body the routing rules name that it is not
    already referred to. Called when the end user is verified, or earlier by the officer.
    Safe to repeat. Call inside the caller's transaction, or alone."""
    if not policy.may_refer(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may refer a "
                             "case to the consulted bodies."))
    with transaction.atomic():
        request = _lock(request)
        _require_open_case(request)
        today = today or timezone.localdate()
        already = set(request.referrals.exclude(status=Referral.Status.WITHDRAWN)
                      .values_list("body_id", flat=True))
        made = []
        for body, (mandatory, rules) in required_bodies(request).items():
            if body.pk not in already:
                made.append(_new_referral(actor=actor, request=request, body=body,
                                          mandatory=mandatory, grounds="; ".join(rules),
                                          today=today))
        return made


@transaction.atomic
def add_referral(*, actor, request: ShipmentRequest, body: Organisation,
                 reason: str = "", today: date | None = None) -> Referral:
    """The officer refers the case to a body the rules did not name."""
    if not policy.may_refer(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may refer a "
                             "case to a consulted body."))
    request = _lock(request)
    _require_open_case(request)
    if body.kind != OrganisationKind.CONSULTED_BODY:
        raise InvalidInput({"body": [_("Choose a consulted body.")]})
    existing = request.referrals.filter(body=body).exclude(
        status=Referral.Status.WITHDRAWN).first()
    if existing is not None:
        raise InvalidInput({"body": [_("The case is already referred to %(body)s.") % {
            "body": body.name}]})
    grounds = _("Added by %(name)s") % {"name": actor.full_name or actor.email}
    if reason.strip():
        grounds += f": {reason.strip()}"
    return _new_referral(actor=actor, request=request, body=body, mandatory=False,
                         grounds=grounds, today=today or timezone.localdate())


@transaction.atomic
def withdraw_referral(*, actor, referral: Referral, reason: str) -> Referral:
    """The officer removes a referral no mandatory rule made, with a reason."""
    if not policy.may_refer(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may withdraw "
                             "a referral."))
    referral = Referral.objects.select_for_update().select_related("body", "request").get(
        pk=referral.pk)
    _require_open_case(referral.request)
    if referral.mandatory:
        raise TransitionConflict(_("The consent of %(body)s is mandatory for this case; its "
                                   "referral cannot be withdrawn.") % {
            "body": referral.body.name})
    if not referral.is_open:
        raise TransitionConflict(_("Only a referral still waiting for advice can be "
                                   "withdrawn."))
    if not reason or not reason.strip():
        raise InvalidInput({"reason": [_("Give the reason for withdrawing the referral.")]})
    referral.status = Referral.Status.WITHDRAWN
    referral.withdrawn_at = timezone.now()
    referral.withdrawn_by = actor
    referral.withdrawal_reason = reason.strip()
    referral.save(update_fields=["status", "withdrawn_at", "withdrawn_by",
                                 "withdrawal_reason"])
    Advice.objects.filter(referral=referral, submitted_at__isnull=True).delete()
    record_event(actor=actor, action=AuditAction.REFERRAL_WITHDRAWN, obj=referral,
                 request=referral.request, after={"body": referral.body.name},
                 reason=referral.withdrawal_reason)
    return referral


# --- advice ---

def _criteria(codes) -> list[Criterion]:
    codes = list(dict.fromkeys(codes or []))
    found = {c.code: c for c in Criterion.objects.filter(code__in=codes, is_active=True)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        raise InvalidInput({"criteria": [
            _("Unknown criterion: %(codes)s.") % {"codes": ", ".join(unknown)}]})
    return [found[c] for c in codes]


def _validate_advice(outcome, reasoning, criteria, provisos) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if outcome not in Advice.Outcome.values:
        errors["outcome"] = [_("Choose consent, consent with conditions or objection.")]
    if len(reasoning) > MAX_TEXT:
        errors["reasoning"] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    if outcome == Advice.Outcome.OBJECTION:
        if not criteria:
            errors["criteria"] = [_("An objection cites at least one criterion.")]
        if not reasoning:
            errors["reasoning"] = [_("An objection gives its reasoning.")]
    if outcome == Advice.Outcome.CONSENT_WITH_CONDITIONS and not provisos:
        errors["provisos"] = [_("Consent with conditions names at least one condition.")]
    if outcome != Advice.Outcome.CONSENT_WITH_CONDITIONS and provisos:
        errors["provisos"] = [_("Conditions go with consent with conditions.")]
    if any(len(p) > MAX_TEXT for p in provisos):
        errors.setdefault("provisos", []).append(
            _("A condition is at most %(n)d characters.") % {"n": MAX_TEXT})
    return errors


@transaction.atomic
def record_advice(*, actor, referral: Referral, outcome: str, reasoning: str = "",
                  criteria: list[str] | None = None, provisos: list[str] | None = None,
                  submit: bool = True) -> Advice:
    """A reviewer of the referred body records its advice: a draft (private to the body,
    `submit=False`, may be saved again) or the submitted advice, which is final."""
    referral = Referral.objects.select_for_update().select_related("body", "request").get(
        pk=referral.pk)
    if not policy.reviews_for(actor, referral.body_id):
        raise NotPermitted(_("Only a reviewer of %(body)s may give its advice.") % {
            "body": referral.body.name})
    _require_open_case(referral.request)
    if not referral.is_open:
        raise TransitionConflict(_("This referral is %(state)s; it takes no more advice.") % {
            "state": str(referral.get_status_display()).lower()})
    reasoning = (reasoning or "").strip()
    provisos = [" ".join(p.split()) for p in (provisos or []) if p and p.strip()]
    cited = _criteria(criteria)
    errors = _validate_advice(outcome, reasoning, cited, provisos) if submit else (
        {"outcome": [_("Choose consent, consent with conditions or objection.")]}
        if outcome not in Advice.Outcome.values else {})
    if errors:
        raise InvalidInput(errors)
    now = timezone.now()
    advice = Advice.objects.filter(referral=referral).first() or Advice(referral=referral)
    advice.outcome = outcome
    advice.reasoning = reasoning
    advice.drafted_by = actor
    advice.updated_at = now
    if submit:
        advice.submitted_by = actor
        advice.submitted_at = now
    advice.save()
    advice.criteria.set(cited)
    advice.provisos.all().delete()
    Proviso.objects.bulk_create(Proviso(advice=advice, body=referral.body, text=text)
                                for text in provisos)
    after = {"body": referral.body.name, "outcome": outcome,
             "criteria": [c.code for c in cited], "provisos": provisos}
    if submit:
        referral.status = Referral.Status.ADVICE_GIVEN
        referral.save(update_fields=["status"])
        record_event(actor=actor, action=AuditAction.ADVICE_GIVEN, obj=referral,
                     request=referral.request, after=after, reason=reasoning)
        _notify(referral.request, "advice.given", referral=referral)
    else:
        # A draft is the body's own: the trail records that it was saved, not what it says.
        record_event(actor=actor, action=AuditAction.ADVICE_DRAFTED, obj=referral,
                     request=referral.request, after={"body": referral.body.name})
    return advice


@transaction.atomic
def withdraw_proviso(*, actor, proviso: Proviso, reason: str) -> Proviso:
    """Only the body that set a proviso may withdraw it; on an issued licence this makes a
    new version of the licence document without it."""
    proviso = Proviso.objects.select_for_update().select_related(
        "body", "advice__referral__request").get(pk=proviso.pk)
    if not policy.reviews_for(actor, proviso.body_id):
        raise NotPermitted(_("Only %(body)s, which set this condition, may withdraw it.") % {
            "body": proviso.body.name})
    if proviso.withdrawn_at is not None:
        raise TransitionConflict(_("This condition has already been withdrawn."))
    if not reason or not reason.strip():
        raise InvalidInput({"reason": [_("Give the reason for withdrawing the condition.")]})
    proviso.withdrawn_at = timezone.now()
    proviso.withdrawn_by = actor
    proviso.withdrawal_reason = reason.strip()
    proviso.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    request = proviso.advice.referral.request
    record_event(actor=actor, action=AuditAction.PROVISO_WITHDRAWN, obj=proviso,
                 request=request, before={"text": proviso.text, "body": proviso.body.name},
                 reason=proviso.withdrawal_reason)
    if proviso.licence_id:
        background.enqueue(background.GENERATE_LICENCE_DOCUMENT, proviso.licence_id)
    return proviso


def provisos_in_force(request: ShipmentRequest):
    return (Proviso.objects.filter(advice__referral__request=request,
                                   advice__submitted_at__isnull=False,
                                   advice__referral__status=Referral.Status.ADVICE_GIVEN,
                                   withdrawn_at__isnull=True)
            .select_related("body"))


def attach_provisos(*, licence: Licence) -> int:
    """On the grant: the consents' provisos become the licence's conditions (each keeps
    its body). Inside the grant's transaction."""
    return provisos_in_force(licence.request).update(licence=licence)


# --- questions to the officer: the referral's clock stops ---

@transaction.atomic
def ask_question(*, actor, referral: Referral, text: str,
                 today: date | None = None) -> ReferralQuestion:
    referral = Referral.objects.select_for_update().select_related("body", "request").get(
        pk=referral.pk)
    if not policy.reviews_for(actor, referral.body_id):
        raise NotPermitted(_("Only a reviewer of %(body)s may ask on its behalf.") % {
            "body": referral.body.name})
    _require_open_case(referral.request)
    if not referral.is_open:
        raise TransitionConflict(_("This referral is no longer waiting for advice."))
    text = (text or "").strip()
    if not text:
        raise InvalidInput({"text": [_("Write the question.")]})
    if len(text) > MAX_TEXT:
        raise InvalidInput({"text": [_("At most %(n)d characters.") % {"n": MAX_TEXT}]})
    question = ReferralQuestion.objects.create(referral=referral, text=text, asked_by=actor,
                                               asked_on=today or timezone.localdate())
    record_event(actor=actor, action=AuditAction.REFERRAL_QUESTION_ASKED, obj=referral,
                 request=referral.request, after={"body": referral.body.name, "text": text})
    refresh_due_date(referral.request)
    _notify(referral.request, "referral.question_asked", referral=referral)
    return question


@transaction.atomic
def answer_question(*, actor, question: ReferralQuestion, answer: str,
                    today: date | None = None) -> ReferralQuestion:
    """The officer answers; the referral's due date moves on by the working days the
    question stood open."""
    if not policy.may_refer(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may answer "
                             "a consulted body's question."))
    question = ReferralQuestion.objects.select_for_update().get(pk=question.pk)
    if not question.is_open:
        raise TransitionConflict(_("This question has already been answered."))
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput({"answer": [_("Write the answer.")]})
    referral = Referral.objects.select_for_update().select_related("request", "body").get(
        pk=question.referral_id)
    today = today or timezone.localdate()
    stopped = working_days_between(question.asked_on, today)
    question.answer = answer
    question.answered_by = actor
    question.answered_on = today
    question.save(update_fields=["answer", "answered_by", "answered_on"])
    before = referral.due_on
    if stopped:
        referral.due_on = add_working_days(referral.due_on, stopped)
        referral.save(update_fields=["due_on"])
    record_event(actor=actor, action=AuditAction.REFERRAL_QUESTION_ANSWERED, obj=referral,
                 request=referral.request, before={"due_on": before},
                 after={"due_on": referral.due_on, "answer": answer})
    refresh_due_date(referral.request)
    _notify(referral.request, "referral.question_answered", body_id=referral.body_id,
            referral=referral)
    return question


# --- silence ---

def apply_silence(*, today: date | None = None) -> dict[str, int]:
    """The daily job: a pending referral past its due date, with no question waiting for
    the officer, takes its body's silence policy: deemed consent, or overdue and escalated
    to the approving authority. Each in its own transaction; safe to run twice."""
    today = today or timezone.localdate()
    counts = {"deemed_consent": 0, "overdue": 0}
    due = (Referral.objects.filter(status=Referral.Status.PENDING, due_on__lt=today,
                                   request__status__in=OPEN_STATUSES)
           .order_by("due_on", "pk").values_list("pk", flat=True))
    for referral_id in list(due):
        outcome = _apply_silence_to(referral_id, today)
        if outcome:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _apply_silence_to(referral_id: int, today: date) -> str | None:
    referral = Referral.objects.select_for_update().select_related("body", "request").get(
        pk=referral_id)
    if (referral.status != Referral.Status.PENDING or referral.due_on >= today
            or referral.questions.filter(answered_on__isnull=True).exists()):
        return None
    Advice.objects.filter(referral=referral, submitted_at__isnull=True).delete()
    if referral.silence_policy == SilencePolicy.DEEMED_CONSENT:
        referral.status = Referral.Status.DEEMED_CONSENT
        action, outcome = AuditAction.REFERRAL_DEEMED_CONSENT, "deemed_consent"
    else:
        referral.status = Referral.Status.OVERDUE
        action, outcome = AuditAction.REFERRAL_OVERDUE, "overdue"
    referral.overdue_since = today
    referral.save(update_fields=["status", "overdue_since"])
    record_event(actor=None, action=action, obj=referral, request=referral.request,
                 after={"body": referral.body.name, "due_on": referral.due_on,
                        "status": referral.status})
    _notify(referral.request, f"referral.{outcome}", referral=referral)
    return outcome


# --- the override at the grant ---

def record_override(*, actor, request: ShipmentRequest, reason: str,
                    unmet: list[str]) -> ConsultationOverride | None:
    """Inside the grant's transaction: the approver granted despite `unmet` (missing
    consents, standing objections) with a written reason. Nothing when nothing was unmet."""
    if not unmet:
        return None
    if not policy.may_override_consultation(actor):
        raise NotPermitted(_("Only an approving authority may override the consultation."))
    override = ConsultationOverride.objects.create(request=request, overridden_by=actor,
                                                   reason=reason.strip(), unmet=unmet)
    record_event(actor=actor, action=AuditAction.CONSULTATION_OVERRIDDEN, obj=request,
                 request=request, after={"unmet": unmet}, reason=reason.strip())
    return override


# --- notifications ---

def _notify(request, kind, *, referral, body_id=None):
    notify_on_commit(kind, request=request, referral=referral)
