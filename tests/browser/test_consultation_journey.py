"""Consultation in a real browser: the officer verifies the end user (which refers the case
to the four bodies) and assesses a criterion with the grouped picker; the Ministry of
Defence consents with a proviso and the Ministry of the Interior consents, each from their
own queue; the approver grants, and the proviso stands as a condition of the licence.
Screenshots of every page land in test-results/."""

import pytest
from playwright.sync_api import expect

from licensing.models import Referral, ShipmentRequest
from tests import factories
from tests.browser.conftest import assert_accessible, enrolled_official, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PROVISO = "The Ministry of Defence's attaché verifies the delivery on site."


def test_referral_advice_by_two_bodies_and_the_grant(open_page):
    officer = enrolled_official(factories.OfficerFactory)
    approver = enrolled_official(factories.ApproverFactory)
    request = factories.submitted_request()
    reference = request.applicant_reference

    # --- the officer verifies the end user: the case is referred to the four bodies ---
    desk = open_page("officer")
    sign_in(desk, officer)
    desk.goto(f"/requests/{request.pk}/")
    desk.get_by_label("How the certificate was verified", exact=True).select_option("embassy")
    desk.get_by_label("Reference (note, letter or report number)", exact=True).fill(
        "Embassy Warsaw 2026/88")
    desk.get_by_role("button", name="Record the verification").click()
    expect(desk.locator("#consultation-summary")).to_contain_text("0 of 4 consents")
    for body in ("Ministry of Defence", "Ministry of the Interior",
                 "Ministry of Foreign Affairs", "Security Information Agency"):
        expect(desk.locator("#consultation")).to_contain_text(body)
    expect(desk.locator("#blocked-actions, #assessment-missing").first).to_be_visible()

    # The picker: filter by a word, choose with the keyboard, record.
    desk.locator("#assessment-form summary").click()
    desk.locator("#assessment-criterion [data-picker-filter]").fill("diversion")
    expect(desk.get_by_label("7 Risk of diversion", exact=False)).to_be_visible()
    expect(desk.get_by_label("8 Compatibility", exact=False)).to_be_hidden()
    desk.get_by_label("7 Risk of diversion", exact=False).check()
    desk.locator("#assessment-form").get_by_label("No concern").check()
    desk.locator("#assessment-form").get_by_label("Reasoning").fill(
        "Armed forces of an ally; no record of re-export.")
    desk.get_by_role("button", name="Record the assessment").click()
    expect(desk.locator("#assessment")).to_contain_text("Armed forces of an ally")
    assert_accessible(desk, "request page in consultation")
    factories.assess_mandatory_criteria(request, officer=officer)  # the other twelve

    # --- the Ministry of Defence consents with a proviso, from its queue ---
    defence = open_page("defence-reviewer")
    sign_in(defence, factories.reviewer_of("defence"))
    expect(defence.get_by_role("heading", name="Consultations")).to_be_visible()
    assert_accessible(defence, "reviewer's queue")
    defence.get_by_role("link", name=reference).click()
    form = defence.locator(f"#referral-{referral_id(request, 'defence')}")
    form.get_by_label("Consent with conditions").check()
    form.get_by_label("Conditions (one per line)").fill(PROVISO)
    form.get_by_role("button", name="Give the advice").click()
    expect(defence.locator("#consultation-summary")).to_contain_text("1 of 4 consents")

    # --- the Ministry of the Interior consents ---
    interior = open_page("interior-reviewer")
    sign_in(interior, factories.reviewer_of("interior"))
    interior.get_by_role("link", name=reference).click()
    expect(interior.locator("#consultation")).to_contain_text(PROVISO)  # given advice shows
    form = interior.locator(f"#referral-{referral_id(request, 'interior')}")
    form.get_by_label("Consent", exact=True).check()
    form.get_by_label("Reasoning").fill("No objection.")
    form.get_by_role("button", name="Give the advice").click()
    expect(interior.locator("#consultation-summary")).to_contain_text("2 of 4 consents")

    # --- while two consents are missing the approver is told why; then they arrive ---
    senior = open_page("approver")
    sign_in(senior, approver)
    senior.goto(f"/requests/{request.pk}/")
    expect(senior.locator("#action-grant-special-approval")).to_contain_text(
        "Security Information Agency has not given its consent")
    for code in ("foreign_affairs", "security"):
        factories.give_advice(request.referrals.get(body__code=code), reasoning="No objection.")
    senior.goto("/queue/")
    expect(senior.locator("tr", has_text=reference)).to_contain_text("4 of 4 consents")
    senior.get_by_role("link", name=reference).click()
    senior.get_by_label("Reason for the approval", exact=True).fill("Allied armed forces.")
    senior.get_by_role("button", name="Grant special approval").click()
    expect(senior.locator("#request-status")).to_contain_text("Special approval granted")
    licence = ShipmentRequest.objects.get(pk=request.pk).licence
    assert [p.text for p in licence.provisos.all()] == [PROVISO]
    expect(senior.locator("#consultation")).to_contain_text(PROVISO)


def referral_id(request, code) -> int:
    return Referral.objects.get(request=request, body__code=code).pk
