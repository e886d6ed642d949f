"""The route and chain-of-custody checks, as pure functions over plain data."""

from datetime import date

import pytest

from licensing.screening.checks.route import (
    check_assembly_abroad,
    check_diversion_risk_route,
    check_end_user_kind,
    check_forwarder_as_end_user,
)
from licensing.screening.subject import (
    ScreenedItem,
    ScreenedParty,
    ScreeningSubject,
)
from tests.licensing.screening.reference import reference_with


def party(role, name, country="PL", end_user_type=""):
    return ScreenedParty(role=role, name=name, country=country, end_user_type=end_user_type)


def subject(*parties, items=(), transit=("HU",), destination="PL"):
    parties = parties or (party("end_user", "Polish Armed Forces", end_user_type="armed_forces"),
                          party("consignee", "Agencja Uzbrojenia"))
    items = items or (ScreenedItem(description="7.62x39 mm ball cartridges",
                                   control_category="ML3", quantity=1000),)
    return ScreeningSubject(
        request_id=1, organisation_name="Zastava", organisation_country="RS",
        destination_country=destination, transit_countries=transit, parties=parties,
        items=items, certificate=None, on=date(2026, 11, 25))


def reference(risky=(), reasons=None):
    return reference_with(diversion_risk=frozenset(risky), diversion_risk_reasons=reasons or {})


def checks(findings):
    return [(f.check_name, f.severity) for f in findings]


def test_an_armed_force_as_end_user_raises_nothing():
    s = subject()
    for check in (check_end_user_kind, check_forwarder_as_end_user, check_assembly_abroad,
                  check_diversion_risk_route):
        assert check(s, reference()) == []


# --- trader or broker ---

def test_an_end_user_declared_a_trader_or_broker_is_medium():
    findings = check_end_user_kind(
        subject(party("end_user", "Ministry of Defence", end_user_type="trader_broker")),
        reference())
    assert checks(findings) == [("end_user_trader", "medium")]
    assert findings[0].evidence["declared"] is True


@pytest.mark.parametrize("name", ["Balkan Defence Trade d.o.o.", "Dunav Trading LLC",
                                  "Дунав Трејд д.о.о.", "ООО Торговый дом Восток",
                                  "Sierra Impex Ltd", "Arms Brokers International"])
def test_an_end_user_named_like_a_trading_company_is_medium(name):
    findings = check_end_user_kind(
        subject(party("end_user", name, end_user_type="armed_forces")), reference())
    assert checks(findings) == [("end_user_trader", "medium")]
    assert findings[0].evidence["declared"] is False


def test_a_consignee_that_trades_is_not_an_end_user_finding():
    s = subject(party("end_user", "Polish Armed Forces", end_user_type="armed_forces"),
                party("consignee", "Dunav Trading LLC"))
    assert check_end_user_kind(s, reference()) == []


# --- freight forwarder as end user ---

@pytest.mark.parametrize("name", ["Adriatic Logistics d.o.o.", "Global Freight Forwarding LLC",
                                  "TransCargo Shipping Ltd", "ООО Логистик-Экспресс",
                                  "Balkan Spedicija d.o.o.", "Speditions GmbH Nord"])
def test_an_end_user_named_like_a_freight_forwarder_is_high(name):
    findings = check_forwarder_as_end_user(
        subject(party("end_user", name, end_user_type="other")), reference())
    assert checks(findings) == [("forwarder_as_end_user", "high")]


def test_an_end_user_that_is_also_the_requests_freight_forwarder_is_high():
    s = subject(party("end_user", "ACME Company d.o.o.", end_user_type="other"),
                party("consignee", "ACME Company"),
                party("freight_forwarder", "ACME COMPANY, DOO"))
    findings = check_forwarder_as_end_user(s, reference())
    assert checks(findings) == [("forwarder_as_end_user", "high")]
    assert findings[0].evidence["forwarder"] == "ACME COMPANY, DOO"


def test_a_forwarder_in_its_own_role_is_fine():
    s = subject(party("end_user", "Polish Armed Forces", end_user_type="armed_forces"),
                party("consignee", "Agencja Uzbrojenia"),
                party("freight_forwarder", "Adriatic Logistics d.o.o."))
    assert check_forwarder_as_end_user(s, reference()) == []


# --- parts and kits for assembly abroad ---

def test_items_declared_for_assembly_abroad_are_medium():
    item = ScreenedItem(description="Rifle receivers", control_category="ML1", quantity=500,
                        for_assembly_abroad=True, item_id=7)
    findings = check_assembly_abroad(subject(items=(item,)), reference())
    assert checks(findings) == [("assembly_abroad", "medium")]
    assert findings[0].evidence["item_id"] == 7


@pytest.mark.parametrize("description", ["Mortar round kits", "SKD kits for 82 mm mortars",
                                         "Fuze sub-assemblies for incorporation into shells",
                                         "Barrels for assembly abroad"])
def test_items_described_as_kits_or_parts_for_assembly_are_medium(description):
    item = ScreenedItem(description=description, control_category="ML3", quantity=5)
    findings = check_assembly_abroad(subject(items=(item,)), reference())
    assert checks(findings) == [("assembly_abroad", "medium")]


# --- diversion-risk countries on the route ---

def test_transit_through_a_diversion_risk_country_is_medium_with_the_reason():
    findings = check_diversion_risk_route(
        subject(transit=("HU", "AM")), reference({"AM"}, {"AM": "transshipment route"}))
    assert checks(findings) == [("diversion_risk_route", "medium")]
    assert findings[0].evidence["role"] == "transit country"
    assert "(transshipment route)" in findings[0].message


def test_an_intermediate_consignee_in_a_diversion_risk_country_is_medium():
    s = subject(party("end_user", "Polish Armed Forces", end_user_type="armed_forces"),
                party("consignee", "Agencja Uzbrojenia"),
                party("intermediate_consignee", "Gulf Holding FZE", country="AE"))
    findings = check_diversion_risk_route(s, reference({"AE"}))
    assert checks(findings) == [("diversion_risk_route", "medium")]
    assert findings[0].evidence["role"] == "intermediate consignee country"


def test_a_diversion_risk_destination_is_high():
    s = subject(party("end_user", "Army of Kyrgyzstan", country="KG",
                      end_user_type="armed_forces"), destination="KG")
    findings = check_diversion_risk_route(s, reference({"KG"}))
    assert checks(findings) == [("diversion_risk_route", "high")]


# --- the evidence weighed (issue 16) ---

@pytest.mark.parametrize("name, end_user_type", [
    ("Logistics Command of the Armed Forces of Serbia", "armed_forces"),
    ("Joint Logistics Support Command", "armed_forces"),
    ("Ministry of Transport and Communications", "government"),
    ("Police Logistics Department", "police"),
    ("Defence Logistics Agency", "government"),
    ("Командование логистики Вооружённых сил", "armed_forces"),
])
def test_an_organ_of_the_state_with_logistics_in_its_name_is_no_forwarder(name, end_user_type):
    s = subject(party("end_user", name, end_user_type=end_user_type))
    assert check_forwarder_as_end_user(s, reference()) == []


def test_a_logistics_firm_declared_an_armed_force_is_still_a_forwarder_and_says_why():
    s = subject(party("end_user", "Alpha Logistics FZCO", end_user_type="armed_forces"))
    [finding] = check_forwarder_as_end_user(s, reference())
    assert finding.severity == "high"
    weighing = finding.evidence["weighing"]
    assert "named like a logistics firm ('logistics')" in weighing["for"]
    assert "the name has a company legal form ('FZCO')" in weighing["for"]
    assert weighing["against"] == ["declared as armed forces"]
    assert "Evidence for:" in finding.message and "Against: declared as armed forces" in (
        finding.message)


def test_a_forwarding_word_without_a_legal_form_under_a_state_declaration_is_medium():
    s = subject(party("end_user", "Orion Freight", end_user_type="armed_forces"))
    assert checks(check_forwarder_as_end_user(s, reference())) == [
        ("forwarder_as_end_user", "medium")]


@pytest.mark.parametrize("name", ["Ministry of Foreign Trade", "Ministry of Industry and Trade"])
def test_a_ministry_with_trade_in_its_name_is_no_trader(name):
    s = subject(party("end_user", name, end_user_type="government"))
    assert check_end_user_kind(s, reference()) == []


@pytest.mark.parametrize("name", ["Yugoimport SDPR", "Ukrspecexport", "ТОВ Спецтехноекспорт"])
def test_a_state_arms_trader_named_by_import_or_export_is_a_trader(name):
    s = subject(party("end_user", name, end_user_type="government"))
    assert checks(check_end_user_kind(s, reference())) == [("end_user_trader", "medium")]


def test_a_customs_broker_is_a_forwarder_not_a_trader():
    s = subject(party("end_user", "Andes Customs Brokers S.A.", end_user_type="other"))
    assert check_end_user_kind(s, reference()) == []
    assert checks(check_forwarder_as_end_user(s, reference())) == [
        ("forwarder_as_end_user", "high")]


@pytest.mark.parametrize("description", ["Cleaning kits for 5.56 mm rifles",
                                         "Armourer's repair kits for machine guns",
                                         "Spare parts kits for 120 mm mortars"])
def test_kits_that_keep_equipment_working_are_not_for_assembly(description):
    item = ScreenedItem(description=description, control_category="ML1", quantity=5)
    assert check_assembly_abroad(subject(items=(item,)), reference()) == []
