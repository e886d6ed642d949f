"""The rules as users meet them in the browser: four eyes on special approval (no button, and
a forged POST refused), a request to a country at war denied on screen with the rule shown,
another organisation's request not found, and the pages at phone width."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from licensing.models import AtWarCountry, RequestStatus, ShipmentRequest
from licensing.services.list_imports import import_denied_party_list
from tests import factories
from tests.browser.conftest import assert_accessible, enrolled_official, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

NATIONAL_LIST = Path(__file__).resolve().parents[1] / "licensing" / "data" / "national_list.csv"


def test_the_approver_who_verified_gets_no_grant_and_a_forged_post_is_refused(open_page):
    approver = enrolled_official(factories.ApproverFactory)
    shipment_request = factories.verified_request(officer=approver)
    page = open_page("approver")
    sign_in(page, approver)
    page.goto(f"/requests/{shipment_request.pk}/")
    expect(page.locator("#request-status")).to_contain_text("End user verified")
    expect(page.locator("#action-grant-special-approval")).to_have_count(0)
    expect(page.locator("#blocked-actions")).to_contain_text(
        "You verified the end user; a second approver must grant special approval")
    expect(page.locator("#actions-panel")).to_contain_text("Deny the request")
    # A forged form, posted from the page with the session's own CSRF token.
    page.evaluate("""(url) => {
        const form = document.createElement('form');
        form.method = 'post'; form.action = url;
        const token = document.querySelector('input[name=csrfmiddlewaretoken]').cloneNode();
        const reason = document.createElement('input');
        reason.name = 'grant-reason'; reason.value = 'I verified it myself, so it is fine.';
        form.append(token, reason); document.body.append(form); form.submit();
    }""", f"/requests/{shipment_request.pk}/actions/grant-special-approval/")
    expect(page.locator("#action-error")).to_contain_text(
        "a second approver must grant special approval")
    assert ShipmentRequest.objects.get(pk=shipment_request.pk).status == \
        RequestStatus.END_USER_VERIFIED
    assert_accessible(page, "refused action")


def test_a_request_to_a_country_at_war_ends_denied_on_screen_with_the_rule(open_page,
                                                                            celery_worker):
    AtWarCountry.objects.create(country="RU", valid_from="2022-02-24",
                                basis="Government decree 2022/17")
    applicant = factories.ApplicantFactory()
    draft = factories.draft_request(
        applicant, destination_country="RU", transit_countries=[],
        parties=[{"role": "end_user", "name": "Rosoboronexport", "country": "RU",
                  "address": "Moscow", "end_user_type": "trader_broker"},
                 {"role": "consignee", "name": "Rosoboronexport", "country": "RU",
                  "address": "Moscow", "end_user_type": ""}])
    page = open_page("applicant")
    sign_in(page, applicant)
    page.goto(f"/requests/{draft.pk}/")
    page.get_by_role("button", name="Submit", exact=True).click()
    # The worker screens it and the system denies it; the page shows it without a reload.
    expect(page.locator("#request-status")).to_contain_text("Denied", timeout=45_000)
    expect(page.locator("#decision")).to_contain_text("automatically by screening")
    expect(page.locator("#decision")).to_contain_text("NAT-WAR")
    expect(page.locator("#findings")).to_contain_text("at_war_country")
    expect(page.locator("#findings")).to_contain_text("Government decree 2022/17")
    assert_accessible(page, "denied request")


def test_an_applicant_cannot_open_another_organisations_request(open_page):
    theirs = factories.submitted_request()
    outsider = factories.ApplicantFactory()
    page = open_page("outsider")
    sign_in(page, outsider)
    response = page.goto(f"/requests/{theirs.pk}/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(theirs.applicant_reference)


def test_the_main_pages_work_at_phone_width(open_page, transit_embargo_on_hungary):
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[NATIONAL_LIST])
    officer = enrolled_official(factories.OfficerFactory)
    shipment_request = factories.submitted_request()
    page = open_page("officer-phone", width=390, height=844)
    sign_in(page, officer)
    for url in ("/queue/", f"/requests/{shipment_request.pk}/", "/queue/?state=all", "/halts/",
                "/delivery-verifications/overdue/",
                "/screening/search/?name=Dunav+Trade&country=RS"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        assert_accessible(page, f"{url} at phone width")
    expect(page.locator("#search-results")).to_contain_text("NAT-0003")
    page.get_by_role("button", name="Show the menu").click()
    expect(page.get_by_role("link", name="Work queue")).to_be_visible()
    expect(page.get_by_role("link", name="List look-up")).to_be_visible()


@pytest.fixture
def transit_embargo_on_hungary(db):
    from licensing.models import ArmsEmbargo

    return ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="partial",
                                      legal_basis="Test decision 2026/1")
