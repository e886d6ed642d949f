"""The one reference-data loader: every kind of reference data reaches the snapshot, read
explicitly (no registry to forget), and every list has a version."""

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from licensing.models import ArmsEmbargo, AtWarCountry, DiversionRiskCountry
from licensing.reference_data import current_list_versions, load_reference_snapshot
from licensing.screening.checks.certificates import CertificateRegister
from licensing.screening.checks.parties import DeniedPartyData
from licensing.screening.subject import ReferenceSnapshot
from licensing.services import delivery, halts, licences
from licensing.services.list_imports import import_denied_party_list
from licensing.services.party_screening import mark_false_positive
from licensing.services.screening import build_subject
from tests import factories

DATA = Path(__file__).resolve().parent / "data"


def test_the_snapshot_has_no_default_for_any_kind_of_data():
    """A default would let the loader leave a kind out and its check find nothing."""
    defaulted = [f.name for f in dataclasses.fields(ReferenceSnapshot)
                 if f.default is not dataclasses.MISSING
                 or f.default_factory is not dataclasses.MISSING]
    assert defaulted == []


def _has_data(value) -> bool:
    if isinstance(value, DeniedPartyData):
        return len(value.index) > 0 and bool(value.entries) and bool(value.suppressed)
    if isinstance(value, CertificateRegister):
        return bool(value.uses)
    return bool(value)


@pytest.fixture
def every_kind_of_reference_data(settings, approver):
    """One entry of each kind of reference data, and a request that each of them concerns."""
    settings.DVC_DUE_DAYS = 0
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[DATA / "national_list.csv"])
    earlier = factories.approved_request()
    item = earlier.items.get()
    licences.record_shipment(actor=earlier.created_by, request=earlier,
                             shipped_on=timezone.localdate(), carrier="Rail",
                             customs_declaration="CD-1", quantities=[(item.pk, 1000)])
    delivery.flag_overdue_delivery_verifications(today=timezone.localdate() + timedelta(days=1))
    # The same certificate again, and a party the national list names (NAT-0002).
    request = factories.submitted_request(
        end_user_certificate={**factories.request_data()["end_user_certificate"],
                              "number": earlier.end_user_certificate.number},
        parties=[{"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
                  "address": "Warsaw", "end_user_type": "armed_forces"},
                 {"role": "consignee", "name": "Balkan Defence Trade d.o.o.", "country": "RS",
                  "address": "Belgrade", "end_user_type": ""}])
    finding = request.findings.filter(check_name="denied_party").first()
    mark_false_positive(actor=factories.OfficerFactory(), finding=finding,
                        reason="Another company of the same name.")
    AtWarCountry.objects.create(country="RU", valid_from="2022-02-24", basis="designation")
    ArmsEmbargo.objects.create(country="BY", imposer="EU", scope="full", legal_basis="x")
    DiversionRiskCountry.objects.create(country="AE", reason="Re-export hub")
    halts.declare_halt(actor=approver, title="Moratorium", mode="deny", public_reason="War.",
                       valid_from=timezone.localdate(), control_categories=["ML1"],
                       destinations=["UA"])
    return request


@pytest.mark.django_db
def test_the_loader_fills_every_kind_of_reference_data(every_kind_of_reference_data):
    snapshot = load_reference_snapshot(build_subject(every_kind_of_reference_data))
    empty = [f.name for f in dataclasses.fields(snapshot)
             if not _has_data(getattr(snapshot, f.name))]
    assert empty == []
    assert snapshot.diversion_risk_reasons == {"AE": "Re-export hub"}
    assert [h.title for h in snapshot.export_halts] == ["Moratorium"]


@pytest.mark.django_db
def test_without_a_subject_the_loader_still_fills_every_field():
    snapshot = load_reference_snapshot()
    assert len(snapshot.denied_parties.index) == 0
    assert isinstance(snapshot.denied_parties, DeniedPartyData)
    assert snapshot.certificate_register == CertificateRegister(min_remaining_days=60)


@pytest.mark.django_db
def test_every_list_has_a_version(every_kind_of_reference_data):
    versions = current_list_versions()
    assert {"at_war", "arms_embargoes", "diversion_risk", "export_halts", "export_halts_in_force",
            "overdue_delivery_verifications", "denied_parties:National list"} <= set(versions)
