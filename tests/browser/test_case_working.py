"""An officer works a diversion case with eleven findings by keyboard alone: from the
queue's unassigned cases (assign to me), to the case, through its findings (readable
evidence, grouped by check), selecting and clearing them in two batches with one reason
each, opening the documents; axe stays clean on every page. Screenshots are saved under
test-results/."""

import pytest
from playwright.sync_api import expect

from licensing.models import AuditAction, AuditEvent, Finding
from tests import factories
from tests.browser.cases import eleven_finding_case
from tests.browser.conftest import assert_accessible, enrolled_official, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CERTIFICATE_CHECKS = ("euc_expires_soon", "euc_issuer_country", "euc_quantity_exceeded",
                      "euc_no_reexport_clause", "euc_reused", "euc_drawn_down")


def test_an_officer_works_the_eleven_finding_case_by_keyboard(open_page):
    officer = enrolled_official(factories.OfficerFactory)
    case = eleven_finding_case()
    assert case.findings.filter(severity__in=["high", "medium"]).count() == 11
    page = open_page("officer")
    sign_in(page, officer)

    # The queue: unassigned cases (u), the first row (j), assign to me (a).
    page.goto("/queue/")
    assert_accessible(page, "work queue")
    page.keyboard.press("u")
    expect(page.locator("#tab-unassigned")).to_have_attribute("aria-current", "page")
    page.wait_for_load_state()
    page.keyboard.press("j")
    expect(page.locator("#queue-rows tr.kbd-current")).to_have_count(1)
    reference = case.applicant_reference
    while reference not in page.locator("#queue-rows tr.kbd-current").inner_text():
        page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("The case is yours")
    # My cases (m): the case is there; open it (j, Enter).
    page.keyboard.press("m")
    expect(page.locator("#tab-mine")).to_have_attribute("aria-current", "page")
    page.wait_for_load_state()
    expect(page.locator("#queue-rows")).to_contain_text(reference)
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/requests/{case.pk}/")
    page.wait_for_load_state()

    # The case page: holder, clock, evidence in words (never JSON), findings by check.
    expect(page.locator("#holder")).to_contain_text(officer.full_name)
    expect(page.locator("#clock")).to_contain_text("Overall")
    expect(page.locator("#screening")).not_to_contain_text('{"')
    expect(page.locator("#check-euc_reused")).to_contain_text("The same certificate was "
                                                              "presented on")
    expect(page.locator("#check-euc_drawn_down table")).to_contain_text("Certificate covers")
    expect(page.locator("#check-arms_embargo")).to_contain_text("Route:")
    assert_accessible(page, "case page with eleven findings")

    # Documents (d): the certificate's link has the focus.
    page.keyboard.press("d")
    expect(page.locator("#documents-link")).to_be_focused()

    # Select the six certificate findings (j ... x) and clear them with one reason (c).
    page.keyboard.press("Escape")
    certificate_ids = set(case.findings.filter(check_name__in=CERTIFICATE_CHECKS)
                          .values_list("pk", flat=True))
    visited = 0
    while visited < 11:
        page.keyboard.press("j")
        visited += 1
        current = page.locator("li.finding.kbd-current")
        finding_id = int(current.get_attribute("id").removeprefix("finding-"))
        if finding_id in certificate_ids and not current.locator(
                "input.bulk-select").is_checked():
            page.keyboard.press("x")
    expect(page.locator("#bulk-count")).to_have_text("6")
    page.keyboard.press("c")
    expect(page.locator("#id_bulk-reason")).to_be_focused()
    page.keyboard.type("The ministry confirmed the certificate by note 2026/311; "
                       "the earlier request was withdrawn.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("6 findings cleared")
    # Cleared groups are collapsed; the rest (five) cleared together with X.
    expect(page.locator("#check-euc_reused > details")).not_to_have_attribute("open", "")
    page.keyboard.press("X")
    expect(page.locator("#bulk-count")).to_have_text("5")
    page.keyboard.press("c")
    page.keyboard.type("Route and end user checked with the embassy in Warsaw.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("5 findings cleared")
    assert not Finding.objects.filter(request=case).open().exists()
    cleared = AuditEvent.objects.filter(request=case, action=AuditAction.FINDING_CLEARED)
    assert cleared.count() == 11 and cleared.values("reason").distinct().count() == 2
    assert_accessible(page, "case page, findings cleared")
