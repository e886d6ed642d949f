"""Web pages for licence documents, proof of delivery and export halts: downloading the
licence PDF, uploading a shipment's delivery verification certificate, the officials' list
of overdue certificates, and the halts page (approving authorities declare and lift).
Thin: forms validate, services decide, errors go back on the page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Role
from licensing import limits, selectors
from licensing.models import ControlCategory, ExportHalt
from licensing.services import delivery
from licensing.services import halts as halt_services
from licensing.services.errors import InvalidInput, NotPermitted, ServiceError
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
    file = forms.FileField(label="Delivery verification certificate (PDF or image)")


@login_required
@require_POST
def delivery_verification_upload(request, pk, shipment_id):
    shipment_request = selectors.get_visible_request(request.user, pk)
    shipment = delivery.get_shipment(shipment_request, shipment_id)
    target = reverse("web:request-detail", args=[pk]) + f"#shipment-{shipment.pk}"
    form = DeliveryVerificationForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose the certificate file to upload.")
        return redirect(target)
    upload = form.cleaned_data["file"]
    try:
        delivery.attach_delivery_verification(actor=request.user, shipment=shipment,
                                              name=upload.name, data=upload.read())
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except InvalidInput as exc:
        messages.error(request, " ".join(m for ms in exc.field_errors.values() for m in ms))
        return redirect(target)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect(target)
    messages.success(request, f"Delivery verification certificate received for the shipment "
                              f"of {shipment.shipped_on:%d %b %Y}.")
    return redirect(target)


@login_required
def overdue_delivery_verifications(request):
    try:
        shipments = list(delivery.overdue_for_officials(request.user))
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    return render(request, "licences/overdue_deliveries.html", {"shipments": shipments})


class HaltForm(forms.Form):
    title = forms.CharField(max_length=200)
    mode = forms.ChoiceField(choices=ExportHalt.Mode.choices, widget=forms.RadioSelect)
    control_categories = forms.MultipleChoiceField(
        choices=ControlCategory.choices, required=False,
        help_text="None chosen: every category.", widget=forms.CheckboxSelectMultiple)
    destinations = forms.CharField(
        required=False, help_text="ISO country codes separated by commas or spaces; "
                                  "empty: every destination.")
    valid_from = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}),
                                 validators=[limits.HALT_DATE])
    valid_until = forms.DateField(required=False, validators=[limits.HALT_DATE],
                                  widget=forms.DateInput(attrs={"type": "date"}))
    public_reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def clean_destinations(self):
        raw = self.cleaned_data.get("destinations") or ""
        return [code.upper() for code in raw.replace(",", " ").split()]


class LiftForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


def _may_read_halts(user):
    return user.has_role(Role.APPLICANT, Role.OFFICER, Role.APPROVER, Role.AUDITOR)


@login_required
@require_http_methods(["GET", "POST"])
def halts(request):
    """Every halt, those in force first; approving authorities declare one here."""
    if not _may_read_halts(request.user):
        raise PermissionDenied
    is_approver = request.user.has_role(Role.APPROVER)
    form = HaltForm(request.POST or None) if is_approver else None
    status = 200
    if request.method == "POST":
        if not is_approver:
            raise PermissionDenied
        if form.is_valid():
            try:
                halt = halt_services.declare_halt(actor=request.user, **form.cleaned_data)
            except InvalidInput as exc:
                for field, errors in exc.field_errors.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                messages.success(request, f"Halt \"{halt.title}\" declared. Licences in its "
                                          "scope are being suspended (\"deny\" mode) and open "
                                          "requests screened again.")
                return redirect("web:halts")
        status = 400
    in_force = set(ExportHalt.in_force().values_list("pk", flat=True))
    rows = [{"halt": h, "in_force": h.pk in in_force}
            for h in ExportHalt.objects.select_related("declared_by", "lifted_by")
            .order_by("-declared_at", "-id")]
    rows.sort(key=lambda r: not r["in_force"])
    return render(request, "halts/list.html",
                  {"rows": rows, "form": form, "lift_form": LiftForm() if is_approver else None,
                   "show_officials": request.user.role != Role.APPLICANT}, status=status)


@login_required
@require_POST
def halt_lift(request, pk):
    try:
        halt = ExportHalt.objects.get(pk=pk)
    except ExportHalt.DoesNotExist:
        raise Http404 from None
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the reason for lifting the halt.")
        return redirect("web:halts")
    try:
        halt_services.lift_halt(actor=request.user, halt=halt, reason=form.cleaned_data["reason"])
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("web:halts")
    messages.success(request, f"Halt \"{halt.title}\" lifted. Suspended licences stay "
                              "suspended until an approving authority reinstates them.")
    return redirect("web:halts")
