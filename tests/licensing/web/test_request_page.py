"""The request page: everything on one page, only the actions the user may take now, each
with its form; refused and conflicting actions shown as clear messages, never a 500."""

import pytest
from django.utils import timezone

from licensing.models import AuditEvent, Finding, RequestStatus, ScreeningRun
from licensing.services import requests as request_services
from tests import factories

pytestmark = pytest.mark.django_db


def action_slugs(response):
    return [entry["action"].slug for entry in response.context["action_forms"]]


def test_everything_about_a_request_on_one_page(signed_in, officer, transit_embargo):
    shipment_request = factories.submitted_request()
    response = signed_in(officer).get(f"/requests/{shipment_request.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Polish Armed Forces", "Agencja Uzbrojenia", "Hungary (HU)", "Slovakia (SK)",
                 "7.62x39 mm ball cartridges", shipment_request.end_user_certificate.number,
                 "Submitted", "Screening completed", "Test decision 2026/1",
                 "arms_embargo"):
        assert text in html, text
    document = shipment_request.documents.get()
    assert f"/requests/{shipment_request.pk}/documents/{document.pk}/" in html
    assert "<iframe" in html  # the certificate is viewable inline
    # An open finding blocks verification: the form to clear it is there, the reason why
    # verification is not possible yet too, and verification is not offered.
    assert "Clear this finding" in html
    assert "must be cleared with a reason" in html
    assert "verify-end-user" not in action_slugs(response)
    assert set(action_slugs(response)) == {"request-changes", "deny"}


def test_clearing_a_finding_needs_a_reason(signed_in, officer, transit_embargo):
    shipment_request = factories.submitted_request()
    finding = shipment_request.findings.get(severity="medium")
    client = signed_in(officer)
    url = f"/requests/{shipment_request.pk}/findings/{finding.pk}/clear/"
    refused = client.post(url, {f"finding-{finding.pk}-reason": "  "})
    assert refused.status_code == 400
    assert "This field is required" in refused.content.decode()
    finding.refresh_from_db()
    assert finding.cleared_at is None
    cleared = client.post(url, {f"finding-{finding.pk}-reason": "Transit by sealed rail."})
    assert cleared.status_code == 302
    finding.refresh_from_db()
    assert finding.clearance_reason == "Transit by sealed rail."
    page = client.get(f"/requests/{shipment_request.pk}/")
    assert "verify-end-user" in action_slugs(page)
    assert AuditEvent.objects.filter(action="finding.cleared", actor=officer).exists()


def test_an_officer_verifies_the_end_user(signed_in, officer):
    shipment_request = factories.submitted_request()
    response = signed_in(officer).post(
        f"/requests/{shipment_request.pk}/actions/verify-end-user/",
        {"verify-channel": "embassy", "verify-reference": "Note 12/2026",
         "verify-verified_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    shipment_request.refresh_from_db()
    assert shipment_request.status == RequestStatus.END_USER_VERIFIED
    assert shipment_request.end_user_verification.verified_by == officer


def test_a_conflicting_action_is_a_clear_message_not_an_error(signed_in, officer):
    shipment_request = factories.verified_request()
    response = signed_in(officer).post(
        f"/requests/{shipment_request.pk}/actions/verify-end-user/",
        {"verify-channel": "embassy", "verify-reference": "again",
         "verify-verified_on": timezone.localdate().isoformat()})
    assert response.status_code == 409
    assert ("The end user is verified on a submitted request; this one is end user "
            "verified.") in response.content.decode()


def test_the_approver_who_verified_is_offered_no_grant_and_a_forged_post_is_refused(
        signed_in, approver):
    shipment_request = factories.verified_request(officer=approver)
    client = signed_in(approver)
    page = client.get(f"/requests/{shipment_request.pk}/")
    assert "grant-special-approval" not in action_slugs(page)
    # Not offered, and the page says why (four eyes).
    assert "You verified the end user; a second approver must grant special approval" in \
        page.content.decode()
    forged = client.post(f"/requests/{shipment_request.pk}/actions/grant-special-approval/",
                         {"grant-reason": "Looks fine to me."})
    assert forged.status_code == 403
    assert "a second approver must grant special approval" in forged.content.decode()
    shipment_request.refresh_from_db()
    assert shipment_request.status == RequestStatus.END_USER_VERIFIED


def test_another_approver_grants_special_approval(signed_in, approver):
    shipment_request = factories.verified_request()
    item = shipment_request.items.get()
    client = signed_in(approver)
    assert "grant-special-approval" in action_slugs(client.get(f"/requests/{shipment_request.pk}/"))
    response = client.post(f"/requests/{shipment_request.pk}/actions/grant-special-approval/", {
        "grant-reason": "Allied armed forces.", "grant-other_conditions": "No re-export.\n",
        f"grant-approved_{item.pk}": "500000"})
    assert response.status_code == 302
    shipment_request.refresh_from_db()
    licence = shipment_request.licence
    assert [c["text"] for c in licence.conditions] == ["No re-export."]
    assert licence.items.get().approved_quantity == 500000
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert licence.number in page
    assert "Suspend the licence" in page


def test_deny_cites_criteria(signed_in, officer):
    shipment_request = factories.submitted_request()
    client = signed_in(officer)
    url = f"/requests/{shipment_request.pk}/actions/deny/"
    missing = client.post(url, {"deny-reason": "Risk of diversion."})
    assert missing.status_code == 400
    response = client.post(url, {"deny-reason": "Risk of diversion.", "deny-criteria": ["7"]})
    assert response.status_code == 302
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "Risk of diversion." in page
    assert "Criteria relied on" in page


def test_the_applicant_records_a_shipment_and_sees_the_licence(signed_in):
    shipment_request = factories.approved_request()
    item = shipment_request.items.get()
    client = signed_in(shipment_request.created_by)
    page = client.get(f"/requests/{shipment_request.pk}/")
    assert shipment_request.licence.number in page.content.decode()
    assert "record-shipment" in action_slugs(page)
    response = client.post(f"/requests/{shipment_request.pk}/actions/record-shipment/", {
        "shipment-shipped_on": timezone.localdate().isoformat(), "shipment-carrier": "Jadran",
        "shipment-customs_declaration": "RS-EX-1", "shipment-route": "hu, sk",
        f"shipment-quantity_{item.pk}": str(item.quantity), "shipment-final": "on"})
    assert response.status_code == 302
    shipment_request.refresh_from_db()
    assert shipment_request.status == RequestStatus.SHIPPED
    shipment = shipment_request.licence.shipments.get()
    assert shipment.route == ["HU", "SK"]


def test_an_applicant_cannot_open_another_organisations_request(signed_in, applicant):
    theirs = factories.submitted_request()
    client = signed_in(applicant)
    document = theirs.documents.get()
    assert client.get(f"/requests/{theirs.pk}/").status_code == 404
    assert client.get(f"/requests/{theirs.pk}/documents/{document.pk}/").status_code == 404
    assert client.post(f"/requests/{theirs.pk}/actions/withdraw/",
                       {"withdraw-reason": "x"}).status_code == 404
    assert client.get(f"/requests/{theirs.pk}/screening/").status_code == 404


def test_the_auditor_reads_everything_and_may_do_nothing(signed_in, auditor):
    shipment_request = factories.submitted_request()
    client = signed_in(auditor)
    page = client.get(f"/requests/{shipment_request.pk}/")
    assert page.status_code == 200
    assert action_slugs(page) == []
    assert "read-only" in page.content.decode()
    forged = client.post(f"/requests/{shipment_request.pk}/actions/deny/",
                         {"deny-reason": "x", "deny-criteria": ["7"]})
    assert forged.status_code == 403
    shipment_request.refresh_from_db()
    assert shipment_request.status == RequestStatus.SUBMITTED


def test_the_certificate_is_streamed_inline_to_officials(signed_in, officer):
    shipment_request = factories.submitted_request()
    document = shipment_request.documents.get()
    response = signed_in(officer).get(
        f"/requests/{shipment_request.pk}/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_the_screening_panel_polls_while_screening_runs_then_swaps_the_page(signed_in,
                                                                            officer):
    shipment_request = factories.draft_request()
    request_services.submit_request(actor=shipment_request.created_by, request=shipment_request)
    client = signed_in(officer)
    url = f"/requests/{shipment_request.pk}/screening/"
    running = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in running
    assert "hx-swap-oob" not in running
    factories.run_queued_screening(shipment_request)
    assert shipment_request.screening_runs.get().status == ScreeningRun.Status.COMPLETED
    done = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' not in done
    assert 'id="actions-panel" aria-labelledby="actions-heading" hx-swap-oob="true"' in done
    assert "Verify the end user" in done


def test_a_system_denial_shows_the_rule(signed_in, officer):
    from licensing.models import AtWarCountry

    AtWarCountry.objects.create(country="RU", valid_from="2022-02-24", basis="national decree")
    shipment_request = factories.submitted_request(destination_country="RU")
    assert shipment_request.status == RequestStatus.DENIED
    html = signed_in(officer).get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "automatically by screening" in html
    assert "at_war_country" in html
    assert "NAT-WAR" in html
    assert Finding.objects.filter(request=shipment_request, severity="prohibition").exists()
