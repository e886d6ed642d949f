"""The authority's national list (format in docs/national-list-format.md)."""

import re
from pathlib import Path

import pytest

from licensing.lists.parsers import ListFileError, parse_list

from .conftest import FIXTURES, by_id

FIXTURE = FIXTURES / "national_list.csv"
FORMAT_DOC = Path(__file__).resolve().parents[3] / "docs" / "national-list-format.md"
HEADER = "id,name,type,aliases,countries,programs,remarks\n"


@pytest.fixture(scope="module")
def national():
    return parse_list("national", [FIXTURE])


def write(tmp_path, body, header=HEADER):
    path = tmp_path / "national.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_every_row_becomes_one_entry(national):
    assert len(national) == 13
    assert all(entry.source_list == "National list" for entry in national)


def test_cyrillic_names_and_aliases_are_kept_as_written(national):
    entry = by_id(national)["NAT-0001"]
    assert entry.name == "ООО Спецтехимпорт"
    assert entry.entity_type == "entity"
    assert entry.aliases == ("OOO Spetstekhimport", "Spetstekhimport LLC", "Спецтехимпорт")
    assert entry.countries == ("RU",)


def test_serbian_companies_in_both_scripts(national):
    entries = by_id(national)
    assert entries["NAT-0003"].name == "Дунав Трејд д.о.о."
    assert "Dunav Trejd d.o.o." in entries["NAT-0003"].aliases
    assert entries["NAT-0004"].name == "PETROVIĆ, Marko"
    assert entries["NAT-0004"].countries == ("RS", "ME")


def test_programs_and_remarks_are_read(national):
    entry = by_id(national)["NAT-0002"]
    assert entry.programs == ("NAT-ARMS", "NAT-EUC")
    assert entry.remarks.startswith("Forged end-user certificate")


def test_country_codes_are_case_insensitive(national):
    assert by_id(national)["NAT-0013"].countries == ("BA",)


def test_the_documented_example_parses(tmp_path):
    example = re.search(r"```csv\n(.*?)```", FORMAT_DOC.read_text(encoding="utf-8"), re.S)
    entries = parse_list("national", [write(tmp_path, example.group(1), header="")])
    assert [entry.source_id for entry in entries] == ["NAT-0001", "NAT-0004"]


def test_unknown_type_is_refused(tmp_path):
    path = write(tmp_path, "N1,Acme,company,,RS,,\n")
    with pytest.raises(ListFileError, match="row 2: type 'company'"):
        parse_list("national", [path])


def test_unknown_country_code_is_refused(tmp_path):
    path = write(tmp_path, "N1,Acme,entity,,Serbia,,\n")
    with pytest.raises(ListFileError, match="'Serbia' is not an ISO"):
        parse_list("national", [path])


def test_repeated_id_is_refused(tmp_path):
    path = write(tmp_path, "N1,Acme,entity,,RS,,\nN1,Other,entity,,RS,,\n")
    with pytest.raises(ListFileError, match="'N1' appears more than once"):
        parse_list("national", [path])


def test_extra_columns_are_kept_as_additional_data(tmp_path):
    path = write(tmp_path, "N1,Acme,entity,,RS,,,2024/17\n", header=HEADER.strip() + ",decision\n")
    assert parse_list("national", [path])[0].extra == {"decision": "2024/17"}


def test_the_optional_columns_may_be_left_out_of_the_header(tmp_path):
    path = tmp_path / "national.csv"
    path.write_text("id,name,type\nNAT-0101,Balkan Arms Brokers d.o.o.,entity\n",
                    encoding="utf-8")
    (entry,) = parse_list("national", [path])
    assert (entry.source_id, entry.name, entry.entity_type) == (
        "NAT-0101", "Balkan Arms Brokers d.o.o.", "entity")
    assert entry.aliases == () and entry.countries == () and entry.remarks == ""


def test_a_required_column_may_not_be_left_out(tmp_path):
    path = tmp_path / "national.csv"
    path.write_text("id,name\nNAT-0101,Balkan Arms Brokers d.o.o.\n", encoding="utf-8")
    with pytest.raises(ListFileError, match="type"):
        parse_list("national", [path])
