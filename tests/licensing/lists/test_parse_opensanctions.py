"""OpenSanctions targets.simple.csv (fixture in tests/licensing/data)."""

from collections import Counter

import pytest

from licensing.lists.parsers import parse_list

from .conftest import FIXTURES, by_id

FIXTURE = FIXTURES / "opensanctions_targets.simple.csv"


@pytest.fixture(scope="module")
def targets():
    return parse_list("opensanctions", [FIXTURE])


def test_every_row_becomes_one_entry(targets):
    assert len(targets) == len(FIXTURE.read_text(encoding="utf-8").splitlines()) - 1 == 14


def test_schemas_map_to_entity_types(targets):
    assert Counter(entry.entity_type for entry in targets) == {
        "entity": 7,  # Company, Organization, LegalEntity, PublicBody
        "individual": 4,
        "vessel": 1,
        "aircraft": 1,
        "unknown": 1,  # CryptoWallet
    }
    assert by_id(targets)["NK-8qRsTuVwXyZaBcDeFgHiJk"].extra["schema"] == "CryptoWallet"


def test_aliases_are_split_on_semicolons_and_keep_their_script(targets):
    person = by_id(targets)["NK-8hJk2LmQp4RsTu6VwXyZ1a"]
    assert person.aliases == (
        "Ihor Sorokin",
        "SOROKIN, Igor Valentinovich",
        "Игорь Валентинович Сорокин",
    )
    company = by_id(targets)["NK-3fQx8mTzV2cLhPq7Wk9aRb"]
    assert 'АО "Волжские прецизионные приборы"' in company.aliases


def test_lower_case_country_codes_become_iso_codes(targets):
    assert by_id(targets)["NK-8hJk2LmQp4RsTu6VwXyZ1a"].countries == ("RU", "CY")
    assert by_id(targets)["NK-4rStUvWxYzAbCdEfGhIjKl"].countries == ("VN", "XK")


def test_alias_equal_to_the_name_is_not_repeated(targets):
    assert by_id(targets)["NK-4rStUvWxYzAbCdEfGhIjKl"].aliases == ()


def test_sanctions_become_programs_and_dataset_the_source_list(targets):
    entry = by_id(targets)["NK-2aBcDeFgHiJkLmNoPqRsTu"]
    assert entry.programs == ("Sanctioned by UN SC 1718 Committee (DPRK)",)
    assert entry.source_list.startswith("UN Security Council Consolidated List")


def test_newer_exports_with_program_ids_use_them_as_programs(tmp_path):
    path = tmp_path / "targets.simple.csv"
    path.write_text(
        "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,"
        "emails,program_ids,dataset,first_seen,last_seen,last_change\n"
        "NK-1,Company,Acme Arms JSC,,,ru,,,EU Regulation 833/2014,,,EU-RUS;GB-RUS,eu_fsf,,,\n",
        encoding="utf-8",
    )
    assert parse_list("opensanctions", [path])[0].programs == ("EU-RUS", "GB-RUS")
