"""Case-working on the web: taking and assigning cases, clearing several findings with one
reason, internal notes, questions to the applicant and his answers, the reminders of the
case clock, and the end-user certificate register. Each action is one service call; every
view checks who may act (the service checks again)."""

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from accounts.models import User
from licensing import case_clock, selectors
from licensing.errors import InvalidInput, ServiceError
from licensing.models import (
    CaseAssignment,
    EndUserCertificate,
    EndUserCertificateItem,
    InformationRequest,
)
from licensing.screening.checks.certificates import certificate_number_key
from licensing.services import appeals, assignment, clock, notes
from licensing.services import screening as screening_services
from licensing.web.queries import page_of_rows


class AssignForm(django_forms.Form):
    officer = django_forms.TypedChoiceField(label=gettext_lazy("Assign to"), coerce=int)
    reason = django_forms.CharField(label=gettext_lazy("Reason (when it changes hands)"),
                                    required=False, widget=django_forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].choices = list(
            assignment.case_holders().values_list("pk", "email"))


class BulkClearForm(django_forms.Form):
    findings = django_forms.TypedMultipleChoiceField(label=gettext_lazy("Findings"), coerce=int)
    reason = django_forms.CharField(label=gettext_lazy("One reason for all selected findings"),
                                    widget=django_forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, finding_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = [(pk, str(pk)) for pk in finding_ids]


class NoteForm(django_forms.Form):
    text = django_forms.CharField(label=gettext_lazy("Internal note (never shown to the "
                                                     "applicant)"),
                                  widget=django_forms.Textarea(attrs={"rows": 3}))


class QuestionForm(django_forms.Form):
    question = django_forms.CharField(
        label=gettext_lazy("Question to the applicant (the clock stops until answered)"),
        widget=django_forms.Textarea(attrs={"rows": 3}))


class MultipleFileInput(django_forms.ClearableFileInput):
    allow_multiple_selected = True


class AppealForm(django_forms.Form):
    grounds = django_forms.CharField(label=gettext_lazy("Grounds of the appeal"),
                                     max_length=10000,
                                     widget=django_forms.Textarea(attrs={"rows": 4}))
    documents = django_forms.FileField(
        label=gettext_lazy("Supporting documents (PDF or images)"), required=False,
        widget=MultipleFileInput(attrs={"multiple": True}))


class AnswerForm(django_forms.Form):
    answer = django_forms.CharField(label=gettext_lazy("Your answer"),
                                    widget=django_forms.Textarea(attrs={"rows": 3}))


def casework_context(user, shipment_request) -> dict:
    """What the request page's case-working panel shows this user."""
    context = {"clock": None, "holder": None, "notes": [], "questions": [],
               "may_take": False, "assign_form": None}
    official = policy.sees_every_case(user)
    questions = list(shipment_request.information_requests.all())
    if official:
        context["clock"] = case_clock.clock_for(shipment_request)
        # The holder with the assignment, one query whether or not there is one.
        current = (CaseAssignment.objects.select_related("officer")
                   .filter(request_id=shipment_request.pk).first())
        context["holder"] = current.officer if current else None
        context["may_take"] = (policy.may_take_cases(user) and shipment_request.submitted_at
                               is not None and (current is None or
                                                policy.may_assign_cases(user))
                               and (current is None or current.officer_id != user.pk))
        context["may_release"] = current is not None and (
            current.officer_id == user.pk or policy.may_assign_cases(user))
        if policy.may_assign_cases(user) and shipment_request.submitted_at is not None:
            context["assign_form"] = AssignForm(prefix="assign")
        context["notes"] = list(notes.notes_for(user, shipment_request))
        context["note_form"] = (NoteForm(prefix="note")
                                if policy.may_write_internal_notes(user) else None)
        context["question_form"] = (QuestionForm(prefix="question")
                                    if policy.may_ask_applicant(user)
                                    and shipment_request.status in ("submitted",
                                                                    "end_user_verified")
                                    else None)
    context["appeals"] = list(shipment_request.appeals.select_related("decided_by")
                              .prefetch_related("documents"))
    for appeal in context["appeals"]:
        appeal.clock = appeals.appeal_clock(appeal)
    context["appeal_deadline"] = appeals.appeal_deadline(shipment_request)
    context["appeal_form"] = (AppealForm(prefix="appeal-lodge")
                              if appeals.may_appeal_now(user, shipment_request) else None)
    if official or policy.belongs_to(user, shipment_request.organisation_id):
        context["questions"] = questions
        if policy.belongs_to(user, shipment_request.organisation_id):
            for question in questions:
                question.answer_form = (AnswerForm(prefix=f"answer-{question.pk}")
                                        if question.is_open else None)
    return context


def _back(pk, anchor="casework"):
    return redirect(reverse("web:request-detail", args=[pk]) + f"#{anchor}")


def _complain(http_request, exc: ServiceError):
    if isinstance(exc, InvalidInput):
        details = " ".join(str(m) for ms in exc.field_errors.values() for m in ms)
        messages.error(http_request, _("Check the form: %(details)s") % {"details": details})
    else:
        messages.error(http_request, exc.message)


def _form_errors(http_request, form):
    details = " ".join(f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields
                       else " ".join(errors) for name, errors in form.errors.items())
    messages.error(http_request, _("Check the form: %(details)s") % {"details": details})


def _official_request(user, pk):
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.sees_every_case(user):
        raise Http404("No such request.")
    return shipment_request


@require_POST
@login_required
def take_case(http_request, pk):
    """Assign to me (from the queue or the case page)."""
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_take_cases(user):
        raise PermissionDenied(_("Only caseworkers take cases."))
    try:
        assignment.assign_case(actor=user, request=shipment_request, officer=user,
                               reason=http_request.POST.get("reason", ""))
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("The case is yours."))
    if http_request.POST.get("next") == "queue":
        return redirect(reverse("web:queue") + "?" + http_request.POST.get("query", ""))
    return _back(pk)


@require_POST
@login_required
def assign_case(http_request, pk):
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_assign_cases(user):
        raise PermissionDenied(_("Only an approving authority assigns cases to others."))
    form = AssignForm(http_request.POST, prefix="assign")
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk)
    try:
        assignment.assign_case(actor=user, request=shipment_request,
                               officer=User.objects.get(pk=form.cleaned_data["officer"]),
                               reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("Case assigned."))
    return _back(pk)


@require_POST
@login_required
def release_case(http_request, pk):
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_take_cases(user):
        raise PermissionDenied(_("Only caseworkers release cases."))
    try:
        assignment.release_case(actor=user, request=shipment_request,
                                reason=http_request.POST.get("reason", ""))
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("The case is unassigned again."))
    return _back(pk)


@require_POST
@login_required
def clear_findings(http_request, pk):
    """Several findings with one shared reason."""
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_clear_findings(user):
        raise PermissionDenied(_("Only caseworkers clear findings."))
    form = BulkClearForm(http_request.POST, prefix="bulk",
                         finding_ids=shipment_request.findings.values_list("pk", flat=True))
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk, "screening")
    try:
        cleared = screening_services.clear_findings(
            actor=user, request=shipment_request, finding_ids=form.cleaned_data["findings"],
            reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("%(count)d findings cleared.") % {"count": len(cleared)})
    return _back(pk, "screening")


@require_POST
@login_required
def add_note(http_request, pk):
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_write_internal_notes(user):
        raise PermissionDenied(_("Only caseworkers write internal notes."))
    form = NoteForm(http_request.POST, prefix="note")
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk, "notes")
    try:
        notes.add_note(actor=user, request=shipment_request, text=form.cleaned_data["text"])
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("Note added."))
    return _back(pk, "notes")


@require_POST
@login_required
def ask_applicant(http_request, pk):
    user = http_request.user
    shipment_request = _official_request(user, pk)
    if not policy.may_ask_applicant(user):
        raise PermissionDenied(_("Only caseworkers ask the applicant."))
    form = QuestionForm(http_request.POST, prefix="question")
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk, "questions")
    try:
        notes.ask_applicant(actor=user, request=shipment_request,
                            question=form.cleaned_data["question"])
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("Question sent; the clock stops until the applicant "
                                         "answers."))
    return _back(pk, "questions")


@require_POST
@login_required
def answer_question(http_request, pk, question_id):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    question = InformationRequest.objects.filter(request=shipment_request,
                                                 pk=question_id).first()
    if question is None:
        raise Http404("No such question.")
    if not policy.belongs_to(user, shipment_request.organisation_id):
        raise PermissionDenied(_("Only the applicant answers."))
    form = AnswerForm(http_request.POST, prefix=f"answer-{question.pk}")
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk, "questions")
    try:
        notes.answer_information_request(actor=user, information_request=question,
                                         answer=form.cleaned_data["answer"])
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("Answer sent."))
    return _back(pk, "questions")


@require_POST
@login_required
def lodge_appeal(http_request, pk):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.belongs_to(user, shipment_request.organisation_id):
        raise PermissionDenied(_("Only the applicant appeals."))
    form = AppealForm(http_request.POST, http_request.FILES, prefix="appeal-lodge")
    if not form.is_valid():
        _form_errors(http_request, form)
        return _back(pk, "appeals")
    files = [(f.name, f.read()) for f in http_request.FILES.getlist("appeal-lodge-documents")]
    try:
        appeals.lodge_appeal(actor=user, request=shipment_request,
                             grounds=form.cleaned_data["grounds"], files=files)
    except ServiceError as exc:
        _complain(http_request, exc)
    else:
        messages.success(http_request, _("Appeal lodged. An approving authority who took no "
                                         "part in the denial will decide it."))
    return _back(pk, "appeals")


@require_POST
@login_required
def dismiss_reminder(http_request, reminder_id):
    if not policy.may_take_cases(http_request.user):
        raise PermissionDenied
    clock.dismiss_reminder(actor=http_request.user, reminder_id=reminder_id)
    return redirect("web:queue")


@require_GET
@login_required
def certificate_register(http_request):
    """Every end-user certificate presented, grouped by its number and issuing country:
    the requests that drew on it and the quantities left per category."""
    user = http_request.user
    if not policy.sees_every_case(user):
        raise PermissionDenied(_("The certificate register is for the authority's officials."))
    search = (http_request.GET.get("q") or "").strip()
    certificates = EndUserCertificate.objects.select_related("request").order_by(
        "number", "issuing_country", "request_id")
    if search:
        certificates = certificates.filter(number__icontains=search)
    page = page_of_rows(certificates, http_request.GET.get("page"), 50, related=("request",))
    return render(http_request, "cases/certificates.html", {
        "page": page, "q": search, "groups": _register_groups(page.object_list)})


def _register_groups(certificates):
    """The page's certificates grouped as the register compares them (number with case and
    separators ignored, and issuing country), with every request that presented each."""
    if not certificates:
        return []
    keys = {(certificate_number_key(c.number), str(c.issuing_country)) for c in certificates}
    numbers = {c.number for c in certificates}
    # Every copy of these numbers (also those on other pages), one query.
    copies = list(EndUserCertificate.objects.filter(number__in=numbers)
                  .select_related("request", "request__organisation")
                  .prefetch_related("request__items").order_by("request_id"))
    totals = {}
    for row in (EndUserCertificateItem.objects.filter(certificate__in=copies)
                .values("certificate_id", "control_category").annotate(q=Sum("quantity"))):
        totals.setdefault(row["certificate_id"], {})[row["control_category"]] = row["q"]
    requested = {}
    for copy in copies:
        for item in copy.request.items.all():
            requested.setdefault(copy.request_id, {}).setdefault(item.control_category, 0)
            requested[copy.request_id][item.control_category] += item.quantity
    groups = {}
    for copy in copies:
        key = (certificate_number_key(copy.number), str(copy.issuing_country))
        if key not in keys:
            continue
        group = groups.setdefault(key, {"number": copy.number,
                                        "country": copy.issuing_country,
                                        "covers": totals.get(copy.pk, {}), "uses": []})
        group["uses"].append({"request": copy.request,
                              "quantities": requested.get(copy.request_id, {})})
    for group in groups.values():
        drawn: dict[str, int] = {}
        for use in group["uses"]:
            if use["request"].status in ("withdrawn", "denied", "draft"):
                continue
            for category, quantity in use["quantities"].items():
                drawn[category] = drawn.get(category, 0) + quantity
        group["rows"] = [{"category": category, "covered": covered_q,
                          "drawn": drawn.get(category, 0),
                          "left": covered_q - drawn.get(category, 0)}
                         for category, covered_q in sorted(group["covers"].items())]
    return list(groups.values())
