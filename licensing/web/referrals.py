"""Consultation on the web (docs/consultation.md): the agency reviewer's queue, advice,
questions and answers, referring and withdrawing, provisos, and the officer's criterion
assessments. Each view checks visibility (404) and leaves permission to the service (403);
a form with errors shows the request page again, with the errors, as HTTP 400."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from licensing import selectors
from licensing.errors import InvalidInput, ServiceError
from licensing.services import assessment as assessment_services
from licensing.services import consultation
from licensing.web import consultation_forms as cforms
from licensing.web import request_pages


@require_GET
@login_required
def referral_queue(http_request):
    """The agency reviewer's home: his body's referrals, oldest due first."""
    user = http_request.user
    if not (policy.is_agency_reviewer(user) or policy.sees_every_referral(user)):
        raise PermissionDenied(_("Consultations are for consulted bodies and officials."))
    referrals = list(selectors.reviewer_queue(user)[:500])
    return render(http_request, "consultation/queue.html", {"referrals": referrals})


def _back(pk, anchor="consultation"):
    return redirect(reverse("web:request-detail", args=[pk]) + f"#{anchor}")


def _again(http_request, pk, key, form, exc: ServiceError | None = None):
    """The request page again with this form's errors (HTTP 400, 403 or 409)."""
    if isinstance(exc, InvalidInput) and hasattr(form, "cleaned_data"):  # else: the message
        for field, errors in exc.field_errors.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    if exc is None:
        return request_pages._invalid(http_request, pk, key, form)
    return request_pages._failed(http_request, pk, key, form, exc)


@require_POST
@login_required
def advice(http_request, referral_id):
    user = http_request.user
    referral = selectors.get_visible_referral(user, referral_id)
    key = f"advice-{referral.pk}"
    form = cforms.AdviceForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _again(http_request, referral.request_id, key, form)
    submit = http_request.POST.get("save") != "draft"
    try:
        consultation.record_advice(actor=user, referral=referral,
                                   **form.service_arguments(submit=submit))
    except ServiceError as exc:
        return _again(http_request, referral.request_id, key, form, exc)
    messages.success(http_request, _("Advice given.") if submit else
                     _("Draft saved. Only your body sees it until you give the advice."))
    return _back(referral.request_id, f"referral-{referral.pk}")


@require_POST
@login_required
def question(http_request, referral_id):
    user = http_request.user
    referral = selectors.get_visible_referral(user, referral_id)
    key = f"question-{referral.pk}"
    form = cforms.QuestionForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _again(http_request, referral.request_id, key, form)
    try:
        consultation.ask_question(actor=user, referral=referral, text=form.cleaned_data["text"])
    except ServiceError as exc:
        return _again(http_request, referral.request_id, key, form, exc)
    messages.success(http_request, _("Question sent. The clock stops until it is answered."))
    return _back(referral.request_id, f"referral-{referral.pk}")


@require_POST
@login_required
def answer(http_request, referral_id, question_id):
    user = http_request.user
    referral = selectors.get_visible_referral(user, referral_id)
    found = referral.questions.filter(pk=question_id).first()
    if found is None:
        raise Http404("No such question.")
    key = f"answer-{found.pk}"
    form = cforms.AnswerForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _again(http_request, referral.request_id, key, form)
    try:
        consultation.answer_question(actor=user, question=found,
                                     answer=form.cleaned_data["answer"])
    except ServiceError as exc:
        return _again(http_request, referral.request_id, key, form, exc)
    messages.success(http_request, _("Answered. The referral's clock runs again."))
    return _back(referral.request_id, f"referral-{referral.pk}")


@require_POST
@login_required
def withdraw(http_request, referral_id):
    user = http_request.user
    referral = selectors.get_visible_referral(user, referral_id)
    key = f"withdraw-{referral.pk}"
    form = cforms.WithdrawForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _again(http_request, referral.request_id, key, form)
    try:
        consultation.withdraw_referral(actor=user, referral=referral,
                                       reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _again(http_request, referral.request_id, key, form, exc)
    messages.success(http_request, _("Referral withdrawn."))
    return _back(referral.request_id)


@require_POST
@login_required
def withdraw_proviso(http_request, proviso_id):
    user = http_request.user
    proviso = selectors.get_visible_proviso(user, proviso_id)
    pk = proviso.advice.referral.request_id
    key = f"proviso-{proviso.pk}"
    form = cforms.WithdrawForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _again(http_request, pk, key, form)
    try:
        consultation.withdraw_proviso(actor=user, proviso=proviso,
                                      reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _again(http_request, pk, key, form, exc)
    messages.success(http_request, _("Condition withdrawn."))
    return _back(pk, f"proviso-{proviso.pk}")


@require_POST
@login_required
def refer(http_request, pk):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    key = "add-referral"
    form = cforms.AddReferralForm(http_request.POST, prefix=key)
    try:
        if http_request.POST.get("refer") == "body":
            if not form.is_valid():
                return _again(http_request, pk, key, form)
            consultation.add_referral(actor=user, request=shipment_request,
                                      body=form.cleaned_data["body"],
                                      reason=form.cleaned_data["reason"])
        else:
            consultation.refer_to_required_bodies(actor=user, request=shipment_request)
    except ServiceError as exc:
        shown = form if hasattr(form, "cleaned_data") else cforms.AddReferralForm(prefix=key)
        return _again(http_request, pk, key, shown, exc)
    messages.success(http_request, _("Referred."))
    return _back(pk)


@require_POST
@login_required
def assess(http_request, pk):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.sees_every_case(user):
        raise Http404("No such request.")
    key = "assessment"
    form = cforms.AssessmentForm(http_request.POST, prefix=key, request=shipment_request)
    if not form.is_valid():
        return _again(http_request, pk, key, form)
    try:
        assessment_services.assess_criterion(actor=user, request=shipment_request,
                                             **form.service_arguments())
    except ServiceError as exc:
        return _again(http_request, pk, key, form, exc)
    messages.success(http_request, _("Assessment recorded."))
    return _back(pk, "assessment")
