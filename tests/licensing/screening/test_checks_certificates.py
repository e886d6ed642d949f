"""The end-user certificate checks, as pure functions over plain data."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from licensing.screening.checks.certificates import (
    CertificateRegister,
    CertificateUse,
    certificate_number_key,
    check_certificate_issuer,
    check_certificate_quantities,
    check_certificate_register,
    check_certificate_validity,
    check_non_reexport_clause,
)
from licensing.screening.subject import (
    ScreenedCertificate,
    ScreenedItem,
    ScreenedParty,
    ScreeningSubject,
)
from tests.licensing.screening.reference import reference_with

TODAY = date(2026, 11, 25)


def certificate(**overrides):
    values = {"number": "PL/MON/2026/0457", "issuing_country": "PL",
              "issue_date": TODAY - timedelta(days=30),
              "expiry_date": TODAY + timedelta(days=300), "non_reexport_clause": True,
              "quantities": (("ML3", 1_000_000),)}
    values.update(overrides)
    return ScreenedCertificate(**values)


def subject(*, items=(("ML3", 1_000_000),), end_user_country="PL", **certificate_overrides):
    return ScreeningSubject(
        request_id=10, organisation_name="Zastava", organisation_country="RS",
        destination_country="PL", transit_countries=("HU",),
        parties=(ScreenedParty(role="end_user", name="Polish Armed Forces",
                               country=end_user_country, end_user_type="armed_forces"),
                 ScreenedParty(role="consignee", name="Agencja Uzbrojenia", country="PL")),
        items=tuple(ScreenedItem(description="7.62x39 mm", control_category=category,
                                 quantity=quantity) for category, quantity in items),
        certificate=certificate(**certificate_overrides), on=TODAY)


def reference(*uses, **register):
    return reference_with(certificate_register=CertificateRegister(uses=uses, **register))


def use(request_id=1, *, same_organisation=False, status="submitted", drawn=(("ML3", 600_000),),
        **overrides):
    values = {"request_id": request_id, "reference": f"REF-{request_id}",
              "organisation": "Other Arms d.o.o." if not same_organisation else "Zastava",
              "same_organisation": same_organisation, "status": status,
              "number": "PL-MON-2026-0457", "issue_date": TODAY - timedelta(days=30),
              "expiry_date": TODAY + timedelta(days=300), "non_reexport_clause": True,
              "certificate_quantities": (("ML3", 1_000_000),), "drawn": drawn}
    values.update(overrides)
    return CertificateUse(**values)


def checks(findings):
    return [(f.check_name, f.severity) for f in findings]


# --- validity ---

def test_a_valid_certificate_raises_nothing():
    s = subject()
    for check in (check_certificate_validity, check_certificate_issuer,
                  check_certificate_quantities, check_non_reexport_clause,
                  check_certificate_register):
        assert check(s, reference()) == []


def test_an_expired_certificate_is_high():
    findings = check_certificate_validity(subject(expiry_date=TODAY - timedelta(days=1)),
                                          reference())
    assert checks(findings) == [("euc_expired", "high")]
    assert "expired on 2026-11-24" in findings[0].message


def test_a_certificate_expiring_before_shipment_is_plausible_is_medium():
    soon = subject(expiry_date=TODAY + timedelta(days=20))
    findings = check_certificate_validity(soon, reference(min_remaining_days=60))
    assert checks(findings) == [("euc_expires_soon", "medium")]
    assert findings[0].evidence["min_remaining_days"] == 60
    assert check_certificate_validity(soon, reference(min_remaining_days=10)) == []


def test_once_the_licence_is_issued_only_expiry_counts():
    soon = subject(expiry_date=TODAY + timedelta(days=20))
    assert check_certificate_validity(soon, reference(licence_issued=True)) == []


def test_a_certificate_dated_in_the_future_is_medium():
    findings = check_certificate_validity(subject(issue_date=TODAY + timedelta(days=3)),
                                          reference())
    assert checks(findings) == [("euc_dated_in_future", "medium")]


def test_a_certificate_without_expiry_date_is_not_expired():
    assert check_certificate_validity(subject(expiry_date=None), reference()) == []


def test_no_certificate_no_certificate_findings():
    s = replace(subject(), certificate=None)
    for check in (check_certificate_validity, check_certificate_issuer,
                  check_certificate_quantities, check_non_reexport_clause,
                  check_certificate_register):
        assert check(s, reference(use())) == []


# --- issuer, quantities, clause ---

def test_a_certificate_issued_by_another_country_than_the_end_users_is_high():
    findings = check_certificate_issuer(subject(issuing_country="AM"), reference())
    assert checks(findings) == [("euc_issuer_country", "high")]
    assert findings[0].evidence["end_user_country"] == "PL"
    assert "issued by AM" in findings[0].message


@pytest.mark.parametrize(("items", "covered", "expected"), [
    ((("ML3", 1_000_001),), (("ML3", 1_000_000),), [("ML3", 1_000_001, 1_000_000)]),
    ((("ML3", 10), ("ML1", 5)), (("ML3", 10),), [("ML1", 5, 0)]),
    ((("ML3", 600), ("ML3", 600)), (("ML3", 1000),), [("ML3", 1200, 1000)]),
    ((("ML3", 500),), (("ML3", 300), ("ML3", 300)), []),
])
def test_quantities_above_the_certificates_are_high(items, covered, expected):
    findings = check_certificate_quantities(subject(items=items, quantities=covered),
                                            reference())
    assert [(f.evidence["category"], f.evidence["requested"], f.evidence["certificate_quantity"])
            for f in findings] == expected
    assert all(f.severity == "high" for f in findings)


def test_a_missing_non_reexport_clause_is_medium():
    findings = check_non_reexport_clause(subject(non_reexport_clause=False), reference())
    assert checks(findings) == [("euc_no_reexport_clause", "medium")]


# --- the certificate register ---

def test_certificate_numbers_are_compared_without_case_or_separators():
    assert certificate_number_key("PL/MON/2026/0457") == certificate_number_key(
        "pl-mon 2026.0457")
    assert certificate_number_key("PL/MON/2026/0457") != certificate_number_key(
        "PL/MON/2026/0458")


def test_the_same_certificate_on_another_exporters_request_is_high():
    findings = check_certificate_register(subject(), reference(use(1, drawn=())))
    assert checks(findings) == [("euc_reused", "high")]
    assert findings[0].evidence["other_requests"][0]["reference"] == "REF-1"


def test_the_same_exporter_presenting_it_again_with_the_same_details_is_medium():
    findings = check_certificate_register(
        subject(items=(("ML3", 100),)),
        reference(use(1, same_organisation=True, drawn=(("ML3", 100),))))
    assert checks(findings) == [("euc_reused", "medium")]


def test_a_copy_with_other_details_is_high_and_says_which():
    other = use(1, same_organisation=True, drawn=(), issue_date=TODAY - timedelta(days=90),
                certificate_quantities=(("ML3", 5_000_000),))
    findings = check_certificate_register(subject(), reference(other))
    assert checks(findings) == [("euc_reused", "high")]
    assert findings[0].evidence["other_requests"][0]["differs_in"] == ["issue date",
                                                                        "quantities"]


def test_quantities_drawn_down_by_other_requests_beyond_the_certificate_are_high():
    """1,000,000 rounds certified; 600,000 + 300,000 already taken; 200,000 more asked."""
    findings = check_certificate_register(
        subject(items=(("ML3", 200_000),)),
        reference(use(1, drawn=(("ML3", 600_000),)),
                  use(2, status="special_approval", drawn=(("ML3", 300_000),))))
    assert checks(findings) == [("euc_reused", "high"), ("euc_drawn_down", "high")]
    evidence = findings[1].evidence
    assert (evidence["drawn_by_others"], evidence["remaining"], evidence["requested"]) == (
        900_000, 100_000, 200_000)
    assert [row["request_id"] for row in evidence["drawn_by"]] == [1, 2]


def test_quantities_that_still_fit_in_the_certificate_are_not_a_drawdown_finding():
    findings = check_certificate_register(
        subject(items=(("ML3", 100_000),)),
        reference(use(1, same_organisation=True, drawn=(("ML3", 900_000),))))
    assert checks(findings) == [("euc_reused", "medium")]


def test_a_denied_request_shows_as_reuse_but_draws_nothing():
    findings = check_certificate_register(subject(), reference(use(1, status="denied",
                                                                   drawn=())))
    assert checks(findings) == [("euc_reused", "high")]


def test_a_new_request_on_the_certificate_is_a_new_finding():
    first = check_certificate_register(subject(), reference(use(1)))[0]
    again = check_certificate_register(subject(), reference(use(1)))[0]
    more = check_certificate_register(subject(), reference(use(1), use(2)))[0]
    assert first.fingerprint == again.fingerprint
    assert first.fingerprint != more.fingerprint
