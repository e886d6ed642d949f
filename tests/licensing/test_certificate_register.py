"""The certificate register through full screening runs: the same end-user certificate
presented on several requests, its quantities drawn down across them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from licensing.services import requests, special_approval
from tests import factories

pytestmark = pytest.mark.django_db


def certificate(number="PL/MON/2026/0457", quantity=1_000_000):
    today = timezone.localdate()
    return {"number": number, "issuing_country": "PL",
            "issuing_authority": "Ministry of National Defence",
            "issue_date": today - timedelta(days=10), "expiry_date": today + timedelta(days=300),
            "non_reexport_clause": True,
            "items": [{"control_category": "ML3", "description": "", "quantity": quantity}]}


def items(quantity):
    return [{"description": "7.62x39 mm ball cartridges", "control_category": "ML3",
             "quantity": quantity, "unit": "rounds", "value": "1000.00", "currency": "EUR",
             "for_assembly_abroad": False}]


def register_findings(request):
    run = request.screening_runs.filter(status="completed").latest("finished_at")
    return {f.check_name: f for f in run.findings.filter(check_name__startswith="euc_")}


def test_a_certificate_used_by_another_exporter_beyond_its_quantities_is_caught():
    first = factories.submitted_request(items=items(600_000),
                                        end_user_certificate=certificate())
    assert register_findings(first) == {}
    second = factories.submitted_request(items=items(600_000),
                                         end_user_certificate=certificate("pl-mon-2026-0457"))
    found = register_findings(second)
    assert set(found) == {"euc_reused", "euc_drawn_down"}
    assert found["euc_reused"].severity == "high"
    assert found["euc_reused"].evidence["other_requests"][0]["request_id"] == first.pk
    drawn = found["euc_drawn_down"].evidence
    assert (drawn["certificate_quantity"], drawn["drawn_by_others"], drawn["requested"]) == (
        1_000_000, 600_000, 600_000)


def test_the_same_exporter_splitting_a_certificate_within_its_quantities_is_medium():
    applicant = factories.ApplicantFactory()
    factories.submitted_request(applicant, items=items(400_000),
                                end_user_certificate=certificate())
    second = factories.submitted_request(applicant, items=items(600_000),
                                         end_user_certificate=certificate())
    found = register_findings(second)
    assert set(found) == {"euc_reused"}
    assert found["euc_reused"].severity == "medium"


def test_an_issued_licence_draws_its_approved_quantity_and_a_withdrawn_request_nothing():
    applicant = factories.ApplicantFactory()
    approved = factories.verified_request(applicant, items=items(900_000),
                                          end_user_certificate=certificate())
    item = approved.items.get()
    special_approval.grant_special_approval(actor=factories.ApproverFactory(), request=approved,
                                    reason="ok", approved_quantities={item.pk: 500_000})
    withdrawn = factories.draft_request(applicant, items=items(900_000),
                                        end_user_certificate=certificate())
    requests.submit_request(actor=applicant, request=withdrawn)
    requests.withdraw_request(actor=applicant, request=withdrawn, reason="Duplicate")
    third = factories.submitted_request(applicant, items=items(500_000),
                                        end_user_certificate=certificate())
    found = register_findings(third)
    assert set(found) == {"euc_reused"}  # 500,000 approved + 500,000 asked = 1,000,000
    reused = found["euc_reused"].evidence["other_requests"]
    assert [row["request_id"] for row in reused] == [approved.pk]
    fourth = factories.submitted_request(applicant, items=items(1),
                                         end_user_certificate=certificate())
    assert "euc_drawn_down" in register_findings(fourth)


def test_another_issuing_country_is_another_certificate():
    factories.submitted_request(items=items(900_000), end_user_certificate=certificate())
    other = certificate()
    other["issuing_country"] = "CZ"
    request = factories.submitted_request(
        items=items(900_000), end_user_certificate=other,
        destination_country="CZ",
        parties=[{"role": "end_user", "name": "Czech Armed Forces", "country": "CZ",
                  "address": "Prague", "end_user_type": "armed_forces"},
                 {"role": "consignee", "name": "Czech Armed Forces", "country": "CZ",
                  "address": "Prague", "end_user_type": ""}])
    assert register_findings(request) == {}
