"""UN Security Council consolidated list (XML)."""

import re
from collections import Counter

from tests.reference_data import raw_bytes

from .conftest import UN_XML, by_id

RAW = raw_bytes(UN_XML).decode("utf-8")


def test_every_individual_and_entity_becomes_one_entry(un_list):
    assert RAW.count("<INDIVIDUAL>") == 730
    assert RAW.count("<ENTITY>") == 273
    assert Counter(entry.entity_type for entry in un_list) == {"individual": 730, "entity": 273}
    assert len({entry.source_id for entry in un_list}) == 1_003


def test_every_non_empty_alias_is_kept(un_list):
    # The file has 3,043 alias elements, but 291 of them are empty placeholders (<ALIAS_NAME/>).
    assert RAW.count("<ALIAS_NAME") == 3_043
    published = re.findall(r"<ALIAS_NAME>([^<]*\S[^<]*)</ALIAS_NAME>", RAW)
    assert len(published) == 2_752
    names = {n.casefold() for e in un_list for n in (e.name, *e.aliases)}
    assert all(" ".join(alias.split()).casefold() in names for alias in published)


def test_individual_name_joins_the_name_parts_in_order(un_list):
    entry = by_id(un_list)["2960872"]
    assert entry.name == "DOKU KHAMATOVICH UMAROV"
    assert entry.source_id == "2960872"
    assert entry.extra["reference_number"] == "QDi.290"


def test_name_in_original_script_is_an_alias(un_list):
    umarov = by_id(un_list)["2960872"]
    assert "Умаров Доку Хаматович" in umarov.aliases  # Cyrillic
    assert umarov.extra["name_original_script"] == ["Умаров Доку Хаматович"]
    saddam = by_id(un_list)["6908048"]
    assert "صدام حسين التكريتي" in saddam.aliases  # Arabic


def test_alias_quality_is_kept_for_the_matcher(un_list):
    entry = by_id(un_list)["6908487"]
    assert entry.aliases[:2] == ("Abu Banat", "Abu al Banat")
    assert entry.extra["alias_quality"] == {"Abu Banat": "Low", "Abu al Banat": "Low"}


def test_countries_come_from_nationality_and_addresses_as_iso_codes(un_list):
    entries = by_id(un_list)
    assert entries["6907993"].countries == ("CD", "RW")  # "Democratic Republic of the Congo"
    assert entries["6908487"].countries == ("RU", "TR", "SY")  # "Syrian Arab Republic"
    assert "former Soviet Union" in entries["2960872"].extra["unmapped_countries"]


def test_program_is_the_un_sanctions_regime(un_list):
    assert by_id(un_list)["6907993"].programs == ("DRC",)
    assert {p for e in un_list for p in e.programs} >= {"Al-Qaida", "DPRK", "Taliban", "Iran"}


def test_entities_take_their_name_and_aliases_from_entity_elements(un_list):
    entity = by_id(un_list)["113457"]
    assert entity.entity_type == "entity"
    assert entity.name == "AL-ITIHAAD AL-ISLAMIYA / AIAI"
    assert entity.aliases == ("الاتحاد الاسلامي",)

