"""Reports for officials (issue 12): the dashboard with charts, the annual export report
(HTML, CSV, PDF) and the ad-hoc decision export. Read-only; every figure comes from
licensing.reports.selectors."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django_countries import countries

from accounts import policy
from licensing.models import ControlCategory
from licensing.reports import charts, exports, selectors
from licensing.web.forms import DateInput


def _require_official(user):
    if not policy.may_read_reports(user):
        raise PermissionDenied(_("Reports are for the authority's officials."))


def _year(http_request) -> int:
    try:
        year = int(http_request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 1990 <= year <= 2100 else timezone.localdate().year


@require_GET
@login_required
def dashboard(http_request):
    _require_official(http_request.user)
    year = _year(http_request)
    states = selectors.requests_by_state()
    months = selectors.decisions_per_month(year)
    by_destination = selectors.licensed_by("destination", year)
    by_category = selectors.licensed_by("category", year)
    denials = selectors.denials_by_criterion(year)
    findings = selectors.findings_by_check(year)
    processing = selectors.processing_time(year)
    consultations = selectors.consultations_outstanding_by_body()
    return render(http_request, "reports/dashboard.html", {
        "year": year,
        "states": states,
        "months": months,
        "by_destination": by_destination,
        "by_category": by_category,
        "denials": denials,
        "findings": findings,
        "processing": processing,
        "consultations": consultations,
        "charts": {
            "states": charts.bar_chart([(label, n) for _, label, n in states],
                                       title=_("Requests by state")),
            "decisions": charts.column_chart(
                [str(MONTHS_3[m]).title() for m in range(1, 13)],
                [(_("Granted"), [m["granted"] for m in months]),
                 (_("Denied"), [m["denied"] for m in months])],
                title=_("Decisions per month, %(year)s") % {"year": year}),
            "destination": charts.bar_chart(
                [(str(countries.name(k)) or k, t.quantity) for k, t in by_destination[:15]],
                title=_("Licensed quantity by destination")),
            "category": charts.bar_chart([(k, t.quantity) for k, t in by_category],
                                         title=_("Licensed quantity by control category")),
            "denials": charts.bar_chart(denials, title=_("Denials by criterion")),
            "findings": charts.bar_chart([(k, v["total"]) for k, v in findings[:15]],
                                         title=_("Findings by check")),
        },
    })


@require_GET
@login_required
def annual_report(http_request):
    _require_official(http_request.user)
    year = _year(http_request)
    fmt = http_request.GET.get("format", "html")
    if fmt == "csv":
        response = HttpResponse(exports.annual_csv(year), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="export-report-{year}.csv"'
        return response
    if fmt == "pdf":
        response = HttpResponse(exports.annual_pdf(year), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="export-report-{year}.pdf"'
        return response
    return render(http_request, "reports/annual.html", exports.annual_context(year))


class DecisionFilterForm(forms.Form):
    date_from = forms.DateField(label=gettext_lazy("Decided from"), required=False,
                                widget=DateInput())
    date_to = forms.DateField(label=gettext_lazy("Decided to"), required=False,
                              widget=DateInput())
    outcome = forms.ChoiceField(label=gettext_lazy("Outcome"), required=False, choices=[
        ("", gettext_lazy("Any")), ("granted", gettext_lazy("Granted")),
        ("denied", gettext_lazy("Denied"))])
    destination = forms.ChoiceField(label=gettext_lazy("Destination"), required=False,
                                    choices=lambda: [("", _("Any")), *countries])
    category = forms.ChoiceField(label=gettext_lazy("Control category"), required=False,
                                 choices=[("", gettext_lazy("Any")), *ControlCategory.choices])


@require_GET
@login_required
def decision_export(http_request):
    """The form (no parameters) or the CSV of the decisions it selects (`export=csv`)."""
    _require_official(http_request.user)
    form = DecisionFilterForm(http_request.GET or None)
    if http_request.GET.get("export") == "csv" and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
        response = StreamingHttpResponse(exports.decisions_csv_lines(**filters),
                                         content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="decisions-{stamp}.csv"'
        return response
    return render(http_request, "reports/decisions.html", {"form": form})
