"""The manufacturer's side: their organisation's requests, and the request form (parties,
transit countries, items and the certificate, with rows added and removed in the page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts import policy
from licensing import selectors
from licensing.errors import InvalidInput, ServiceError, TransitionRefused
from licensing.models import DocumentKind, RequestStatus
from licensing.services import documents as document_services
from licensing.services import requests as request_services
from licensing.web import forms, queries

PAGE_SIZE = 25


def _require_applicant(user):
    if not policy.may_draft_requests(user):
        raise PermissionDenied(_("Only a manufacturer's staff draft requests."))


@login_required
def request_list(http_request):
    user = http_request.user
    if not policy.is_applicant(user):
        return redirect("web:queue")
    form = forms.ApplicantFilterForm(http_request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = queries.page_of_rows(queries.applicant_requests(user, filters),
                                http_request.GET.get("page"), PAGE_SIZE,
                                related=("organisation", "licence"))
    query = http_request.GET.copy()
    query.pop("page", None)
    return render(http_request, "requests/list.html",
                  {"form": form, "page": page, "query": query.urlencode()})


class RequestFormSet:
    """The request form: the request's own fields, four sets of rows and the certificate."""

    def __init__(self, data=None, files=None, initial=None):
        initial = initial or {}
        self.request = forms.RequestForm(data, initial=initial.get("request"), prefix="request")
        self.parties = forms.PartyFormSet(data, initial=initial.get("parties"), prefix="parties")
        self.transit = forms.TransitFormSet(data, initial=initial.get("transit"),
                                            prefix="transit")
        self.items = forms.ItemFormSet(data, initial=initial.get("items"), prefix="items")
        self.certificate = forms.CertificateForm(data, files, initial=initial.get("certificate"),
                                                 prefix="euc")
        self.certificate_items = forms.CertificateItemFormSet(
            data, initial=initial.get("certificate_items"), prefix="euc_items")

    @property
    def parts(self):
        return [self.request, self.parties, self.transit, self.items, self.certificate,
                self.certificate_items]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in self.parts])

    def service_data(self) -> dict:
        items = self.items.clean_rows()
        euc = dict(self.certificate.cleaned_data)
        euc.pop("document", None)
        if euc.pop("covers_items_as_listed"):
            euc["items"] = [{"control_category": i["control_category"],
                             "description": i["description"], "quantity": i["quantity"]}
                            for i in items]
        else:
            euc["items"] = self.certificate_items.clean_rows()
        return {
            **self.request.cleaned_data,
            "parties": self.parties.clean_rows(),
            "transit_countries": [row["country"] for row in self.transit.clean_rows()],
            "items": items,
            "end_user_certificate": euc,
        }

    def add_service_errors(self, exc: InvalidInput):
        for field, errors in exc.field_errors.items():
            target = next((part for part in (self.request, self.certificate)
                           if field in part.fields), None)
            for message in errors if isinstance(errors, list) else [str(errors)]:
                if target is not None:
                    target.add_error(field, message)
                else:
                    self.request.add_error(None, f"{field.replace('_', ' ')}: {message}")


def _initial_from(shipment_request) -> dict:
    certificate = getattr(shipment_request, "end_user_certificate", None)
    items = [{"description": i.description, "control_category": i.control_category,
              "quantity": i.quantity, "unit": i.unit, "value": i.value, "currency": i.currency,
              "for_assembly_abroad": i.for_assembly_abroad} for i in shipment_request.items.all()]
    initial = {
        "request": {"applicant_reference": shipment_request.applicant_reference,
                    "destination_country": str(shipment_request.destination_country),
                    "end_use": shipment_request.end_use},
        "parties": [{"role": p.role, "name": p.name, "address": p.address,
                     "country": str(p.country), "end_user_type": p.end_user_type,
                     "date_of_birth": p.date_of_birth}
                    for p in shipment_request.parties.all()],
        "transit": [{"country": str(t.country)} for t in shipment_request.transit_countries.all()],
        "items": items,
    }
    if certificate is not None:
        covered = [{"control_category": c.control_category, "description": c.description,
                    "quantity": c.quantity} for c in certificate.items.all()]
        as_listed = covered == [{"control_category": i["control_category"],
                                 "description": i["description"], "quantity": i["quantity"]}
                                for i in items]
        initial["certificate"] = {
            "number": certificate.number, "issuing_country": str(certificate.issuing_country),
            "issuing_authority": certificate.issuing_authority,
            "issue_date": certificate.issue_date, "expiry_date": certificate.expiry_date,
            "non_reexport_clause": certificate.non_reexport_clause,
            "covers_items_as_listed": as_listed}
        initial["certificate_items"] = [] if as_listed else covered
    return initial


NEW_REQUEST_INITIAL = {
    "parties": [{"role": "end_user"}, {"role": "consignee"}],
    "items": [{"unit": "pieces", "currency": "EUR"}],
    "certificate": {"covers_items_as_listed": True},
}


def _save(http_request, form_set, shipment_request=None):
    """Save the draft (and the certificate document if one was chosen) in one transaction;
    then submit if asked. Returns the request, or None when the form must be shown again."""
    user = http_request.user
    document = form_set.certificate.cleaned_data.get("document")
    try:
        with transaction.atomic():
            data = form_set.service_data()
            if shipment_request is None:
                shipment_request = request_services.create_request(actor=user, data=data)
            else:
                shipment_request = request_services.update_draft(
                    actor=user, request=shipment_request, data=data)
            if document is not None:
                document_services.upload_document(
                    actor=user, request=shipment_request,
                    kind=DocumentKind.END_USER_CERTIFICATE, name=document.name,
                    data=document.read())
    except InvalidInput as exc:
        if "file" in exc.field_errors:
            for message in exc.field_errors.pop("file"):
                form_set.certificate.add_error("document", message)
        form_set.add_service_errors(exc)
        return None, None
    except ServiceError as exc:
        return None, exc
    if "submit" in http_request.POST:
        try:
            request_services.submit_request(actor=user, request=shipment_request)
        except TransitionRefused as exc:
            messages.warning(http_request, _("Draft saved, but it cannot be submitted yet: "
                                             "%(problems)s") % {
                "problems": " ".join(str(p) for p in (exc.problems or [exc.message]))})
            return shipment_request, None
        except ServiceError as exc:
            messages.error(http_request, _("Draft saved, but not submitted: %(problem)s") % {
                "problem": exc.message})
            return shipment_request, None
        messages.success(http_request, _("Submitted. Screening has started; the result will "
                                       "appear on this page."))
    else:
        messages.success(http_request, _("Draft saved."))
    return shipment_request, None


@login_required
def request_create(http_request):
    _require_applicant(http_request.user)
    error = None
    if http_request.method == "POST":
        form_set = RequestFormSet(http_request.POST, http_request.FILES)
        if form_set.is_valid():
            saved, error = _save(http_request, form_set)
            if saved is not None:
                return redirect("web:request-detail", pk=saved.pk)
    else:
        form_set = RequestFormSet(initial=NEW_REQUEST_INITIAL)
    return render(http_request, "requests/form.html",
                  {"fs": form_set, "error": error, "title": _("New shipment request")},
                  status=400 if http_request.method == "POST" else 200)


@login_required
def request_edit(http_request, pk):
    _require_applicant(http_request.user)
    shipment_request = selectors.get_visible_request(http_request.user, pk)
    if shipment_request.status != RequestStatus.DRAFT:
        messages.error(http_request, _("Only a draft can be edited."))
        return redirect("web:request-detail", pk=pk)
    error = None
    if http_request.method == "POST":
        form_set = RequestFormSet(http_request.POST, http_request.FILES)
        if form_set.is_valid():
            saved, error = _save(http_request, form_set, shipment_request)
            if saved is not None:
                return redirect("web:request-detail", pk=saved.pk)
    else:
        form_set = RequestFormSet(initial=_initial_from(shipment_request))
    return render(http_request, "requests/form.html", {
        "fs": form_set, "error": error, "req": shipment_request,
        "title": _("Edit %(reference)s") % {
            "reference": shipment_request.applicant_reference},
        "has_certificate_document": shipment_request.documents.filter(
            kind=DocumentKind.END_USER_CERTIFICATE).exists(),
    }, status=400 if http_request.method == "POST" else 200)
