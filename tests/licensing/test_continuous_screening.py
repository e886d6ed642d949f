"""Continuous screening through a real Celery worker and Redis: a change to any list
re-screens every open request and every issued, unshipped licence, in batches; new
prohibitions deny or suspend, new findings reopen review; each run records the versions."""

from pathlib import Path

import pytest
from django.utils import timezone

from licensing.models import (
    AtWarCountry,
    AuditEvent,
    DeniedPartyList,
    Licence,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.services import licences
from licensing.services.list_imports import import_denied_party_list, save_denied_party_list
from licensing.services.reference import current_list_versions, save_reference_entry
from licensing.tasks import reimport_denied_party_lists
from tests import factories
from tests.conftest import wait_for

DATA = Path(__file__).resolve().parent / "data"


def status_of(request):
    return ShipmentRequest.objects.get(pk=request.pk).status


def licence_status_of(request):
    return Licence.objects.get(request_id=request.pk).status


@pytest.mark.django_db(transaction=True)
def test_adding_a_destination_to_the_at_war_list_denies_its_open_requests_and_suspends_its_licences(
        celery_worker):
    applicant = factories.ApplicantFactory()
    submitted = factories.submitted_request(applicant)
    verified = factories.verified_request(applicant)
    licensed = factories.approved_request(applicant)
    partly_shipped = factories.approved_request(applicant)
    item = partly_shipped.items.get()
    licences.record_shipment(actor=applicant, request=partly_shipped,
                             shipped_on=timezone.localdate(), carrier="Carrier",
                             customs_declaration="CD-7", quantities=[(item.pk, 1000)])
    shipped = factories.request_in_state("shipped", applicant)
    elsewhere = factories.submitted_request(
        applicant, destination_country="CZ", transit_countries=["AT"],
        parties=[{"role": "end_user", "name": "Czech Armed Forces", "country": "CZ",
                  "address": "Prague", "end_user_type": "armed_forces"},
                 {"role": "consignee", "name": "Czech Armed Forces", "country": "CZ",
                  "address": "Prague", "end_user_type": ""}],
        end_user_certificate={**factories.request_data()["end_user_certificate"],
                              "issuing_country": "CZ"})
    draft = factories.draft_request(applicant)
    assert status_of(elsewhere) == "submitted"
    versions_before = current_list_versions()

    save_reference_entry(actor=factories.ApproverFactory(),
                         entry=AtWarCountry(country="PL", valid_from=timezone.localdate(),
                                            basis="Government decision 2026/77"),
                         reason="Armed conflict declared")

    def acted():
        """the worker denied the open requests and suspended the unshipped licences"""
        return (status_of(submitted) == status_of(verified) == "denied"
                and licence_status_of(licensed) == licence_status_of(partly_shipped)
                == "suspended")

    wait_for(acted, timeout=60)
    for request in (submitted, verified):
        event = AuditEvent.objects.get(request=request, action="request.denied_by_system")
        assert event.after["evidence"]["rules"][0]["country"] == "PL"
        assert event.after["criteria"] == ["NAT-WAR"]
    for request in (licensed, partly_shipped):
        assert AuditEvent.objects.filter(request=request,
                                         action="licence.suspended_by_system").exists()
        assert status_of(request) == "special_approval"
    assert status_of(shipped) == "shipped"
    assert status_of(draft) == "draft"
    assert not ScreeningRun.objects.filter(request=shipped,
                                           trigger=ScreeningRun.Trigger.LIST_CHANGE).exists()
    assert not ScreeningRun.objects.filter(request=draft).exists()

    def elsewhere_rescreened():
        """the request to another country was screened again and left open"""
        return ScreeningRun.objects.filter(request=elsewhere, status="completed",
                                           trigger=ScreeningRun.Trigger.LIST_CHANGE).exists()

    wait_for(elsewhere_rescreened)
    assert status_of(elsewhere) == "submitted"
    run = ScreeningRun.objects.filter(request=verified, trigger="list_change").get()
    assert run.list_versions["at_war"] == versions_before["at_war"] + 1
    assert run.list_versions == current_list_versions()


@pytest.mark.django_db(transaction=True)
def test_a_new_denied_party_list_version_reopens_review_of_a_verified_request(celery_worker):
    request = factories.verified_request(parties=[
        {"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
         "address": "Warsaw", "end_user_type": "armed_forces"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
         "address": "Warsaw", "end_user_type": ""},
        {"role": "freight_forwarder", "name": "Марко Петровић", "country": "RS",
         "address": "Belgrade", "end_user_type": ""}])

    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[DATA / "national_list.csv"])

    def reopened():
        """the worker re-screened the request and found the forwarder on the new list"""
        return AuditEvent.objects.filter(request=request,
                                         action="screening.review_reopened").exists()

    wait_for(reopened, timeout=60)
    assert status_of(request) == "end_user_verified"
    run = ScreeningRun.objects.get(request=request, trigger="list_change")
    assert run.list_versions["denied_parties:National list"] == 1
    finding = run.findings.get(check_name="denied_party")
    assert finding.severity == "high" and finding.cleared_at is None
    assert finding.evidence["entry"]["source_id"] == "NAT-0004"


@pytest.mark.django_db(transaction=True)
def test_the_scheduled_re_import_reads_the_configured_source_once(celery_worker, tmp_path):
    source = tmp_path / "national_list.csv"
    source.write_bytes((DATA / "national_list.csv").read_bytes())
    dp_list = DeniedPartyList(name="National list", format="national",
                              source=f"file://{source}")
    save_denied_party_list(actor=None, dp_list=dp_list, reason="configured")

    reimport_denied_party_lists.apply_async()  # what beat sends daily

    def imported():
        """the worker imported the configured file"""
        return DeniedPartyList.objects.get(pk=dp_list.pk).live_version is not None

    wait_for(imported, timeout=60)
    assert DeniedPartyList.objects.get(pk=dp_list.pk).live_version.entry_count == 13
    source.write_bytes(b"")  # the publisher's file arrives empty the next day
    reimport_denied_party_lists.apply_async()  # what beat sends daily

    def refused():
        """the worker refused the empty file"""
        return DeniedPartyList.objects.get(pk=dp_list.pk).versions.filter(
            status="refused").exists()

    wait_for(refused, timeout=60)
    assert DeniedPartyList.objects.get(pk=dp_list.pk).live_version.number == 1
