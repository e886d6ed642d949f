"""The export halts page: everyone who may see halts reads them; approving authorities
declare one (after seeing what it would hold and suspend, and confirming) and lift one."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from accounts import policy
from licensing import limits
from licensing.errors import InvalidInput, NotPermitted, ServiceError
from licensing.models import ControlCategory, ExportHalt
from licensing.services import halts as halt_services


class HaltForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=ExportHalt.Mode.choices,
                             widget=forms.RadioSelect)
    control_categories = forms.MultipleChoiceField(
        label=gettext_lazy("Control categories"), choices=ControlCategory.choices,
        required=False, help_text=gettext_lazy("None chosen: every category."),
        widget=forms.CheckboxSelectMultiple)
    destinations = forms.CharField(
        label=gettext_lazy("Destinations"), required=False,
        help_text=gettext_lazy("ISO country codes separated by commas or spaces; "
                               "empty: every destination."))
    valid_from = forms.DateField(label=gettext_lazy("Valid from"),
                                 widget=forms.DateInput(attrs={"type": "date"}),
                                 validators=[limits.HALT_DATE])
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), required=False,
                                  validators=[limits.HALT_DATE],
                                  widget=forms.DateInput(attrs={"type": "date"}))
    public_reason = forms.CharField(label=gettext_lazy("Public reason"),
                                    widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    # Set once the approver has seen the impact (requests held, licences suspended).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput,
                                   label=gettext_lazy("Confirmed"))

    def clean_destinations(self):
        raw = self.cleaned_data.get("destinations") or ""
        return [code.upper() for code in raw.replace(",", " ").split()]


class LiftForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"),
                             widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


def _form_errors(form, exc: InvalidInput) -> None:
    for field, errors in exc.field_errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _list_page(request, form, is_approver, status=200):
    in_force = set(ExportHalt.in_force().values_list("pk", flat=True))
    rows = [{"halt": h, "in_force": h.pk in in_force}
            for h in ExportHalt.objects.select_related("declared_by", "lifted_by")
            .order_by("-declared_at", "-id")]
    rows.sort(key=lambda r: not r["in_force"])
    return render(request, "halts/list.html",
                  {"rows": rows, "form": form, "lift_form": LiftForm() if is_approver else None,
                   "show_officials": policy.sees_every_case(request.user)}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def halts(request):
    """Every halt, those in force first. An approving authority declares one in two steps:
    the form, then what it would hold and suspend, which he confirms."""
    if not policy.may_see_halts(request.user):
        raise PermissionDenied
    is_approver = policy.may_declare_halts(request.user)
    if request.method == "GET":
        return _list_page(request, HaltForm() if is_approver else None, is_approver)
    if not is_approver:
        raise PermissionDenied
    form = HaltForm(request.POST)
    if not form.is_valid():
        return _list_page(request, form, is_approver, status=400)
    declaration = {k: v for k, v in form.cleaned_data.items() if k != "confirmed"}
    try:
        if not form.cleaned_data["confirmed"]:
            impact = halt_services.halt_impact(**declaration)
            return render(request, "halts/confirm.html",
                          {"form": form, "impact": impact, "data": declaration})
        halt = halt_services.declare_halt(actor=request.user, **declaration)
    except InvalidInput as exc:
        _form_errors(form, exc)
        return _list_page(request, form, is_approver, status=400)
    messages.success(request, _(
        "Halt “%(title)s” declared. In “deny” mode the open requests in its scope are put "
        "on hold and its licences suspended; open requests are screened again.") % {
        "title": halt.title})
    return redirect("web:halts")


@login_required
@require_POST
def halt_lift(request, pk):
    try:
        halt = ExportHalt.objects.get(pk=pk)
    except ExportHalt.DoesNotExist:
        raise Http404 from None
    form = LiftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for lifting the halt."))
        return redirect("web:halts")
    try:
        halt_services.lift_halt(actor=request.user, halt=halt, reason=form.cleaned_data["reason"])
    except NotPermitted as exc:
        raise PermissionDenied(exc.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("web:halts")
    messages.success(request, _(
        "Halt “%(title)s” lifted. The requests it held carry on, and the licences it "
        "suspended are reinstated unless another halt still covers them.") % {
        "title": halt.title})
    return redirect("web:halts")
