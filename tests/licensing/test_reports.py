"""Every figure of the dashboard and the annual report, against values counted by hand on
a small seeded data set (see `seeded` for the hand counts)."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from licensing.models import Finding, ScreeningRun, ShipmentRequest
from licensing.reports import selectors as reports
from licensing.services import licences, requests, special_approval
from licensing.services.calendar import seed_public_holidays
from tests import factories

pytestmark = pytest.mark.django_db


def _items(*lines):
    return [{"description": f"{category} goods", "control_category": category,
             "quantity": quantity, "unit": "pcs", "value": value, "currency": currency,
             "for_assembly_abroad": False} for category, quantity, value, currency in lines]


def _make(destination, *lines):
    today = timezone.localdate()
    return dict(
        destination_country=destination, transit_countries=[],
        parties=[{"role": "end_user", "name": "Ministry of Defence", "country": destination,
                  "address": "Capital", "end_user_type": "armed_forces"},
                 {"role": "consignee", "name": "Defence Procurement", "country": destination,
                  "address": "Capital", "end_user_type": ""}],
        items=_items(*lines),
        end_user_certificate={
            "number": f"EUC-{destination}-{len(lines)}-{lines[0][1]}", "issuing_country":
            destination, "issuing_authority": "MoD", "issue_date": today - timedelta(days=5),
            "expiry_date": today + timedelta(days=300), "non_reexport_clause": True,
            "items": [{"control_category": c, "description": "", "quantity": q}
                      for c, q, _, _ in lines]})


def _grant(request, approved=None):
    approver = factories.ApproverFactory()
    quantities = {i.pk: approved[i.control_category] for i in request.items.all()
                  } if approved else None
    special_approval.grant_special_approval(actor=approver, request=request,
                                            reason="Allied forces.",
                                            approved_quantities=quantities)
    request.refresh_from_db()
    return request


def _ship(request, quantities, final=False):
    by_category = {i.control_category: i.pk for i in request.items.all()}
    licences.record_shipment(actor=request.created_by, request=request,
                             shipped_on=timezone.localdate(), carrier="Carrier",
                             customs_declaration=f"CD-{request.pk}-{len(quantities)}",
                             quantities=[(by_category[c], q) for c, q in quantities.items()],
                             final=final)


def _deny(request, criteria):
    requests.deny_request(actor=factories.OfficerFactory(), request=request,
                          reason="Refused.", criteria=criteria)


@pytest.fixture
def seeded():
    """Hand counts (every decision today, in the current year):
    A  PL  ML3 1000 pcs 350,000.00 EUR + ML1 10 pcs 20,000.00 EUR; granted ML3 800, ML1 10;
           shipped ML3 500 and ML1 10 (not final)          -> special_approval
    B  DE  ML3 300 pcs 999.99 EUR; granted in full; shipped 300, final -> shipped
    C  PL  ML3 200 pcs 5,000.00 USD; denied citing 7
    D  FR  ML4 5 pcs 1,000,000.00 EUR; denied citing 1 and 7
    E  PL  submitted, undecided;  F withdrawn;  G draft"""
    a = _grant(factories.verified_request(**_make(
        "PL", ("ML3", 1000, "350000.00", "EUR"), ("ML1", 10, "20000.00", "EUR"))),
        approved={"ML3": 800, "ML1": 10})
    _ship(a, {"ML3": 500, "ML1": 10})
    b = _grant(factories.verified_request(**_make("DE", ("ML3", 300, "999.99", "EUR"))))
    _ship(b, {"ML3": 300}, final=True)
    c = factories.submitted_request(**_make("PL", ("ML3", 200, "5000.00", "USD")))
    _deny(c, ["7"])
    d = factories.submitted_request(**_make("FR", ("ML4", 5, "1000000.00", "EUR")))
    _deny(d, ["1", "7"])
    factories.request_in_state("submitted")
    factories.request_in_state("withdrawn")
    factories.request_in_state("draft")
    return {"A": a, "B": b, "C": c, "D": d}


def test_requests_by_state(seeded):
    assert {status: n for status, _, n in reports.requests_by_state()} == {
        "submitted": 1, "end_user_verified": 0, "awaiting_countersignature": 0,
        "special_approval": 1, "shipped": 1,
        "denied": 2, "withdrawn": 1}


def test_decisions_per_month(seeded):
    today = timezone.localdate()
    months = reports.decisions_per_month(today.year)
    assert len(months) == 12
    assert months[today.month - 1] == {"month": today.month, "granted": 2, "denied": 2}
    assert sum(m["granted"] + m["denied"] for m in months) == 4
    assert all(m["granted"] == m["denied"] == 0 for m in reports.decisions_per_month(2000))


def test_licensed_value_and_quantity_by_destination_and_by_category(seeded):
    year = timezone.localdate().year
    by_destination = [(k, t.count, t.quantity, t.values())
                      for k, t in reports.licensed_by("destination", year)]
    assert by_destination == [
        ("PL", 1, 810, {"EUR": Decimal("300000.00")}),  # 280,000 (800/1000) + 20,000
        ("DE", 1, 300, {"EUR": Decimal("999.99")}),
    ]
    by_category = [(k, t.count, t.quantity, t.values())
                   for k, t in reports.licensed_by("category", year)]
    assert by_category == [
        ("ML3", 2, 1100, {"EUR": Decimal("280999.99")}),
        ("ML1", 1, 10, {"EUR": Decimal("20000.00")}),
    ]


def test_denials_by_criterion(seeded):
    assert reports.denials_by_criterion() == [("7", 2), ("1", 1)]


def test_the_annual_export_report(seeded):
    rows = reports.annual_export_report(timezone.localdate().year)
    table = [(r.destination, r.category, r.currency, r.licences, r.authorised_quantity,
              r.authorised_value, r.refusals, r.refused_quantity, r.refused_value,
              r.shipments, r.exported_quantity, r.exported_value) for r in rows]
    zero = Decimal("0.00")
    assert table == [
        ("DE", "ML3", "EUR", 1, 300, Decimal("999.99"), 0, 0, zero, 1, 300, Decimal("999.99")),
        ("FR", "ML4", "EUR", 0, 0, zero, 1, 5, Decimal("1000000.00"), 0, 0, zero),
        ("PL", "ML1", "EUR", 1, 10, Decimal("20000.00"), 0, 0, zero, 1, 10, Decimal("20000.00")),
        ("PL", "ML3", "EUR", 1, 800, Decimal("280000.00"), 0, 0, zero, 1, 500,
         Decimal("175000.00")),
        ("PL", "ML3", "USD", 0, 0, zero, 1, 200, Decimal("5000.00"), 0, 0, zero),
    ]
    totals = reports.annual_totals(rows)
    assert totals["EUR"]["authorised_value"] == Decimal("300999.99")
    assert totals["EUR"]["exported_quantity"] == 810
    assert totals["USD"]["refused_value"] == Decimal("5000.00")
    assert reports.annual_export_report(2000) == []


def test_the_decision_export(seeded):
    all_decisions = list(reports.decisions())
    assert [(d.request.pk, d.outcome) for d in all_decisions] == [
        (seeded["A"].pk, "granted"), (seeded["B"].pk, "granted"), (seeded["C"].pk, "denied"),
        (seeded["D"].pk, "denied")]
    d = all_decisions[3]
    assert (d.criteria, d.categories, d.quantity, d.values, d.working_days) == (
        ["1", "7"], ["ML4"], 5, {"EUR": Decimal("1000000.00")}, 0)
    assert [x.request.pk for x in reports.decisions(outcome="denied", destination="PL")] == [
        seeded["C"].pk]
    assert [x.request.pk for x in reports.decisions(category="ML1")] == [seeded["A"].pk]
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert list(reports.decisions(date_from=tomorrow)) == []


def test_findings_by_check_count_completed_runs_only():
    request = factories.draft_request()
    done = ScreeningRun.objects.create(request=request, trigger="submission",
                                       status="completed", finished_at=timezone.now())
    lost = ScreeningRun.objects.create(request=request, trigger="submission", status="failed")
    for run, check, severity in [(done, "route.embargo", "medium"),
                                 (done, "route.embargo", "medium"),
                                 (done, "route.embargo", "info"),
                                 (done, "parties.denied", "high"),
                                 (lost, "parties.denied", "high")]:
        Finding.objects.create(run=run, request=request, check_name=check, severity=severity,
                               message="m", fingerprint=f"{check}{severity}{run.pk}")
    assert reports.findings_by_check() == [
        ("route.embargo", {"medium": 2, "info": 1, "total": 3}),
        ("parties.denied", {"high": 1, "total": 1}),
    ]


def at(day: date):
    return timezone.make_aware(datetime.combine(day, time(10)))


def test_processing_time_is_the_case_clock_from_first_submission_to_decision():
    """Submitted on Monday 1 June 2026, decided 0, 7, 14, 28 and 35 calendar days later:
    0, 5, 10, 20 and 25 working days (no public holiday in Serbia in that time): median 10,
    90th percentile 25, 4 of 5 within the target of 20. The clock's holidays and stops
    apply: one decided over Orthodox Christmas (7 January 2027) counts a day fewer."""
    monday = at(date(2026, 6, 1))
    for offset in (0, 7, 14, 28, 35):
        request = factories.request_in_state("denied")
        ShipmentRequest.objects.filter(pk=request.pk).update(
            submitted_at=monday, decided_at=monday + timedelta(days=offset))
    assert reports.processing_days(2026) == [0, 5, 10, 20, 25]
    result = reports.processing_time(2026)
    assert (result.decided, result.median, result.p90, result.within_target) == (
        5, Decimal(10), 25, 4)
    assert result.share_within_target == Decimal("80.0") and result.target == 20

    seed_public_holidays(actor=None, years=(2027,), country="RS")
    christmas_week = factories.request_in_state("denied")
    ShipmentRequest.objects.filter(pk=christmas_week.pk).update(
        submitted_at=at(date(2027, 1, 4)),
        decided_at=at(date(2027, 1, 11)))
    assert reports.processing_days(2027) == [4]


def test_consultations_outstanding_by_body_counts_pending_and_overdue_referrals():
    from licensing.models import Referral

    first = factories.verified_request(consulted=False)
    second = factories.verified_request(consulted=False)
    factories.consent_everywhere(second)  # nothing outstanding there
    defence = first.referrals.get(body__code="defence")
    Referral.objects.filter(pk=defence.pk).update(due_on=timezone.localdate()
                                                  - timedelta(days=1))
    rows = {r["body"]: (r["outstanding"], r["overdue"])
            for r in reports.consultations_outstanding_by_body()}
    assert rows == {"Ministry of Defence": (1, 1), "Ministry of Foreign Affairs": (1, 0),
                    "Ministry of the Interior": (1, 0), "Security Information Agency": (1, 0)}


def test_a_resubmitted_request_counts_from_its_first_submission(officer):
    request = factories.submitted_request()
    first = request.audit_events.get(action="request.submitted").at
    requests.request_changes(actor=officer, request=request, message="Fix the EUC.")
    requests.submit_request(actor=request.created_by, request=request)
    assert reports.first_submissions([request.pk]) == {request.pk: first}


def test_percentiles_and_median():
    assert reports.percentile([], 0.9) is None
    assert reports.percentile([3, 1, 2], 0.9) == 3
    assert reports.percentile(list(range(1, 11)), 0.9) == 9
    assert reports.median([4, 1, 3, 2]) == Decimal("2.5")
