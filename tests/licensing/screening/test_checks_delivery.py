"""The overdue-delivery-verification check, as a pure function over plain data."""

from datetime import date

from licensing.screening.checks.delivery import (
    OverdueDelivery,
    check_overdue_delivery_verifications,
    normalise_party_name,
)
from licensing.screening.subject import ScreenedParty, ScreeningSubject
from tests.licensing.screening.reference import reference_with


def subject(name="Polish Armed Forces", country="PL", request_id=2):
    return ScreeningSubject(
        request_id=request_id, organisation_name="Zastava", organisation_country="RS",
        destination_country=country, transit_countries=(),
        parties=(ScreenedParty(role="end_user", name=name, country=country),
                 ScreenedParty(role="consignee", name="Polish Armed Forces", country="DE")),
        items=(), certificate=None, on=date(2026, 11, 25))


def overdue(name="Polish Armed Forces", country="PL", request_id=1, shipment_id=10):
    return OverdueDelivery(shipment_id=shipment_id, request_id=request_id,
                           licence_number="EL-2026-AAAA-BBBB-CCCC", end_user_name=name,
                           end_user_country=country, shipped_on=date(2026, 5, 1),
                           due_on=date(2026, 7, 30))


def reference(*entries):
    return reference_with(overdue_delivery_verifications=tuple(entries))


def test_the_same_end_user_with_an_overdue_dvc_is_a_high_finding():
    [finding] = check_overdue_delivery_verifications(subject(), reference(overdue()))
    assert finding.severity == "high"
    assert finding.evidence["shipment_id"] == 10
    assert "EL-2026-AAAA-BBBB-CCCC" in finding.message and "2026-07-30" in finding.message


def test_names_are_compared_normalised():
    assert normalise_party_name("  Polish ARMED-forces.") == "polish armed forces"
    assert normalise_party_name("Žandarmerija Srbije") == normalise_party_name(
        "ZANDARMERIJA SRBIJE")
    assert check_overdue_delivery_verifications(subject("POLISH armed forces"),
                                                reference(overdue()))


def test_another_country_another_name_or_a_consignee_is_not_the_end_user():
    assert check_overdue_delivery_verifications(subject(country="CZ"), reference(overdue())) \
        == []
    assert check_overdue_delivery_verifications(subject("Czech Army"), reference(overdue())) \
        == []
    # The subject's consignee has the name, in Germany: only end users count.
    assert check_overdue_delivery_verifications(subject(), reference(overdue(country="DE"))) \
        == []


def test_the_request_whose_own_shipment_is_overdue_is_not_flagged_by_it():
    assert check_overdue_delivery_verifications(subject(request_id=1),
                                                reference(overdue(request_id=1))) == []


def test_one_finding_per_overdue_shipment():
    findings = check_overdue_delivery_verifications(
        subject(), reference(overdue(shipment_id=10), overdue(shipment_id=11)))
    assert [f.evidence["shipment_id"] for f in findings] == [10, 11]
