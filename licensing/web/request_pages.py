"""The request page: everything about one request, and the actions the signed-in user may
take on it now, each with its form. Every action is one service call; a refused or
conflicting one is shown on the page with the service's own words, never as a server error."""

from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role
from licensing import selectors
from licensing.models import (
    AuditEvent,
    DocumentKind,
    LicenceItem,
    Severity,
    ShipmentItem,
    ShipmentRequest,
)
from licensing.screening.checks.parties import CHECK_NAME as DENIED_PARTY_CHECK
from licensing.services import documents as document_services
from licensing.services import licences as licence_services
from licensing.services import party_screening
from licensing.services import requests as request_services
from licensing.services import screening as screening_services
from licensing.services.errors import (
    InvalidInput,
    NotPermitted,
    ServiceError,
    TransitionConflict,
    TransitionRefused,
)
from licensing.snapshot import one_snapshot
from licensing.web import forms, queries
from licensing.workflow.permissions import is_applicant_of

SEVERITY_ORDER = {Severity.PROHIBITION: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.INFO: 3}
CASEWORKERS = (Role.OFFICER, Role.APPROVER)


@dataclass(frozen=True)
class Action:
    slug: str
    label: str
    button: str
    style: str = "primary"


ACTIONS = {a.slug: a for a in [
    Action("submit", "Submit the request", "Submit", "primary"),
    Action("verify-end-user", "Verify the end user", "Record the verification", "primary"),
    Action("grant-special-approval", "Grant special approval and issue the licence",
           "Grant special approval", "success"),
    Action("record-shipment", "Record a shipment", "Record the shipment", "primary"),
    Action("request-changes", "Ask the applicant for changes", "Send back for changes",
           "secondary"),
    Action("deny", "Deny the request", "Deny", "danger"),
    Action("withdraw", "Withdraw the request", "Withdraw", "outline-danger"),
    Action("upload-document", "Add a document", "Upload", "secondary"),
]}
LICENCE_ACTIONS = {
    "suspend": Action("suspend", "Suspend the licence", "Suspend", "warning"),
    "reinstate": Action("reinstate", "Reinstate the licence", "Reinstate", "success"),
    "revoke": Action("revoke", "Revoke the licence", "Revoke", "danger"),
}


# --- reading ---

def _load(user, pk) -> ShipmentRequest:
    try:
        return queries.request_page_queryset(user).get(pk=pk)
    except (ShipmentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request.") from None


def _licence(shipment_request):
    return getattr(shipment_request, "licence", None)


def _licence_items(licence):
    if licence is None:
        return []
    return list(LicenceItem.objects.filter(licence=licence).select_related("line_item"))


def _uploadable_kinds(user, shipment_request) -> list[tuple[str, str]]:
    if not is_applicant_of(shipment_request, user):
        return []
    return [(kind, DocumentKind(kind).label) for kind, states
            in document_services.UPLOADABLE.items() if shipment_request.status in states]


def _new_form(slug, user, shipment_request, licence_items, data=None, files=None):
    """The form an action needs, bound when data is given."""
    if slug == "submit":
        return django_forms.Form(data)
    if slug == "withdraw":
        return forms.ReasonForm(data, prefix="withdraw")
    if slug == "request-changes":
        return forms.MessageForm(data, prefix="changes")
    if slug == "deny":
        return forms.DenyForm(data, prefix="deny")
    if slug == "verify-end-user":
        return forms.VerifyEndUserForm(data, prefix="verify")
    if slug == "grant-special-approval":
        return forms.GrantForm(data, prefix="grant", items=shipment_request.items.all())
    if slug == "record-shipment":
        return forms.ShipmentForm(data, prefix="shipment", licence_items=licence_items)
    if slug == "upload-document":
        form = forms.DocumentForm(data, files, prefix="upload")
        form.fields["kind"].choices = _uploadable_kinds(user, shipment_request)
        return form
    raise Http404("No such action.")


def detail_context(http_request, shipment_request, *, bound: dict | None = None,
                   error: ServiceError | None = None) -> dict[str, Any]:
    user = http_request.user
    bound = bound or {}
    screening = selectors.screening_overview(shipment_request)
    run = screening.shown
    findings = sorted(run.findings.all(), key=lambda f: (SEVERITY_ORDER.get(f.severity, 9),
                                                         f.pk)) if run else []
    licence = _licence(shipment_request)
    licence_items = _licence_items(licence)
    available = selectors.available_transitions(user, shipment_request)
    if _uploadable_kinds(user, shipment_request):
        available.append("upload-document")
    action_forms = []
    for slug in ACTIONS:  # in the order of ACTIONS: the usual next step first
        if slug in available:
            form = bound.get(slug) or _new_form(slug, user, shipment_request, licence_items)
            action_forms.append({"action": ACTIONS[slug], "form": form,
                                 "open": slug in bound,
                                 "url": reverse("web:request-action",
                                                args=[shipment_request.pk, slug])})
    # No forms while a run is in progress: the section is swapped every 2 s until it ends
    # (a reason being typed would be lost), and the new run brings its own findings.
    may_act = user.role in CASEWORKERS and not screening.in_progress
    may_clear = may_act and shipment_request.status in screening_services.CLEARABLE_STATUSES
    marks = (selectors.false_positive_marks_for(shipment_request)
             if user.role in (Role.OFFICER, Role.APPROVER, Role.AUDITOR) else [])
    marked = {(m.denied_party_list_id, m.entry_source_id, m.party_name_key)
              for m in marks if m.revoked_at is None}
    for finding in findings:
        finding.clear_form = None
        if may_clear and finding.is_blocking:
            key = f"finding-{finding.pk}"
            finding.clear_form = bound.get(key) or forms.ReasonForm(prefix=key)
        finding.false_positive_form = None
        finding.marked_false_positive = False
        if finding.check_name == DENIED_PARTY_CHECK:
            finding.marked_false_positive = _mark_key(finding) in marked
            if may_act and not finding.marked_false_positive:
                key = f"fp-{finding.pk}"
                finding.false_positive_form = (bound.get(key)
                                               or forms.FalsePositiveForm(prefix=key))
    for mark in marks:
        mark.revoke_form = None
        if mark.revoked_at is None and may_act:
            key = f"mark-{mark.pk}"
            mark.revoke_form = bound.get(key) or forms.RevokeMarkForm(prefix=key)
    licence_forms = []
    if licence is not None:
        for name in selectors.licence_transitions(user, licence):
            if name in LICENCE_ACTIONS:
                key = f"licence-{name}"
                licence_forms.append({
                    "action": LICENCE_ACTIONS[name], "open": key in bound,
                    "form": bound.get(key) or forms.ReasonForm(prefix=key),
                    "url": reverse("web:licence-action", args=[licence.pk, name])})
    shipments = []
    if licence is not None:
        shipments = list(licence.shipments.all())
        by_shipment: dict[int, list] = {}
        for row in (ShipmentItem.objects.filter(shipment__licence=licence)
                    .select_related("licence_item__line_item")):
            by_shipment.setdefault(row.shipment_id, []).append(row)
        for shipment in shipments:
            shipment.rows = by_shipment.get(shipment.pk, [])
    documents = list(shipment_request.documents.all())
    certificate = getattr(shipment_request, "end_user_certificate", None)
    return {
        "req": shipment_request,
        "run": run,
        "latest_run": screening.latest,
        "last_screened": screening.last_completed,
        "screening_in_progress": screening.in_progress,
        "findings": findings,
        "false_positive_marks": marks,
        "open_findings": sum(1 for f in findings if f.is_blocking),
        "certificate": certificate,
        "certificate_documents": [d for d in documents
                                  if d.kind == DocumentKind.END_USER_CERTIFICATE],
        "documents": documents,
        "verification": getattr(shipment_request, "end_user_verification", None),
        "licence": licence,
        "licence_items": licence_items,
        "shipments": shipments,
        "timeline": list(AuditEvent.objects.filter(request=shipment_request)
                         .order_by("at", "id")
                         .only("id", "at", "actor_label", "actor_role", "action", "reason",
                               "before", "after", "request_id")),
        "action_forms": action_forms,
        "blocked": selectors.blocked_transitions(user, shipment_request),
        "licence_forms": licence_forms,
        "error": error,
        "error_message": _error_message(error),
        "error_problems": getattr(error, "problems", []) if error else [],
        "is_applicant": user.role == Role.APPLICANT,
        "is_official": user.role in (Role.OFFICER, Role.APPROVER, Role.AUDITOR),
    }


def _mark_key(finding) -> tuple:
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    entry = evidence.get("entry") if isinstance(evidence.get("entry"), dict) else {}
    party = evidence.get("party") if isinstance(evidence.get("party"), dict) else {}
    return evidence.get("list_id"), entry.get("source_id"), party.get("name_key")


def _error_message(error: ServiceError | None) -> str:
    if error is None:
        return ""
    if isinstance(error, InvalidInput):
        details = " ".join(m for messages_ in error.field_errors.values() for m in messages_)
        return "Check the form: " + (details or "some fields need attention.")
    return error.message


@require_GET
@login_required
@one_snapshot()
def request_detail(http_request, pk):
    shipment_request = _load(http_request.user, pk)
    return render(http_request, "requests/detail.html",
                  detail_context(http_request, shipment_request))


@require_GET
@login_required
@one_snapshot()
def screening_panel(http_request, pk):
    """Polled by htmx while screening runs; once it has finished, the state, the actions
    and the history are swapped in too (out of band), since screening may have changed them."""
    shipment_request = _load(http_request.user, pk)
    context = detail_context(http_request, shipment_request)
    context["swap_out_of_band"] = not context["screening_in_progress"]
    return render(http_request, "requests/_screening_update.html", context)


# --- acting ---

_STATUS_OF = {NotPermitted: 403, TransitionConflict: 409, TransitionRefused: 400,
              InvalidInput: 400}


def _failed(http_request, pk, key, form, exc: ServiceError):
    if isinstance(exc, InvalidInput):
        for field, errors in exc.field_errors.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    shipment_request = _load(http_request.user, pk)
    status = next((code for cls, code in _STATUS_OF.items() if isinstance(exc, cls)), 400)
    return render(http_request, "requests/detail.html",
                  detail_context(http_request, shipment_request, bound={key: form}, error=exc),
                  status=status)


def _invalid(http_request, pk, key, form):
    shipment_request = _load(http_request.user, pk)
    return render(http_request, "requests/detail.html",
                  detail_context(http_request, shipment_request, bound={key: form},
                                 error=InvalidInput({})),
                  status=400)


def _run_action(slug, user, shipment_request, form, files) -> str:
    data = form.cleaned_data
    if slug == "submit":
        request_services.submit_request(actor=user, request=shipment_request)
        return "Submitted. Screening has started; the result will appear below."
    if slug == "withdraw":
        request_services.withdraw_request(actor=user, request=shipment_request,
                                          reason=data["reason"])
        return "The request has been withdrawn."
    if slug == "request-changes":
        request_services.request_changes(actor=user, request=shipment_request,
                                         message=data["message"])
        return "Sent back to the applicant for changes."
    if slug == "deny":
        request_services.deny_request(actor=user, request=shipment_request,
                                      reason=data["reason"],
                                      criteria=list(data["criteria"]))
        return "The request has been denied."
    if slug == "verify-end-user":
        request_services.verify_end_user(actor=user, request=shipment_request,
                                         channel=data["channel"], reference=data["reference"],
                                         verified_on=data["verified_on"], note=data["note"])
        return "End user verified."
    if slug == "grant-special-approval":
        licence = licence_services.grant_special_approval(actor=user, request=shipment_request,
                                                          **form.service_arguments())
        return f"Special approval granted: licence {licence.number} issued."
    if slug == "record-shipment":
        licence_services.record_shipment(
            actor=user, request=shipment_request, shipped_on=data["shipped_on"],
            carrier=data["carrier"], customs_declaration=data["customs_declaration"],
            quantities=form.quantities(), route=data["route"], final=data["final"])
        return "Shipment recorded."
    if slug == "upload-document":
        upload = data["file"]
        document_services.upload_document(actor=user, request=shipment_request,
                                          kind=data["kind"], name=upload.name,
                                          data=upload.read())
        return f"Uploaded {upload.name}."
    raise Http404("No such action.")


@require_POST
@login_required
def request_action(http_request, pk, action):
    if action not in ACTIONS:
        raise Http404("No such action.")
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    licence_items = _licence_items(_licence(shipment_request)) if action == "record-shipment" \
        else []
    form = _new_form(action, user, shipment_request, licence_items,
                     http_request.POST, http_request.FILES)
    if not form.is_valid():
        return _invalid(http_request, pk, action, form)
    try:
        message = _run_action(action, user, shipment_request, form, http_request.FILES)
    except ServiceError as exc:
        verification = getattr(shipment_request, "end_user_verification", None)
        if (isinstance(exc, NotPermitted) and action == "grant-special-approval"
                and verification is not None and verification.verified_by_id == user.pk):
            exc = NotPermitted("You verified this request's end user, so you may not grant "
                               "special approval: another approving authority must decide "
                               "(four eyes).")
        return _failed(http_request, pk, action, form, exc)
    messages.success(http_request, message)
    return redirect("web:request-detail", pk=pk)


@require_POST
@login_required
def clear_finding(http_request, pk, finding_id):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if user.role == Role.APPLICANT:
        raise Http404("No such finding.")
    finding = selectors.get_visible_finding(user, shipment_request, finding_id)
    key = f"finding-{finding.pk}"
    form = forms.ReasonForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _invalid(http_request, pk, key, form)
    try:
        screening_services.clear_finding(actor=user, finding=finding,
                                         reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _failed(http_request, pk, key, form, exc)
    messages.success(http_request, "Finding cleared.")
    return redirect(reverse("web:request-detail", args=[pk]) + "#screening")


@require_POST
@login_required
def mark_false_positive(http_request, pk, finding_id):
    """A denied-party match that is not this party: the service records the mark and screens
    every open request naming the party again."""
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if user.role == Role.APPLICANT:
        raise Http404("No such finding.")
    finding = selectors.get_visible_finding(user, shipment_request, finding_id)
    key = f"fp-{finding.pk}"
    form = forms.FalsePositiveForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _invalid(http_request, pk, key, form)
    try:
        party_screening.mark_false_positive(actor=user, finding=finding,
                                            reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _failed(http_request, pk, key, form, exc)
    messages.success(http_request, "Marked as a false positive. The request is being screened "
                                   "again, with every other open request naming this party.")
    return redirect(reverse("web:request-detail", args=[pk]) + "#screening")


@require_POST
@login_required
def revoke_false_positive_mark(http_request, pk, mark_id):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if user.role == Role.APPLICANT:
        raise Http404("No such false-positive mark.")
    mark = selectors.get_false_positive_mark_for(shipment_request, mark_id)
    key = f"mark-{mark.pk}"
    form = forms.RevokeMarkForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _invalid(http_request, pk, key, form)
    try:
        party_screening.revoke_false_positive_mark(actor=user, mark=mark,
                                                   reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _failed(http_request, pk, key, form, exc)
    messages.success(http_request, "Mark revoked. The entry is raised again from the "
                                   "screening that has just started.")
    return redirect(reverse("web:request-detail", args=[pk]) + "#false-positive-marks")


@require_POST
@login_required
def licence_action(http_request, pk, action):
    user = http_request.user
    licence = selectors.get_visible_licence(user, pk)
    key = f"licence-{action}"
    form = forms.ReasonForm(http_request.POST, prefix=key)
    if not form.is_valid():
        return _invalid(http_request, licence.request_id, key, form)
    service = {"suspend": licence_services.suspend_licence,
               "reinstate": licence_services.reinstate_licence,
               "revoke": licence_services.revoke_licence}[action]
    try:
        service(actor=user, licence=licence, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _failed(http_request, licence.request_id, key, form, exc)
    messages.success(http_request, f"Licence {licence.number}: {action} done.")
    return redirect("web:request-detail", pk=licence.request_id)
