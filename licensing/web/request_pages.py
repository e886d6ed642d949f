"""The request page: everything about one request, and the actions the signed-in user may
take on it now, each with its form. Every action is one service call; a refused or
conflicting one is shown on the page with the service's own words, never as a server error."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts import policy
from licensing import selectors
from licensing.errors import (
    InvalidInput,
    NotPermitted,
    ServiceError,
    TransitionConflict,
    TransitionRefused,
)
from licensing.models import (
    AuditAction,
    AuditEvent,
    DocumentKind,
    LicenceItem,
    Severity,
    ShipmentItem,
    ShipmentRequest,
)
from licensing.screening.checks.parties import CHECK_NAME as DENIED_PARTY_CHECK
from licensing.services import documents as document_services
from licensing.services import party_screening
from licensing.services import screening as screening_services
from licensing.snapshot import one_snapshot
from licensing.web import casework, forms, queries
from licensing.web.consultation_context import consultation_context
from licensing.workflow import engine, holds, transitions
from licensing.workflow.states import OPEN_STATUSES, RequestStatus
from licensing.workflow.transitions import LICENCE, REQUEST

OPEN_STATUSES_AND_LICENSED = (*OPEN_STATUSES, RequestStatus.SPECIAL_APPROVAL)
SEVERITY_ORDER = {Severity.PROHIBITION: 0, Severity.HIGH: 1, Severity.MEDIUM: 2, Severity.INFO: 3}


@dataclass(frozen=True)
class Action:
    """An action on the page. Transitions take theirs from the rulebook's entry."""

    slug: str
    label: str
    button: str
    style: str = "primary"

    @classmethod
    def of(cls, entry: transitions.Transition) -> "Action":
        return cls(entry.slug, entry.label, entry.button, entry.style)


UPLOAD = Action("upload-document", gettext_lazy("Add a document"), gettext_lazy("Upload"),
                "secondary")

# The form each transition's inputs come in (their `service_arguments()` are the inputs the
# rulebook names; tests/licensing/workflow/test_rulebook_matrix.py checks every entry).
TRANSITION_FORMS = {
    "submit": lambda data, shipment_request, licence_items: forms.SubmitForm(data),
    "withdraw": lambda data, r, li: forms.ReasonForm(data, prefix="withdraw"),
    "request-changes": lambda data, r, li: forms.MessageForm(data, prefix="changes"),
    "deny": lambda data, r, li: forms.DenyForm(data, prefix="deny"),
    "decide-appeal": lambda data, r, li: forms.AppealDecisionForm(data, prefix="appeal"),
    "verify-end-user": lambda data, r, li: forms.VerifyEndUserForm(data, prefix="verify"),
    "grant-special-approval": lambda data, r, li: forms.GrantForm(data, prefix="grant",
                                                                  items=r.items.all()),
    "countersign": lambda data, r, li: forms.OptionalReasonForm(data, prefix="countersign"),
    "refuse-countersignature": lambda data, r, li: forms.ReasonForm(
        data, prefix="refuse-countersignature"),
    "record-shipment": lambda data, r, li: forms.ShipmentForm(data, prefix="shipment",
                                                              licence_items=li),
    "suspend": lambda data, r, li: forms.ReasonForm(data, prefix="licence-suspend"),
    "reinstate": lambda data, r, li: forms.ReasonForm(data, prefix="licence-reinstate"),
    "revoke": lambda data, r, li: forms.ReasonForm(data, prefix="licence-revoke"),
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
    if not policy.belongs_to(user, shipment_request.organisation_id):
        return []
    return [(kind, DocumentKind(kind).label) for kind, states
            in document_services.UPLOADABLE.items() if shipment_request.status in states]


def _new_form(slug, user, shipment_request, licence_items, data=None, files=None):
    """The form an action needs, bound when data is given."""
    if slug == UPLOAD.slug:
        form = forms.DocumentForm(data, files, prefix="upload")
        form.fields["kind"].choices = _uploadable_kinds(user, shipment_request)
        return form
    if slug not in TRANSITION_FORMS:
        raise Http404("No such action.")
    return TRANSITION_FORMS[slug](data, shipment_request, licence_items)


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
    offers = engine.offers(user, shipment_request)
    actions = [Action.of(offer.transition) for offer in offers if offer.available]
    notices = {offer.slug: offer.notices for offer in offers if offer.available}
    if _uploadable_kinds(user, shipment_request):
        actions.append(UPLOAD)
    action_forms = []
    for action in actions:  # in the rulebook's order: the usual next step first
        form = bound.get(action.slug) or _new_form(action.slug, user, shipment_request,
                                                   licence_items)
        action_forms.append({"action": action, "form": form, "open": action.slug in bound,
                             "notices": notices.get(action.slug, []),
                             "url": reverse("web:request-action",
                                            args=[shipment_request.pk, action.slug])})
    # No forms while a run is in progress: the section is swapped every 2 s until it ends
    # (a reason being typed would be lost), and the new run brings its own findings.
    may_act = policy.may_clear_findings(user) and not screening.in_progress
    may_clear = may_act and shipment_request.status in screening_services.CLEARABLE_STATUSES
    marks = (selectors.false_positive_marks_for(shipment_request)
             if policy.sees_every_case(user) else [])
    marked = {(m.denied_party_list_id, m.entry_source_id, m.party_name_key)
              for m in marks if m.revoked_at is None
              and (m.is_confirmed or m.request_id == shipment_request.pk)}
    for finding in findings:
        finding.clear_form = None
        if may_clear and finding.is_open:
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
        mark.revoke_form = mark.confirm_form = None
        if mark.revoked_at is None and may_act:
            key = f"mark-{mark.pk}"
            mark.revoke_form = bound.get(key) or forms.RevokeMarkForm(prefix=key)
            if not mark.is_confirmed and mark.marked_by_id != user.pk:
                key = f"confirm-mark-{mark.pk}"
                mark.confirm_form = bound.get(key) or forms.OptionalReasonForm(prefix=key)
    licence_forms = []
    if licence is not None:
        for offer in engine.offers(user, licence):
            if offer.available:
                key = f"licence-{offer.slug}"
                licence_forms.append({
                    "action": Action.of(offer.transition), "open": key in bound,
                    "form": bound.get(key) or _new_form(offer.slug, user, shipment_request,
                                                        licence_items),
                    "url": reverse("web:licence-action", args=[licence.pk, offer.slug])})
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
        "open_findings": sum(1 for f in findings if f.is_open),
        "certificate": certificate,
        "certificate_documents": [d for d in documents
                                  if d.kind == DocumentKind.END_USER_CERTIFICATE],
        "documents": documents,
        "verification": getattr(shipment_request, "end_user_verification", None),
        "licence": licence,
        "licence_items": licence_items,
        "shipments": shipments,
        "timeline": list(AuditEvent.objects.filter(request=shipment_request)
                         .exclude(action__in=() if policy.sees_officials_history(user)
                                  else AuditAction.internal())
                         .order_by("at", "id")
                         .only("id", "at", "actor_label", "actor_role", "action", "reason",
                               "before", "after", "request_id")),
        "action_forms": action_forms,
        "blocked": [{"label": offer.transition.label, "problems": offer.problems}
                    for offer in offers if not offer.available],
        "holding_halts": (holds.holding_halts(shipment_request)
                          if shipment_request.status in OPEN_STATUSES_AND_LICENSED else []),
        "licence_forms": licence_forms,
        "error": error,
        "error_message": _error_message(error),
        "error_problems": getattr(error, "problems", []) if error else [],
        "send_backs": list(shipment_request.send_backs.all()),
        "finding_groups": group_findings(findings),
        "may_bulk_clear": sum(1 for f in findings if f.clear_form is not None) > 1,
        "route_chain": route_chain(shipment_request),
        **casework.casework_context(user, shipment_request),
        **consultation_context(user, shipment_request, bound),
    }


def route_chain(shipment_request) -> list[dict]:
    """From the exporter's country through the transit countries to the destination."""
    countries = [shipment_request.organisation.country,
                 *[t.country for t in shipment_request.transit_countries.all()],
                 shipment_request.destination_country]
    return [{"code": c.code, "name": c.name} for c in countries]


def group_findings(findings) -> list[dict]:
    """Findings grouped by check (the worst first), open ones before cleared ones."""
    groups: dict[str, list] = {}
    for finding in findings:
        groups.setdefault(finding.check_name, []).append(finding)
    return [{"check": check, "findings": rows,
             "open": sum(1 for f in rows if f.is_open),
             "clearable": [f for f in rows if f.clear_form is not None]}
            for check, rows in groups.items()]


def _mark_key(finding) -> tuple:
    evidence = finding.evidence if isinstance(finding.evidence, dict) else {}
    entry = evidence.get("entry") if isinstance(evidence.get("entry"), dict) else {}
    party = evidence.get("party") if isinstance(evidence.get("party"), dict) else {}
    return evidence.get("list_id"), entry.get("source_id"), party.get("name_key")


def _error_message(error: ServiceError | None) -> str:
    if error is None:
        return ""
    if isinstance(error, InvalidInput):
        details = " ".join(str(m) for messages_ in error.field_errors.values() for m in messages_)
        return _("Check the form: %(details)s") % {
            "details": details or _("some fields need attention.")}
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
    if isinstance(exc, InvalidInput) and hasattr(form, "cleaned_data"):  # else: the message
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


def _run_action(slug, user, shipment_request, form) -> str:
    if slug == UPLOAD.slug:
        upload = form.cleaned_data["file"]
        document_services.upload_document(actor=user, request=shipment_request,
                                          kind=form.cleaned_data["kind"], name=upload.name,
                                          data=upload.read())
        return _("Uploaded %(name)s.") % {"name": upload.name}
    entry = transitions.by_slug(REQUEST, slug)
    import_string(entry.service)(actor=user, request=shipment_request,
                                 **form.service_arguments())
    return str(entry.done)


@require_POST
@login_required
def request_action(http_request, pk, action):
    if action != UPLOAD.slug and transitions.by_slug(REQUEST, action) is None:
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
        message = _run_action(action, user, shipment_request, form)
    except ServiceError as exc:
        return _failed(http_request, pk, action, form, exc)
    messages.success(http_request, message)
    return redirect("web:request-detail", pk=pk)


@require_POST
@login_required
def clear_finding(http_request, pk, finding_id):
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.sees_every_case(user):
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
    messages.success(http_request, _("Finding cleared."))
    return redirect(reverse("web:request-detail", args=[pk]) + "#screening")


@require_POST
@login_required
def mark_false_positive(http_request, pk, finding_id):
    """A denied-party match that is not this party: the service records the mark and screens
    every open request naming the party again."""
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.sees_every_case(user):
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
    messages.success(http_request, _("Marked as a false positive. The request is being screened "
                                   "again, with every other open request naming this party."))
    return redirect(reverse("web:request-detail", args=[pk]) + "#screening")


def _act_on_mark(http_request, pk, mark_id, *, prefix, form_class, act, done):
    """A caseworker's form on one false-positive mark of a request's parties."""
    user = http_request.user
    shipment_request = selectors.get_visible_request(user, pk)
    if not policy.sees_every_case(user):
        raise Http404("No such false-positive mark.")
    mark = selectors.get_false_positive_mark_for(shipment_request, mark_id)
    key = f"{prefix}-{mark.pk}"
    form = form_class(http_request.POST, prefix=key)
    if not form.is_valid():
        return _invalid(http_request, pk, key, form)
    try:
        act(actor=user, mark=mark, reason=form.cleaned_data["reason"])
    except ServiceError as exc:
        return _failed(http_request, pk, key, form, exc)
    messages.success(http_request, done)
    return redirect(reverse("web:request-detail", args=[pk]) + "#false-positive-marks")


@require_POST
@login_required
def confirm_false_positive_mark(http_request, pk, mark_id):
    return _act_on_mark(
        http_request, pk, mark_id, prefix="confirm-mark", form_class=forms.OptionalReasonForm,
        act=party_screening.confirm_false_positive_mark,
        done=_("Mark confirmed. It now applies to every request naming the party; they are "
               "being screened again."))


@require_POST
@login_required
def revoke_false_positive_mark(http_request, pk, mark_id):
    return _act_on_mark(
        http_request, pk, mark_id, prefix="mark", form_class=forms.RevokeMarkForm,
        act=party_screening.revoke_false_positive_mark,
        done=_("Mark revoked. The entry is raised again from the screening that has just "
               "started."))


@require_POST
@login_required
def licence_action(http_request, pk, action):
    entry = transitions.by_slug(LICENCE, action)
    if entry is None or action not in TRANSITION_FORMS:
        raise Http404("No such action.")
    user = http_request.user
    licence = selectors.get_visible_licence(user, pk)
    key = f"licence-{action}"
    form = _new_form(action, user, licence.request, [], http_request.POST)
    if not form.is_valid():
        return _invalid(http_request, licence.request_id, key, form)
    try:
        import_string(entry.service)(actor=user, licence=licence, **form.service_arguments())
    except ServiceError as exc:
        return _failed(http_request, licence.request_id, key, form, exc)
    messages.success(http_request, _("Licence %(number)s: %(done)s") % {
        "number": licence.number, "done": entry.done})
    return redirect("web:request-detail", pk=licence.request_id)
