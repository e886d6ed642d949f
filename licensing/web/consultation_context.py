"""What the request page's consultation and assessment sections show, for the user looking
(templates/requests/_consultation.html, _assessment.html). Used by the request page and by
the consultation views when they show a form again with its errors."""

from accounts import policy
from licensing import selectors
from licensing.models import Referral
from licensing.web import consultation_forms as cforms
from licensing.workflow.states import OPEN_STATUSES


def consultation_context(user, shipment_request, bound: dict | None = None) -> dict:
    bound = bound or {}
    if not (policy.sees_every_referral(user) or policy.is_agency_reviewer(user)):
        return {"consultation": None, "assessment": None}
    open_case = shipment_request.status in OPEN_STATUSES
    referrals = selectors.consultation_of(user, shipment_request)
    may_refer = policy.may_refer(user) and open_case
    groups = None
    for referral in referrals:
        own = policy.reviews_for(user, referral.body_id)
        referral.is_own = own
        referral.advice_form = referral.question_form = referral.withdraw_form = None
        if own and open_case and referral.is_open:
            advice = referral.shown
            initial = {} if advice is None else {
                "outcome": advice.outcome, "reasoning": advice.reasoning,
                "criteria": [c.code for c in advice.criteria.all()],
                "provisos": "\n".join(p.text for p in advice.provisos.all())}
            referral.advice_form = bound.get(f"advice-{referral.pk}") or cforms.AdviceForm(
                prefix=f"advice-{referral.pk}", initial=initial)
            referral.question_form = bound.get(f"question-{referral.pk}") or \
                cforms.QuestionForm(prefix=f"question-{referral.pk}")
            form = referral.advice_form
            selected = (form.data.getlist(form.add_prefix("criteria")) if form.is_bound
                        else initial.get("criteria", []))
            referral.picker = {"selected": selected, "name": form.add_prefix("criteria"),
                               "id": f"advice-criteria-{referral.pk}",
                               "errors": form.errors.get("criteria", [])}
            groups = groups or cforms.criterion_groups()
        if may_refer and not referral.mandatory and referral.is_open:
            referral.withdraw_form = bound.get(f"withdraw-{referral.pk}") or \
                cforms.WithdrawForm(prefix=f"withdraw-{referral.pk}")
        for question in referral.questions.all():
            question.answer_form = None
            if question.is_open and may_refer:
                key = f"answer-{question.pk}"
                question.answer_form = bound.get(key) or cforms.AnswerForm(prefix=key)
        provisos = list(referral.shown.provisos.all()) if referral.shown else []
        for proviso in provisos:
            proviso.withdraw_form = None
            if own and proviso.in_force and referral.shown.is_submitted:
                key = f"proviso-{proviso.pk}"
                proviso.withdraw_form = bound.get(key) or cforms.WithdrawForm(prefix=key)
        referral.proviso_list = provisos
    standing = [r for r in referrals if r.status != Referral.Status.WITHDRAWN]
    summary = {
        "total": len(standing),
        "consented": sum(1 for r in standing if r.consents),
        "objecting": sum(1 for r in standing if r.objects_to),
        "overdue": sum(1 for r in standing if r.status == Referral.Status.OVERDUE),
    }
    consultation = {
        "referrals": referrals, "summary": summary, "criteria_groups": groups,
        "may_refer": may_refer,
        "add_form": (bound.get("add-referral") or cforms.AddReferralForm(prefix="add-referral"))
        if may_refer else None,
        "overrides": list(shipment_request.consultation_overrides.select_related(
            "overridden_by")) if policy.sees_every_referral(user) else [],
    }
    assessment = None
    if policy.sees_every_case(user):
        may_assess = policy.may_assess_criteria(user) and open_case
        form = None
        if may_assess:
            form = bound.get("assessment") or cforms.AssessmentForm(
                prefix="assessment", request=shipment_request)
        assessments = list(selectors.assessments_of(shipment_request))
        assessed = {a.criterion.code for a in assessments}
        all_groups = cforms.criterion_groups()
        missing = [c.code for g in all_groups for c in g["criteria"]
                   if c.mandatory and c.code not in assessed]
        assessment = {
            "rows": assessments, "form": form, "groups": all_groups, "missing": missing,
            "selected": ([form.data.get(form.add_prefix("criterion"))]
                         if form is not None and form.is_bound else []),
            "criterion_errors": form.errors.get("criterion", []) if form is not None else [],
        }
    return {"consultation": consultation, "assessment": assessment}
