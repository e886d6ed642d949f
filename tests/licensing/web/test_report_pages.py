"""The officials' report pages: the dashboard's charts and tables, the annual report as
HTML, CSV and PDF, and the decision export, with the hand-counted figures of
tests/licensing/test_reports.py."""

import csv
import io

import pypdfium2
import pytest
from django.utils import timezone

from tests import factories
from tests.licensing.test_reports import seeded  # noqa: F401 - the hand-counted data set

pytestmark = pytest.mark.django_db


def test_the_dashboard_shows_the_figures_as_svg_charts_and_tables(signed_in, seeded):  # noqa: F811
    page = signed_in(factories.OfficerFactory()).get("/reports/")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 6
    assert "cdn" not in html.lower() and "<script src=\"http" not in html
    context = page.context
    assert {s: n for s, _, n in context["states"]}["denied"] == 2
    assert [(k, t.quantity) for k, t in context["by_destination"]] == [("PL", 810), ("DE", 300)]
    assert context["denials"] == [("7", 2), ("1", 1)]
    assert context["processing"].decided == 4
    assert "300000.00 EUR" in html  # PL's licensed value, in the table under the chart
    assert "Consultations outstanding by body" in html


def test_reports_are_for_officials(signed_in, applicant):
    client = signed_in(applicant)
    for url in ("/reports/", "/reports/annual/", "/reports/decisions/?export=csv"):
        assert client.get(url).status_code == 403


def test_the_annual_report_as_csv(signed_in, auditor, seeded):  # noqa: F811
    year = timezone.localdate().year
    response = signed_in(auditor).get(f"/reports/annual/?year={year}&format=csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    pl_ml3_eur = next(r for r in rows if (r["destination"], r["category"], r["currency"]) ==
                      ("PL", "ML3", "EUR"))
    assert (pl_ml3_eur["licences_issued"], pl_ml3_eur["authorised_quantity"],
            pl_ml3_eur["authorised_value"], pl_ml3_eur["exported_quantity"],
            pl_ml3_eur["exported_value"]) == ("1", "800", "280000.00", "500", "175000.00")
    assert pl_ml3_eur["destination_name"] == "Poland"
    assert len(rows) == 5


def test_the_annual_report_as_pdf(signed_in, auditor, seeded):  # noqa: F811
    year = timezone.localdate().year
    response = signed_in(auditor).get(f"/reports/annual/?year={year}&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert f"Annual export report {year}" in text
    assert "280000.00" in text and "1000000.00" in text


def test_the_annual_report_page(signed_in, auditor, seeded):  # noqa: F811
    html = signed_in(auditor).get("/reports/annual/").content.decode()
    assert "Poland (PL)" in html and "175000.00" in html


def test_the_decision_export_filters(signed_in, officer, seeded):  # noqa: F811
    client = signed_in(officer)
    assert client.get("/reports/decisions/").status_code == 200
    response = client.get("/reports/decisions/?export=csv&outcome=denied")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [(int(r["request_id"]), r["outcome"], r["criteria"]) for r in rows] == [
        (seeded["C"].pk, "denied", "7"), (seeded["D"].pk, "denied", "1 7")]
    assert rows[1]["values"] == "1000000.00 EUR" and rows[1]["working_days"] == "0"
