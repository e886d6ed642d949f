"""The request page's screening section: when the request was last screened (the last
completed run, not a run still queued) and a run in progress; clearing reopened findings;
marking a denied-party match as a false positive, and revoking a mark."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from licensing.models import AuditEvent, FalsePositiveMark, RequestStatus, ScreeningRun
from licensing.services import party_screening
from licensing.services import screening as screening_services
from licensing.services.list_imports import import_denied_party_list
from tests import factories

pytestmark = pytest.mark.django_db

NATIONAL_LIST = Path(__file__).resolve().parents[1] / "data" / "national_list.csv"


def import_national_list():
    return import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                    paths=[NATIONAL_LIST])


def naming(party_name):
    """A submitted request whose end user is `party_name` (in Serbia), screened."""
    return factories.submitted_request(parties=[
        {"role": "end_user", "name": party_name, "country": "RS", "address": "Belgrade",
         "end_user_type": "armed_forces"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL", "address": "Warsaw",
         "end_user_type": ""}])


def party_finding(shipment_request):
    run = (shipment_request.screening_runs.filter(status="completed")
           .order_by("-finished_at", "-id").first())
    return run.findings.filter(check_name="denied_party").first()


# --- last screened ---

def test_last_screened_is_the_last_completed_run_while_a_new_one_is_queued(signed_in, officer,
                                                                          transit_embargo):
    shipment_request = factories.submitted_request()
    first = shipment_request.screening_runs.get()
    ScreeningRun.objects.filter(pk=first.pk).update(
        finished_at=datetime(2026, 1, 5, 10, 30, tzinfo=UTC))
    again = screening_services.queue_screening(request=shipment_request,
                                               trigger=ScreeningRun.Trigger.MANUAL)
    client = signed_in(officer)

    page = client.get(f"/requests/{shipment_request.pk}/")
    html = page.content.decode()
    assert page.context["last_screened"].pk == first.pk
    assert page.context["latest_run"].pk == again.pk
    assert 'id="last-screened"' in html and "5 Jan 2026 10:30" in html
    assert 'id="screening-in-progress"' in html and "Screening again" in html
    # The last completed run's findings stay in view, without forms while the section is
    # refreshed every 2 s.
    assert 'hx-trigger="every 2s"' in html
    assert "Test decision 2026/1" in html
    assert "Clear this finding" not in html

    factories.run_queued_screening(shipment_request)
    again.refresh_from_db()
    panel = client.get(f"/requests/{shipment_request.pk}/screening/")
    html = panel.content.decode()
    assert panel.context["last_screened"].pk == again.pk
    assert again.finished_at > first.finished_at
    assert 'id="screening-in-progress"' not in html
    assert 'hx-trigger="every 2s"' not in html
    assert 'hx-swap-oob="true"' in html  # status, actions and history swapped in too
    assert "Clear this finding" in html


def test_a_request_never_screened_to_the_end_says_so(signed_in, officer):
    shipment_request = factories.draft_request()
    from licensing.services import requests as request_services

    request_services.submit_request(actor=shipment_request.created_by, request=shipment_request)
    html = signed_in(officer).get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "not yet: no screening run has finished" in html
    assert "Screening is running" in html


def test_a_failed_latest_run_keeps_the_last_completed_findings_in_view(signed_in, officer,
                                                                      transit_embargo):
    shipment_request = factories.submitted_request()
    first = shipment_request.screening_runs.get()
    failed = screening_services.queue_screening(request=shipment_request,
                                                trigger=ScreeningRun.Trigger.MANUAL)
    screening_services.mark_run_failed(failed.pk, "worker lost")
    page = signed_in(officer).get(f"/requests/{shipment_request.pk}/")
    html = page.content.decode()
    assert page.context["last_screened"].pk == first.pk
    assert 'id="screening-failed"' in html and "retried automatically" in html
    assert "Test decision 2026/1" in html
    assert 'hx-trigger="every 2s"' not in html


def test_findings_reopened_on_a_verified_request_are_cleared_on_the_page(signed_in, officer):
    from licensing.models import ArmsEmbargo

    shipment_request = factories.verified_request()
    # A list change after verification: the re-run finds something new, which must be
    # cleared before special approval.
    ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="partial",
                               legal_basis="Test decision 2026/2")
    screening_services.queue_screening(request=shipment_request,
                                       trigger=ScreeningRun.Trigger.LIST_CHANGE)
    factories.run_queued_screening(shipment_request)
    assert shipment_request.status == RequestStatus.END_USER_VERIFIED
    finding = shipment_request.findings.get(severity="medium", cleared_at__isnull=True)
    client = signed_in(officer)
    assert "Clear this finding" in client.get(f"/requests/{shipment_request.pk}/").content.decode()
    response = client.post(f"/requests/{shipment_request.pk}/findings/{finding.pk}/clear/",
                           {f"finding-{finding.pk}-reason": "Transit by sealed rail."})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.cleared_by == officer


# --- false-positive marks ---

def test_an_officer_marks_a_party_match_as_a_false_positive_with_a_reason(signed_in, officer):
    import_national_list()
    shipment_request = naming("Balkan Defence Trade doo")
    finding = party_finding(shipment_request)
    assert finding.evidence["entry"]["source_id"] == "NAT-0002"
    client = signed_in(officer)
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "Mark as a false positive" in page
    url = f"/requests/{shipment_request.pk}/findings/{finding.pk}/mark-false-positive/"

    refused = client.post(url, {f"fp-{finding.pk}-reason": "  "})
    assert refused.status_code == 400
    assert "This field is required" in refused.content.decode()
    assert not FalsePositiveMark.objects.exists()

    response = client.post(url, {f"fp-{finding.pk}-reason": "Other company, register 123."})
    assert response.status_code == 302
    mark = FalsePositiveMark.objects.get()
    assert (mark.entry_source_id, mark.marked_by, mark.reason) == (
        "NAT-0002", officer, "Other company, register 123.")
    assert AuditEvent.objects.filter(action="false_positive.marked",
                                     request=shipment_request).exists()
    # Screening starts again; once it has run, the match is gone and the mark is listed.
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert 'id="screening-in-progress"' in page
    factories.run_queued_screening(shipment_request)
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert party_finding(shipment_request) is None
    assert 'id="false-positive-marks"' in page
    assert "National list entry NAT-0002 is not “Balkan Defence Trade doo”" in page
    assert "Other company, register 123." in page
    assert "Revoke this mark" in page


def test_marking_the_same_match_twice_is_a_conflict_and_other_findings_cannot_be_marked(
        signed_in, officer, approver):
    import_national_list()
    shipment_request = naming("Balkan Defence Trade doo")
    finding = party_finding(shipment_request)
    url = f"/requests/{shipment_request.pk}/findings/{finding.pk}/mark-false-positive/"
    assert signed_in(officer).post(url, {f"fp-{finding.pk}-reason": "Other company."}) \
        .status_code == 302
    twice = signed_in(approver).post(url, {f"fp-{finding.pk}-reason": "Again."})
    assert twice.status_code == 409
    assert "already marked" in twice.content.decode()
    trader = shipment_request.findings.get(check_name="end_user_trader")  # "…Trade doo"
    other = signed_in(approver).post(
        f"/requests/{shipment_request.pk}/findings/{trader.pk}/mark-false-positive/",
        {f"fp-{trader.pk}-reason": "Not a trader."})
    assert other.status_code == 400
    assert "Only a denied-party name match can be marked" in other.content.decode()
    assert FalsePositiveMark.objects.count() == 1


def test_a_mark_is_revoked_from_the_request_page_and_the_match_comes_back(signed_in, approver):
    import_national_list()
    shipment_request = naming("Balkan Defence Trade doo")
    finding = party_finding(shipment_request)
    mark = party_screening.mark_false_positive(actor=factories.OfficerFactory(),
                                               finding=finding, reason="Other company.")
    factories.run_queued_screening(shipment_request)
    client = signed_in(approver)
    url = f"/requests/{shipment_request.pk}/false-positive-marks/{mark.pk}/revoke/"
    assert client.post(url, {f"mark-{mark.pk}-reason": ""}).status_code == 400
    response = client.post(url, {f"mark-{mark.pk}-reason": "Register number matches."})
    assert response.status_code == 302
    mark.refresh_from_db()
    assert (mark.revoked_by, mark.revocation_reason) == (approver, "Register number matches.")
    factories.run_queued_screening(shipment_request)
    again = party_finding(shipment_request)
    assert again is not None and again.cleared_at is None
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "Revoked" in page and "Register number matches." in page
    assert "Revoke this mark" not in page
    assert "Mark as a false positive" in page  # the match may be marked again


def test_marks_are_for_caseworkers_auditors_read_them_applicants_never_see_them(
        signed_in, auditor):
    import_national_list()
    shipment_request = naming("Balkan Defence Trade doo")
    finding = party_finding(shipment_request)
    mark = party_screening.mark_false_positive(actor=factories.OfficerFactory(),
                                               finding=finding, reason="Other company.")
    factories.run_queued_screening(shipment_request)
    mark_url = f"/requests/{shipment_request.pk}/findings/{finding.pk}/mark-false-positive/"
    revoke_url = f"/requests/{shipment_request.pk}/false-positive-marks/{mark.pk}/revoke/"

    client = signed_in(auditor)
    page = client.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "National list entry NAT-0002" in page
    assert "Revoke this mark" not in page
    assert client.post(revoke_url, {f"mark-{mark.pk}-reason": "x"}).status_code == 403

    applicant = signed_in(shipment_request.created_by)
    page = applicant.get(f"/requests/{shipment_request.pk}/").content.decode()
    assert "false-positive-marks" not in page
    assert applicant.post(mark_url, {f"fp-{finding.pk}-reason": "x"}).status_code == 404
    assert applicant.post(revoke_url, {f"mark-{mark.pk}-reason": "x"}).status_code == 404
    mark.refresh_from_db()
    assert mark.revoked_at is None


def test_a_mark_on_another_partys_name_is_not_found_from_this_request(signed_in, officer):
    import_national_list()
    marked = naming("Balkan Defence Trade doo")
    mark = party_screening.mark_false_positive(actor=officer, finding=party_finding(marked),
                                               reason="Other company.")
    unrelated = factories.submitted_request()
    response = signed_in(officer).post(
        f"/requests/{unrelated.pk}/false-positive-marks/{mark.pk}/revoke/",
        {f"mark-{mark.pk}-reason": "x"})
    assert response.status_code == 404
