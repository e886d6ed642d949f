"""Web pages for licence documents and proof of delivery: downloading the licence PDF,
uploading a shipment's delivery verification certificate, the officials' list of overdue
certificates. Thin: forms validate, services decide, errors go back on the page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from licensing import selectors
from licensing.errors import InvalidInput, NotPermitted, ServiceError
from licensing.services import delivery
from licensing.services.licence_documents import current_document


@login_required
def licence_document(request, pk, version=None):
    """The licence's signed PDF (the current version, or one given), for those who may see
    its request."""
    licence = selectors.get_visible_licence(request.user, pk)
    document = (current_document(licence) if version is None
                else licence.documents.filter(version=version).first())
    if document is None:
        raise Http404("No such licence document (yet).")
    response = FileResponse(document.file.open("rb"), content_type="application/pdf",
                            filename=f"{licence.number}-v{document.version}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response


class DeliveryVerificationForm(forms.Form):
    file = forms.FileField(label=_("Delivery verification certificate (PDF or image)"))


@login_required
@require_POST
def delivery_verification_upload(request, pk, shipment_id):
    shipment_request = selectors.get_visible_request(request.user, pk)
    shipment = delivery.get_shipment(shipment_request, shipment_id)
    target = reverse("web:request-detail", args=[pk]) + f"#shipment-{shipment.pk}"
    form = DeliveryVerificationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the certificate file to upload."))
        return redirect(target)
    upload = form.cleaned_data["file"]
    try:
        delivery.attach_delivery_verification(actor=request.user, shipment=shipment,
                                              name=upload.name, data=upload.read())
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except InvalidInput as exc:
        messages.error(request, " ".join(str(m) for ms in exc.field_errors.values() for m in ms))
        return redirect(target)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    messages.success(request, _("Delivery verification certificate received for the shipment "
                                "of %(shipped_on)s.") % {
        "shipped_on": date_format(shipment.shipped_on, "DATE_FORMAT")})
    return redirect(target)


@login_required
def overdue_delivery_verifications(request):
    try:
        shipments = list(delivery.overdue_for_officials(request.user))
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    return render(request, "licences/overdue_deliveries.html", {"shipments": shipments})
