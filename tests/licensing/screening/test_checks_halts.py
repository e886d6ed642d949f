"""The export-halt check, as a pure function over plain data."""

from datetime import date

from licensing.screening.checks.halts import HaltEntry, check_export_halts
from licensing.screening.subject import (
    ScreenedItem,
    ScreenedParty,
    ScreeningSubject,
)
from tests.licensing.screening.reference import reference_with

TODAY = date(2026, 11, 25)


def subject(*categories, destination="PL"):
    return ScreeningSubject(
        request_id=1, organisation_name="Zastava", organisation_country="RS",
        destination_country=destination, transit_countries=("HU",),
        parties=(ScreenedParty(role="end_user", name="Army", country=destination),),
        items=tuple(ScreenedItem(description=c, control_category=c, quantity=10)
                    for c in categories),
        certificate=None, on=TODAY)


def halt(mode="deny", categories=("ML3",), destinations=(), halt_id=7):
    return HaltEntry(halt_id=halt_id, title="Ammunition moratorium", mode=mode,
                     control_categories=categories, destinations=destinations,
                     valid_from=date(2026, 11, 1), valid_until=None,
                     public_reason="Diversion inquiry.")


def reference(*halts):
    return reference_with(export_halts=tuple(halts))


def test_a_deny_halt_puts_the_request_on_hold_and_never_denies_it():
    [finding] = check_export_halts(subject("ML3", "ML1"), reference(halt()))
    # Informs only: the workflow's guards hold the request; denial is an official's call.
    assert finding.severity == "info"
    assert finding.criteria == ()
    assert "on hold" in finding.message
    assert finding.evidence["halt_id"] == 7 and finding.evidence["categories"] == ["ML3"]
    assert "Ammunition moratorium" in finding.message and "ML3 to PL" in finding.message


def test_special_approval_only_is_a_high_finding_that_cites_no_prohibition():
    [finding] = check_export_halts(subject("ML3"), reference(halt("special_approval_only")))
    assert finding.severity == "high" and finding.criteria == ()
    assert "override reason" in finding.message


def test_goods_or_destinations_outside_the_scope_are_not_found():
    assert check_export_halts(subject("ML1"), reference(halt())) == []
    assert check_export_halts(subject("ML3", destination="CZ"),
                              reference(halt(destinations=("UA", "IL")))) == []
    assert check_export_halts(subject("ML3"), reference()) == []


def test_an_empty_scope_covers_everything():
    [finding] = check_export_halts(subject("ML10", destination="UA"),
                                   reference(halt(categories=(), destinations=())))
    assert finding.evidence["categories"] == ["ML10"]


def test_each_halt_is_its_own_finding_and_the_same_halt_is_recognised_on_a_rerun():
    first = check_export_halts(subject("ML3"), reference(halt(halt_id=1), halt(halt_id=2)))
    again = check_export_halts(subject("ML3"), reference(halt(halt_id=1), halt(halt_id=2)))
    assert len(first) == 2
    assert [f.fingerprint for f in first] == [f.fingerprint for f in again]
    assert first[0].fingerprint != first[1].fingerprint


def test_the_check_is_registered_with_screening():
    from licensing.screening.checks import ALL_CHECKS

    assert check_export_halts in ALL_CHECKS
