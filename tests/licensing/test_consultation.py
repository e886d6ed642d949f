"""Consultation of the consulted bodies (docs/consultation.md), through the services:
routing, referrals and their due dates, advice and private drafts, questions that stop the
clock, silence, special approval needing the consents, provisos on the licence."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import SilencePolicy
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict, TransitionRefused
from licensing.models import (
    AuditAction,
    AuditEvent,
    ConsultationOverride,
    Referral,
    RoutingRule,
)
from licensing.services import consultation, special_approval
from licensing.services.licence_documents import document_context
from licensing.working_days import add_working_days
from tests import factories
from tests.licensing.licence_helpers import committed, eager_tasks  # noqa: F401

pytestmark = pytest.mark.django_db

THE_FOUR = {"Ministry of Foreign Affairs", "Ministry of Defence", "Ministry of the Interior",
            "Security Information Agency"}


def in_consultation(**overrides):
    return factories.verified_request(consulted=False, **overrides)


def referral_of(request, code) -> Referral:
    return request.referrals.get(body=factories.body(code))


# --- routing ---

def test_verifying_the_end_user_refers_an_arms_request_to_the_four_bodies_the_law_names():
    request = in_consultation()
    referrals = list(request.referrals.select_related("body"))
    assert {r.body.name for r in referrals} == THE_FOUR
    assert all(r.mandatory and r.status == Referral.Status.PENDING for r in referrals)
    assert AuditEvent.objects.filter(request=request,
                                     action=AuditAction.REFERRAL_MADE).count() == 4


def test_a_routing_rule_adds_the_national_security_council_for_its_category():
    RoutingRule.objects.create(name="Missiles go to the council", body=factories.body("council"),
                               control_categories=["ML4"])
    data = factories.request_data()
    missiles = data["items"][0] | {"control_category": "ML4"}
    certificate = data["end_user_certificate"] | {
        "items": [{"control_category": "ML4", "description": "", "quantity": 1_000_000}]}
    council = factories.body("council")
    assert request_bodies(in_consultation(items=[missiles], end_user_certificate=certificate)
                          ) == THE_FOUR | {council.name}
    assert request_bodies(in_consultation()) == THE_FOUR


def request_bodies(request) -> set[str]:
    return set(request.referrals.values_list("body__name", flat=True))


def test_a_rule_matches_only_when_every_condition_it_gives_holds():
    rule = RoutingRule(name="r", body=factories.body("council"), destination_countries=["PL"],
                       min_value=Decimal("1000000.00"))
    profile = {"destination": "PL", "categories": {"ML3"}, "end_user_types": set(),
               "value": 350000, "severities": set()}
    assert not consultation.rule_matches(rule, profile)
    assert consultation.rule_matches(rule, profile | {"value": 2_000_000})
    assert not consultation.rule_matches(rule, profile | {"value": 2_000_000,
                                                           "destination": "HU"})


def test_the_officer_may_refer_before_verification_and_verification_does_not_refer_twice():
    officer = factories.OfficerFactory()
    request = factories.submitted_request()
    consultation.refer_to_required_bodies(actor=officer, request=request)
    assert request.referrals.count() == 4
    factories.requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                       reference="N", verified_on=timezone.localdate())
    assert request.referrals.count() == 4


def test_the_due_date_counts_the_bodys_working_days_from_the_referral():
    defence = factories.body("defence")
    defence.referral_due_working_days = 5
    defence.save()
    request = factories.submitted_request()
    consultation.refer_to_required_bodies(actor=factories.OfficerFactory(), request=request,
                                          today=date(2026, 12, 4))  # a Friday
    assert referral_of(request, "defence").due_on == date(2026, 12, 11)
    assert referral_of(request, "interior").due_on == date(2026, 12, 25)  # 15 working days


def test_an_officer_adds_a_body_and_withdraws_it_with_a_reason_but_not_a_mandatory_one():
    officer = factories.OfficerFactory()
    request = in_consultation()
    added = consultation.add_referral(actor=officer, request=request,
                                      body=factories.body("council"), reason="Sensitive route")
    assert not added.mandatory
    with pytest.raises(InvalidInput) as missing_reason:
        consultation.withdraw_referral(actor=officer, referral=added, reason=" ")
    assert "reason" in missing_reason.value.field_errors
    consultation.withdraw_referral(actor=officer, referral=added, reason="Not needed after all")
    added.refresh_from_db()
    assert added.status == Referral.Status.WITHDRAWN
    with pytest.raises(TransitionConflict):
        consultation.withdraw_referral(actor=officer, referral=referral_of(request, "defence"),
                                       reason="Try")


# --- advice ---

def test_a_reviewer_gives_advice_only_for_his_own_body():
    request = in_consultation()
    defence = factories.reviewer_of("defence")
    with pytest.raises(NotPermitted):
        consultation.record_advice(actor=defence, referral=referral_of(request, "interior"),
                                   outcome="consent")
    with pytest.raises(NotPermitted):
        consultation.record_advice(actor=factories.OfficerFactory(),
                                   referral=referral_of(request, "defence"), outcome="consent")


def test_an_objection_cites_criteria_with_reasoning_and_conditions_come_with_consent():
    request = in_consultation()
    referral = referral_of(request, "defence")
    with pytest.raises(InvalidInput) as objection:
        factories.give_advice(referral, "objection")
    assert set(objection.value.field_errors) == {"criteria", "reasoning"}
    with pytest.raises(InvalidInput) as conditions:
        factories.give_advice(referral, "consent_with_conditions")
    assert set(conditions.value.field_errors) == {"provisos"}
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert not hasattr(referral, "advice") or referral.advice is None


def test_a_draft_stays_the_bodys_own_until_submitted_then_the_advice_is_final():
    request = in_consultation()
    referral = referral_of(request, "defence")
    reviewer = factories.reviewer_of("defence")
    draft = factories.give_advice(referral, "objection", reviewer=reviewer, submit=False)
    assert not draft.is_submitted
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    event = AuditEvent.objects.get(request=request, action=AuditAction.ADVICE_DRAFTED)
    assert "objection" not in str(event.after)  # the trail does not reveal the draft
    factories.give_advice(referral, "objection", reviewer=reviewer, criteria=["7"],
                          reasoning="Diversion risk through the transit route.")
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ADVICE_GIVEN
    assert referral.objects_to
    with pytest.raises(TransitionConflict):
        factories.give_advice(referral, "consent", reviewer=reviewer)


# --- questions stop the clock ---

def test_a_question_stops_the_referrals_clock_until_the_officer_answers():
    request = factories.submitted_request()
    consultation.refer_to_required_bodies(actor=factories.OfficerFactory(), request=request,
                                          today=date(2026, 12, 1))
    referral = referral_of(request, "defence")
    due = referral.due_on
    question = consultation.ask_question(actor=factories.reviewer_of("defence"),
                                         referral=referral, text="Who is the carrier?",
                                         today=date(2026, 12, 7))  # Monday
    # Silence is not applied while the officer owes an answer.
    assert consultation.apply_silence(today=date(2027, 2, 1)) == {"deemed_consent": 0,
                                                                  "overdue": 3}
    consultation.answer_question(actor=factories.OfficerFactory(), question=question,
                                 answer="A state carrier.", today=date(2026, 12, 10))
    referral.refresh_from_db()
    assert referral.status == Referral.Status.PENDING
    assert referral.due_on == add_working_days(due, 3)  # Tuesday to Thursday stood still


# --- silence (the daily job) ---

def test_silence_past_the_due_date_applies_each_bodys_policy(django_capture_on_commit_callbacks):
    foreign = factories.body("foreign_affairs")
    foreign.silence_policy = SilencePolicy.DEEMED_CONSENT
    foreign.save()
    request = factories.submitted_request()
    consultation.refer_to_required_bodies(actor=factories.OfficerFactory(), request=request,
                                          today=date(2026, 12, 1))
    due = referral_of(request, "defence").due_on
    assert consultation.apply_silence(today=due) == {"deemed_consent": 0, "overdue": 0}
    counts = consultation.apply_silence(today=date(2026, 12, 31))
    assert counts == {"deemed_consent": 1, "overdue": 3}
    assert referral_of(request, "foreign_affairs").status == Referral.Status.DEEMED_CONSENT
    assert referral_of(request, "defence").status == Referral.Status.OVERDUE
    assert consultation.apply_silence(today=date(2026, 12, 31)) == {"deemed_consent": 0,
                                                                    "overdue": 0}


@pytest.mark.django_db(transaction=True)
def test_the_daily_celery_task_applies_silence_and_tells_the_officials(eager_tasks):  # noqa: F811
    from licensing import tasks

    officer = factories.OfficerFactory(email="officer@authority.test")
    request = factories.submitted_request()
    consultation.refer_to_required_bodies(actor=officer, request=request,
                                          today=date(2026, 12, 1))
    mail.outbox.clear()
    result = tasks.apply_referral_silence.apply(args=["2026-12-31"]).get()
    assert result == {"deemed_consent": 0, "overdue": 4}
    to_the_officer = [m for m in mail.outbox
                      if "overdue" in m.subject and m.to == ["officer@authority.test"]]
    assert len(to_the_officer) == 4


# --- special approval needs the consents ---

def test_special_approval_is_refused_while_a_consent_is_missing():
    request = in_consultation()
    for code in ("foreign_affairs", "defence", "interior"):
        factories.give_advice(referral_of(request, code))
    with pytest.raises(TransitionRefused) as refused:
        special_approval.grant_special_approval(actor=factories.ApproverFactory(),
                                                request=request, reason="OK")
    assert any("Security Information Agency has not given its consent" in p
               for p in refused.value.problems)


def test_special_approval_is_refused_after_an_objection_and_allowed_with_a_written_override():
    request = in_consultation()
    for code in ("foreign_affairs", "interior", "security"):
        factories.give_advice(referral_of(request, code))
    factories.give_advice(referral_of(request, "defence"), "objection", criteria=["4", "7"],
                          reasoning="Regional stability.")
    approver = factories.ApproverFactory()
    with pytest.raises(TransitionRefused) as refused:
        special_approval.grant_special_approval(actor=approver, request=request, reason="OK")
    assert any("Ministry of Defence objects, citing 4, 7" in p for p in refused.value.problems)
    licence = special_approval.grant_special_approval(
        actor=approver, request=request, reason="OK",
        consultation_override_reason="The council decided the allied need prevails.")
    override = ConsultationOverride.objects.get(request=request)
    assert override.overridden_by == approver
    assert any("Ministry of Defence" in line for line in override.unmet)
    event = AuditEvent.objects.get(request=request, action=AuditAction.CONSULTATION_OVERRIDDEN)
    assert event.reason == "The council decided the allied need prevails."
    assert licence.request.status == "special_approval"


def test_a_grant_with_every_consent_records_no_override():
    request = factories.approved_request()
    assert request.status == "special_approval"
    assert not ConsultationOverride.objects.filter(request=request).exists()


# --- provisos ---

def test_a_proviso_becomes_a_licence_condition_only_its_body_may_withdraw():
    request = in_consultation()
    for code in ("foreign_affairs", "interior", "security"):
        factories.give_advice(referral_of(request, code))
    defence = factories.reviewer_of("defence")
    advice = factories.give_advice(referral_of(request, "defence"), "consent_with_conditions",
                                   reviewer=defence,
                                   provisos=["Delivery verified on site by the attaché."])
    licence = special_approval.grant_special_approval(actor=factories.ApproverFactory(),
                                                      request=request, reason="OK")
    proviso = advice.provisos.get()
    proviso.refresh_from_db()
    assert proviso.licence == licence
    conditions = document_context(licence, version=1)["conditions"]
    assert {"code": "", "text": "Delivery verified on site by the attaché.",
            "body": "Ministry of Defence"} in conditions
    for someone in (factories.reviewer_of("interior"), factories.ApproverFactory(),
                    factories.OfficerFactory()):
        with pytest.raises(NotPermitted):
            consultation.withdraw_proviso(actor=someone, proviso=proviso, reason="No")
    consultation.withdraw_proviso(actor=defence, proviso=proviso, reason="Attaché recalled")
    assert not any(c.get("body") for c in document_context(licence, version=2)["conditions"])
    assert AuditEvent.objects.filter(action=AuditAction.PROVISO_WITHDRAWN,
                                     request=request).count() == 1
