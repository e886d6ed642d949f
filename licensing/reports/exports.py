"""The annual export report and the decision export as files: CSV (streamed where it can
be long) and the annual report as PDF (WeasyPrint, nothing fetched)."""

import csv
import io

from django.template.loader import render_to_string
from django.utils import timezone
from django_countries import countries

from licensing.models import ControlCategory
from licensing.reports import selectors

ANNUAL_COLUMNS = [
    "year", "destination", "destination_name", "category", "category_description",
    "currency", "licences_issued", "authorised_quantity", "authorised_value", "refusals",
    "refused_quantity", "refused_value", "shipments", "exported_quantity", "exported_value"]
DECISION_COLUMNS = [
    "request_id", "applicant_reference", "organisation", "destination", "outcome",
    "decided_at", "decided_by", "first_submitted", "working_days", "categories", "quantity",
    "values", "criteria", "reason"]


def _category_label(code):
    return dict(ControlCategory.choices).get(code, code)


def annual_csv(year: int) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ANNUAL_COLUMNS)
    for r in selectors.annual_export_report(year):
        writer.writerow([year, r.destination, countries.name(r.destination), r.category,
                         _category_label(r.category), r.currency, r.licences,
                         r.authorised_quantity, r.authorised_value, r.refusals,
                         r.refused_quantity, r.refused_value, r.shipments, r.exported_quantity,
                         r.exported_value])
    return buffer.getvalue()


def annual_context(year: int) -> dict:
    from django.conf import settings

    rows = selectors.annual_export_report(year)
    return {"year": year, "rows": [(r, countries.name(r.destination),
                                    _category_label(r.category)) for r in rows],
            "totals": selectors.annual_totals(rows), "authority": settings.AUTHORITY_NAME,
            "generated_at": timezone.now()}


def annual_pdf(year: int) -> bytes:
    from weasyprint import HTML

    from licensing.services.licence_documents import restrictive_url_fetcher

    html = render_to_string("reports/annual_pdf.html", annual_context(year))
    return HTML(string=html, base_url=None, url_fetcher=restrictive_url_fetcher()).write_pdf()


class _Line:
    def write(self, value):
        return value


def _safe(text) -> str:
    text = "" if text is None else str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def decisions_csv_lines(**filters):
    writer = csv.writer(_Line())
    yield writer.writerow(DECISION_COLUMNS)
    for d in selectors.decisions(**filters):
        r = d.request
        yield writer.writerow([
            r.pk, _safe(r.applicant_reference), _safe(r.organisation.name),
            str(r.destination_country), d.outcome, r.decided_at.isoformat(),
            r.decided_by.email if r.decided_by else "system",
            d.first_submitted.isoformat() if d.first_submitted else "",
            "" if d.working_days is None else d.working_days, " ".join(d.categories),
            d.quantity, " ".join(f"{v} {c}" for c, v in d.values.items()),
            " ".join(d.criteria), _safe(r.decision_reason)])
