"""The denied-party check as a pure function: a small in-memory index stands for the lists."""

from datetime import date

from licensing.screening.checks.parties import (
    DeniedPartyData,
    ListedEntryInfo,
    check_denied_parties,
)
from licensing.screening.names import IndexedName, NameIndex, normalise_name
from licensing.screening.subject import ScreenedParty, ScreeningSubject
from tests.licensing.screening.reference import reference_with

ENTRIES = {
    "1": ListedEntryInfo(list_id=1, list_name="OFAC SDN", version_id=11, version_number=3,
                         source_id="18782", source_list="SDN", name="ROSOBORONEKSPORT OAO",
                         entity_type="entity", countries=("RU",), programs=("UKRAINE-EO13662",)),
    "2": ListedEntryInfo(list_id=2, list_name="National list", version_id=12, version_number=1,
                         source_id="NAT-0003", source_list="National list",
                         name="Дунав Трејд д.о.о.", entity_type="entity", countries=("RS",)),
}
NAMES = [
    IndexedName("1", "ROSOBORONEKSPORT OAO", False, ("RU",), "entity"),
    IndexedName("1", "ROSOBORONEXPORT", True, ("RU",), "entity"),
    IndexedName("1", "RUSSIAN DEFENSE EXPORT ROSOBORONEXPORT", True, ("RU",), "entity"),
    IndexedName("2", "Дунав Трејд д.о.о.", False, ("RS",), "entity"),
    IndexedName("2", "Dunav Trejd d.o.o.", True, ("RS",), "entity"),
]
INDEX = NameIndex(NAMES)


def subject(*parties, organisation="Zastava Oruzje a.d."):
    return ScreeningSubject(
        request_id=1, organisation_name=organisation, organisation_country="RS",
        destination_country="PL", transit_countries=(),
        parties=tuple(ScreenedParty(role=role, name=name, country=country)
                      for role, name, country in parties),
        items=(), certificate=None, on=date(2026, 11, 25))


def reference(suppressed=frozenset()):
    return reference_with(denied_parties=DeniedPartyData(index=INDEX, entries=ENTRIES,
                                                         suppressed=suppressed))


def test_no_lists_no_findings():
    assert check_denied_parties(subject(("end_user", "Rosoboronexport", "RU")),
                                reference_with()) == []


def test_a_cyrillic_party_name_matches_the_latin_entry_and_the_finding_says_why():
    [finding] = check_denied_parties(subject(("end_user", "АО «Рособоронэкспорт»", "RU")),
                                     reference())
    assert finding.check_name == "denied_party"
    assert finding.severity == "high"
    evidence = finding.evidence
    assert evidence["list"] == "OFAC SDN"
    assert evidence["entry"]["source_id"] == "18782"
    assert evidence["entry"]["name"] == "ROSOBORONEKSPORT OAO"
    assert evidence["score"] >= 95
    assert evidence["reasons"]
    assert evidence["party"] == {"role": "end_user", "name": "АО «Рособоронэкспорт»",
                                 "country": "RU", "party_id": None,
                                 "name_key": normalise_name("АО «Рособоронэкспорт»")}
    assert "OFAC SDN" in finding.message and "18782" in finding.message


def test_the_alias_that_matched_is_named():
    [finding] = check_denied_parties(
        subject(("consignee", "Russian Defense Export Rosoboronexport", "RU")), reference())
    assert finding.evidence["matched_alias"] == "RUSSIAN DEFENSE EXPORT ROSOBORONEXPORT"
    assert "alias" in finding.message


def test_a_latin_party_name_matches_a_cyrillic_entry():
    [finding] = check_denied_parties(subject(("intermediate_consignee", "Dunav Treyd DOO",
                                              "RS")), reference())
    assert finding.evidence["entry"]["source_id"] == "NAT-0003"


def test_the_applicant_organisation_is_screened_too():
    [finding] = check_denied_parties(subject(organisation="Rosoboronexport JSC"), reference())
    assert finding.evidence["party"]["role"] == "applicant_organisation"
    assert "applicant organisation" in finding.message


def test_a_weaker_match_is_medium():
    [finding] = check_denied_parties(subject(("freight_forwarder", "Rosoboroneksprot", "DE")),
                                     reference())
    assert finding.severity == "medium"
    assert 86 <= finding.evidence["score"] < 95


def test_an_unrelated_name_does_not_match():
    assert check_denied_parties(subject(("end_user", "Polish Armed Forces", "PL"),
                                        ("consignee", "Agencja Uzbrojenia", "PL")),
                                reference()) == []


def test_a_false_positive_mark_suppresses_the_entry_for_that_party_name_only():
    name = "Rosoboronexport"
    marked = frozenset({(1, "18782", normalise_name(name))})
    assert check_denied_parties(subject(("end_user", name, "RU")), reference(marked)) == []
    assert len(check_denied_parties(subject(("end_user", "Rosoboronexport OAO", "RU")),
                                    reference(marked))) == 0  # same normalised name
    assert len(check_denied_parties(subject(("end_user", "Rosoboronexport Trading", "RU")),
                                    reference(marked))) <= 1


def test_the_same_match_has_the_same_fingerprint_on_a_re_run():
    first = check_denied_parties(subject(("end_user", "Rosoboronexport", "RU")), reference())
    again = check_denied_parties(subject(("end_user", "ROSOBORONEXPORT", "RU")), reference())
    assert first[0].fingerprint == again[0].fingerprint


def test_the_finding_weighs_the_evidence_for_and_against_the_match():
    # a slip and a country that does not fit: the name speaks for, the country against
    [finding] = check_denied_parties(subject(("end_user", "Rosoboronexpert", "BY")),
                                     reference())
    evidence = finding.evidence
    assert evidence["evidence_against"] == [
        "'rosoboronexpert' ~ 'rosoboronexport' (spelling differs)",
        "country differs (BY; listed RU)",
    ]
    assert "matched an alias" in evidence["evidence_for"]
    assert "Evidence for:" in finding.message
    assert "Against: " in finding.message
    assert finding.message.endswith("country differs (BY; listed RU).")
    assert finding.severity == "medium" and "a possible match" in finding.message


def test_a_country_that_fits_is_evidence_for():
    [finding] = check_denied_parties(subject(("end_user", "Rosoboronexport", "RU")),
                                     reference())
    assert "country matches (RU)" in finding.evidence["evidence_for"]
    assert finding.evidence["evidence_against"] == []


def test_a_persons_date_of_birth_is_weighed_against_the_entry():
    entries = {"p": ListedEntryInfo(list_id=3, list_name="OFAC SDN", version_id=13,
                                    version_number=1, source_id="17617", source_list="SDN",
                                    name="KIM, Kwang Chun", entity_type="individual",
                                    countries=("KP",))}
    index = NameIndex([IndexedName("p", "KIM, Kwang Chun", False, ("KP",), "individual",
                                   ("1967-04-20",))])
    reference_ = reference_with(denied_parties=DeniedPartyData(index=index, entries=entries))

    def screened(birth_date):
        party = ScreenedParty(role="end_user", name="Kim Kwang Chun", country="CN",
                              birth_date=birth_date)
        return check_denied_parties(
            ScreeningSubject(request_id=1, organisation_name="Zastava", organisation_country="RS",
                             destination_country="PL", transit_countries=(), parties=(party,),
                             items=(), certificate=None, on=date(2026, 11, 25)), reference_)

    [same] = screened("1967-04-20")
    assert "date of birth matches (1967-04-20)" in same.evidence["evidence_for"]
    other = screened("1990-02-02")
    assert other == [] or (
        "date of birth differs (1990-02-02; listed 1967-04-20)"
        in other[0].evidence["evidence_against"])
