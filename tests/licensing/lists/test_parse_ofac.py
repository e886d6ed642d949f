"""OFAC SDN legacy CSV: sdn.csv alone, or the full sdn/alt/add set."""

import csv
import re
from collections import Counter

from licensing.lists.parsers import parse_list
from tests.reference_data import raw_bytes, raw_lines

from .conftest import OFAC_2021, OFAC_2024, OFAC_HISTORY, by_id


def count_rows(path):
    """Independent count: lines starting with an ent_num (OFAC rows have no line breaks)."""
    return sum(1 for line in raw_bytes(path).splitlines() if re.match(rb"\d+,", line))


def test_every_row_of_the_2024_file_becomes_one_entry(sdn_2024):
    assert count_rows(OFAC_2024) == 14_965
    assert len(sdn_2024) == 14_965
    assert len({entry.source_id for entry in sdn_2024}) == 14_965


def test_history_snapshots_have_their_published_sizes():
    for name, size in (("sdn_2022-02-17.csv.gz", 9_056), ("sdn_2023-02-10.csv.gz", 11_583)):
        path = OFAC_HISTORY / name
        assert count_rows(path) == size
        assert len(parse_list("ofac", [path])) == size


def test_type_column_maps_to_entity_types_with_empty_meaning_entity(sdn_2024):
    assert Counter(entry.entity_type for entry in sdn_2024) == {
        "entity": 6_884,
        "individual": 6_854,
        "vessel": 851,
        "aircraft": 376,
    }


def test_names_are_kept_as_published_surname_first(sdn_2024):
    entry = by_id(sdn_2024)["3754"]
    assert entry.name == "ABU MARZOOK, Mousa Mohammed"
    assert entry.entity_type == "individual"


def test_aliases_in_remarks_are_read_as_aliases(sdn_2024):
    hizballah = by_id(sdn_2024)["4697"]
    assert hizballah.aliases == (
        "LH",
        "FOREIGN RELATIONS DEPARTMENT",
        "FRD",
        "EXTERNAL SECURITY ORGANIZATION",
        "ESO",
        "FOREIGN ACTION UNIT",
        "SPECIAL OPERATIONS BRANCH",
        "EXTERNAL SERVICES ORGANIZATION",
    )
    assert by_id(sdn_2024)["306"].aliases == ("BNC",)


def test_aliases_with_apostrophes_are_read_whole(sdn_2024):
    entries = by_id(sdn_2024)
    assert "SHA'BI" in entries["15588"].aliases
    assert "PEOPLE'S ARMY" in entries["15588"].aliases
    assert entries["16499"].aliases == ("ABU AL-WAFA'", "ABU ANAS")


def test_every_complete_alias_in_remarks_is_found(sdn_2024):
    mentioned = sum(len(re.findall(r"(?:^|;)\s*[afn]\.k\.a\. '", e.remarks)) for e in sdn_2024)
    truncated = sum(len(e.extra.get("truncated_aliases", [])) for e in sdn_2024)
    assert truncated == 3
    assert sum(len(entry.aliases) for entry in sdn_2024) == mentioned - truncated


def test_alias_cut_off_by_remarks_truncation_is_not_used_as_an_alias(sdn_2024):
    lazarus = by_id(sdn_2024)["27307"]
    assert len(lazarus.remarks) == 1000  # OFAC's cut-off
    assert lazarus.extra["truncated_aliases"] == ["WHOIS HACKIN"]
    assert "WHOIS HACKIN" not in lazarus.aliases
    assert "THE NEW ROMANTIC CYBER ARMY TEAM" in lazarus.aliases


def test_former_names_are_marked_as_such(sdn_2024):
    ebano = by_id(sdn_2024)["4243"]
    assert ebano.aliases == ("ANA I", "SAND SWAN")
    assert ebano.extra["alias_kinds"] == {"ANA I": "fka", "SAND SWAN": "fka"}


def test_programs_become_a_tuple_without_brackets(sdn_2024):
    assert by_id(sdn_2024)["4697"].programs == ("FTO", "SDGT", "SYRIA")
    assert by_id(sdn_2024)["306"].programs == ("CUBA",)
    assert all("[" not in p and "]" not in p for e in sdn_2024 for p in e.programs)


def test_nationality_and_citizenship_in_remarks_give_countries(sdn_2024):
    entries = by_id(sdn_2024)
    assert entries["6903"].countries == ("MR",)  # "nationality Mauritania"
    assert entries["6924"].countries == ("EG", "KE")  # "citizen Egypt; alt. citizen Kenya"
    assert entries["6905"].countries == ("PS",)  # "nationality Palestinian"


def test_vessel_details_and_flag_are_kept(sdn_2024):
    vessel = by_id(sdn_2024)["4238"]
    assert vessel.entity_type == "vessel"
    assert vessel.countries == ("CU",)
    assert vessel.extra["call_sign"] == "CL2192"
    assert vessel.extra["owner"] == "Samir de Navegacion S.A."


def test_placeholder_dash_zero_dash_is_read_as_empty(sdn_2024):
    for entry in sdn_2024:
        assert "-0-" not in (entry.remarks, *entry.extra.values(), *entry.programs)


def test_full_set_merges_alt_and_add_files_into_sdn_entries(sdn_2021_set):
    assert len(sdn_2021_set) == 8_976
    bank = by_id(sdn_2021_set)["306"]
    assert bank.aliases == ("NATIONAL BANK OF CUBA", "BNC")  # alt.csv, then remarks
    assert bank.addresses[0] == "Zweierstrasse 35, Zurich CH-8022, Switzerland"
    assert len(bank.addresses) == 4
    assert bank.countries == ("CH", "ES", "JP", "PA")


def test_every_alias_of_alt_csv_is_attached_to_its_entry(sdn_2021_set):
    entries = by_id(sdn_2021_set)
    rows = [row for row in csv.reader(raw_lines(OFAC_2021 / "alt.csv.gz")) if len(row) == 5]
    assert len(rows) == 11_910
    for ent_num, _alt_num, _kind, name, _remarks in rows:
        entry = entries[ent_num]
        names = {n.casefold() for n in (entry.name, *entry.aliases)}
        assert name.strip().casefold() in names


def test_every_address_of_add_csv_is_attached_to_its_entry(sdn_2021_set):
    entries = by_id(sdn_2021_set)
    rows = [row for row in csv.reader(raw_lines(OFAC_2021 / "add.csv.gz")) if len(row) == 6]
    assert len(rows) == 13_837
    for ent_num, _add_num, street, city, country, _remarks in rows:
        parts = [p.strip() for p in (street, city, country) if p.strip() != "-0-"]
        if parts:
            assert ", ".join(parts) in entries[ent_num].addresses


def test_add_csv_country_names_map_to_iso_codes(sdn_2021_set):
    entries = by_id(sdn_2021_set)
    unmapped = Counter(n for e in sdn_2021_set for n in e.extra.get("unmapped_countries", []))
    # Only genuinely non-country values are left unmapped, and they are kept, not dropped.
    assert set(unmapped) <= {
        "undetermined",
        "None Identified",
        "Region: Kafia Kingi",
        "possibly Palestinian",
        "Netherlands Antilles",
    }
    assert entries["9346"].countries == ("KP",)  # "Korea, North"
    assert entries["18961"].countries == ("UA",)  # "Region: Crimea"
    assert "Oreanda - 12, Yalta 298658, Region: Crimea" in entries["18961"].addresses


def test_file_order_of_the_set_does_not_matter(sdn_2021_set):
    paths = [OFAC_2021 / "add.csv.gz", OFAC_2021 / "alt.csv.gz", OFAC_2021 / "sdn.csv.gz"]
    reordered = parse_list("ofac", paths)
    assert reordered == sdn_2021_set


def test_source_ids_are_stable_across_list_versions(sdn_2024):
    older = by_id(parse_list("ofac", [OFAC_HISTORY / "sdn_2022-02-17.csv.gz"]))
    newer = by_id(sdn_2024)
    assert older["306"].name == newer["306"].name == "BANCO NACIONAL DE CUBA"
    assert len(newer.keys() - older.keys()) > 5_000  # the Russia designations after Feb 2022

