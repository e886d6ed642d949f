"""The whole journey in a real browser, as real users: the applicant drafts and submits, the
screening result appears by itself, the officer clears a finding and verifies the end user,
the approver (enrolling an authenticator on first sign-in) grants special approval, the
applicant records the shipment, and the auditor finds every step in the log and exports it.
Every main page is checked with axe-core on the way."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from licensing.demo_documents import minimal_pdf
from licensing.models import ArmsEmbargo, AuditAction, RequestStatus, ShipmentRequest
from tests import factories
from tests.browser.conftest import assert_accessible, code_for_secret, enrolled_official, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REFERENCE = "NG-2026-0777"
STEPS = ["request.created", "document.uploaded", "request.submitted", "screening.completed",
         "finding.cleared", "request.end_user_verified", "request.special_approval_granted",
         "licence.issued", "shipment.recorded", "request.shipped"]


def fill_request_form(page, euc_path):
    page.get_by_label("Your reference", exact=True).fill(REFERENCE)
    page.get_by_label("Destination country", exact=True).select_option("PL")
    page.get_by_label("End use", exact=True).fill("Training ammunition for the armed forces")
    # Two parties: the form starts with an end user and a consignee row.
    page.fill("#id_parties-0-name", "Polish Armed Forces")
    page.fill("#id_parties-0-address", "Al. Niepodległości 218, Warsaw")
    page.select_option("#id_parties-0-country", "PL")
    page.select_option("#id_parties-0-end_user_type", "armed_forces")
    page.fill("#id_parties-1-name", "Agencja Uzbrojenia")
    page.fill("#id_parties-1-address", "ul. Królewska 1, Warsaw")
    page.select_option("#id_parties-1-country", "PL")
    # A transit country, added as a new row.
    page.get_by_role("button", name="Add a transit country").click()
    page.select_option("#id_transit-0-country", "SK")
    # Two items: the first row is there, the second is added.
    page.fill("#id_items-0-description", "7.62x39 mm ball cartridges")
    page.select_option("#id_items-0-control_category", "ML3")
    page.fill("#id_items-0-quantity", "100000")
    page.fill("#id_items-0-unit", "rounds")
    page.fill("#id_items-0-value", "35000.00")
    page.get_by_role("button", name="Add an item").click()
    page.fill("#id_items-1-description", "Fuze setting devices")
    page.select_option("#id_items-1-control_category", "ML3")
    page.fill("#id_items-1-quantity", "20")
    page.fill("#id_items-1-value", "4000.00")
    page.fill("#id_items-1-currency", "EUR")
    # The certificate and its document.
    page.get_by_label("Certificate number", exact=True).fill("PL/MON/2026/0777")
    page.get_by_label("Issuing country", exact=True).select_option("PL")
    page.get_by_label("Issuing authority", exact=True).fill("Ministry of National Defence")
    page.get_by_label("Issue date", exact=True).fill("2026-10-01")
    page.get_by_label("The certificate has a non-re-export clause", exact=True).check()
    page.set_input_files("#id_euc-document", str(euc_path))


def test_the_whole_journey(open_page, celery_worker, tmp_path):
    # A partial embargo on Slovakia: transit through it is a finding an officer must clear.
    ArmsEmbargo.objects.create(country="SK", imposer="OSCE", scope="partial",
                               legal_basis="OSCE decision 2026/7")
    applicant = factories.ApplicantFactory()
    officer = enrolled_official(factories.OfficerFactory)
    approver = factories.ApproverFactory()  # no authenticator yet: enrols on first sign-in
    auditor = enrolled_official(factories.AuditorFactory)
    euc_path = tmp_path / "EUC-PL-MON-2026-0777.pdf"
    euc_path.write_bytes(minimal_pdf("EUC PL/MON/2026/0777"))

    # --- the applicant drafts and submits ---
    maker = open_page("applicant")
    maker.goto("/accounts/login/")
    assert_accessible(maker, "sign-in")
    sign_in(maker, applicant)
    assert_accessible(maker, "applicant's list")
    maker.get_by_role("link", name="New request").first.click()
    assert_accessible(maker, "request form")
    fill_request_form(maker, euc_path)
    maker.get_by_role("button", name="Save and submit").click()
    expect(maker.locator("#request-status")).to_contain_text("Submitted")
    # The screening result appears without reloading the page (htmx polls while it runs).
    expect(maker.locator("#screening-summary")).to_contain_text("1 open", timeout=45_000)
    expect(maker.locator("#findings")).to_contain_text("OSCE decision 2026/7")
    assert_accessible(maker, "applicant's request page")
    shipment_request = ShipmentRequest.objects.get(applicant_reference=REFERENCE)
    assert [p.role for p in shipment_request.parties.all()] == ["end_user", "consignee"]
    assert shipment_request.items.count() == 2
    assert [str(t.country) for t in shipment_request.transit_countries.all()] == ["SK"]

    # --- the officer clears the finding and verifies the end user ---
    desk = open_page("officer")
    sign_in(desk, officer)
    expect(desk.get_by_role("heading", name="Work queue")).to_be_visible()
    assert_accessible(desk, "work queue")
    desk.get_by_role("link", name=REFERENCE).click()
    assert_accessible(desk, "officer's request page")
    expect(desk.locator("#blocked-actions")).to_contain_text("must be cleared with a reason")
    desk.locator("#findings").get_by_label("Reason", exact=True).fill(
        "Sealed rail transit through Slovakia; OSCE measure targets other goods.")
    desk.get_by_role("button", name="Clear this finding").click()
    expect(desk.locator("#findings")).to_contain_text("Cleared")
    desk.get_by_label("How the certificate was verified", exact=True).select_option("embassy")
    desk.get_by_label("Reference (note, letter or report number)", exact=True).fill(
        "Embassy Warsaw 2026/88")
    desk.get_by_role("button", name="Record the verification").click()
    expect(desk.locator("#request-status")).to_contain_text("End user verified")
    # The consulted bodies consent and the officer assesses the criteria (walked in the
    # browser by tests/browser/test_consultation_journey.py).
    factories.consent_everywhere(shipment_request)
    factories.assess_mandatory_criteria(shipment_request, officer=officer)

    # --- the approver enrols an authenticator, then grants special approval ---
    senior = open_page("approver")
    sign_in(senior, approver)
    expect(senior.get_by_role("heading", name="Set up your authenticator app")).to_be_visible()
    expect(senior.locator("#totp-qr svg")).to_be_visible()
    assert_accessible(senior, "authenticator enrolment")
    secret = senior.locator("#totp-secret").inner_text().strip()
    senior.get_by_label("Authentication code", exact=True).fill(code_for_secret(secret))
    senior.get_by_role("button", name="Confirm and continue").click()
    expect(senior.get_by_role("heading", name="Work queue")).to_be_visible()
    senior.get_by_role("link", name=REFERENCE).click()
    senior.get_by_label("Reason for the approval", exact=True).fill(
        "Allied armed forces; EUC verified.")
    senior.locator("#id_grant-other_conditions").fill(
        "Delivery verification certificate within 90 days.")
    senior.get_by_role("button", name="Grant special approval").click()
    expect(senior.locator("#request-status")).to_contain_text("Special approval granted")
    licence_number = ShipmentRequest.objects.get(pk=shipment_request.pk).licence.number
    expect(senior.locator("#licence")).to_contain_text(licence_number)

    # --- the applicant sees the licence and records the shipment ---
    maker.reload()
    expect(maker.locator("#licence")).to_contain_text(licence_number)
    maker.get_by_label("Carrier", exact=True).fill("Jadran Cargo d.o.o.")
    maker.get_by_label("Customs declaration number", exact=True).fill("RS-EX-2026-0777")
    maker.locator("#id_shipment-route").fill("HU, SK")
    maker.get_by_label("Quantity of 7.62x39 mm ball cartridges (rounds) (optional)",
                       exact=True).fill("100000")
    maker.get_by_label("Quantity of Fuze setting devices (pieces) (optional)",
                       exact=True).fill("20")
    maker.get_by_label("This is the last consignment under this licence", exact=True).check()
    maker.get_by_role("button", name="Record the shipment").click()
    expect(maker.locator("#request-status")).to_contain_text("Shipped")
    assert ShipmentRequest.objects.get(pk=shipment_request.pk).status == RequestStatus.SHIPPED
    # The licence's extras: its signed PDF (made by the worker), the public verification
    # link, and the shipment's proof of delivery, to upload.
    expect(maker.locator("#licence")).to_contain_text("Public verification")
    expect(maker.locator("#licence")).to_contain_text("Proof of delivery")
    expect(maker.locator("#licence")).to_contain_text("RS-EX-2026-0777")
    assert_accessible(maker, "request page with the licence and shipment")

    # --- the auditor finds every step and exports the log ---
    audit = open_page("auditor")
    sign_in(audit, auditor)
    expect(audit.get_by_role("heading", name="Audit log")).to_be_visible()
    audit.locator("#id_request").fill(REFERENCE)
    audit.get_by_role("button", name="Apply").click()
    table = audit.locator("#audit-table")
    for step in STEPS:  # shown by name; the export keeps the codes
        expect(table).to_contain_text(str(AuditAction(step).label))
    assert_accessible(audit, "audit log")
    with audit.expect_download() as download:
        audit.get_by_role("link", name="Export to CSV").click()
    exported = list(csv.DictReader(io.StringIO(
        Path(download.value.path()).read_text(encoding="utf-8"))))
    assert {row["action"] for row in exported} >= set(STEPS)
    assert {row["request_reference"] for row in exported} == {REFERENCE}
    audit.get_by_role("link", name="Check integrity").click()
    audit.get_by_role("button", name="Run the integrity check").click()
    # The check runs on the Celery worker; the page polls its progress until the verdict.
    expect(audit.locator("#integrity-verdict")).to_contain_text("The chain is intact",
                                                                timeout=45_000)
    assert_accessible(audit, "integrity check")
    audit.goto(f"/requests/{shipment_request.pk}/")
    expect(audit.locator("#no-actions")).to_contain_text("read-only")
    expect(audit.locator("#history")).to_contain_text("Finding cleared")
