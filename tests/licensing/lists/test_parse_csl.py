"""US Consolidated Screening List (gzipped CSV)."""

import csv
import gzip
import io
from collections import Counter

from .conftest import CSL_GZ

ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"


def test_every_row_becomes_one_entry(csl):
    with gzip.open(CSL_GZ, "rt", encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert len(rows) - 1 == 14_160
    assert len(csl) == 14_160


def test_source_column_becomes_the_source_list(csl):
    counts = Counter(entry.source_list for entry in csl)
    assert counts[ENTITY_LIST] == 2_001
    assert counts["Specially Designated Nationals (SDN) - Treasury Department"] == 10_026
    assert len(counts) == 13


def test_entity_list_alt_names_are_aliases_without_the_enumeration_and(csl):
    plant = next(e for e in csl if e.name == "140 Repair Plant JSC")
    assert plant.source_list == ENTITY_LIST
    assert plant.aliases == ("Open Joint Stock Company 140 Repair Plant", "JSC 140 Repair Plant")
    assert plant.countries == ("BY",)
    assert plant.entity_type == "unknown"  # BIS lists do not say
    assert plant.extra["federal_register_notice"] == "87 FR 20299"


def test_source_id_is_the_id_column_and_is_unique_only_within_a_sub_list(csl):
    assert {e.source_list for e in csl if e.source_id == "34616"} == {
        "Capta List (CAP) - Treasury Department",
        "Specially Designated Nationals (SDN) - Treasury Department",
    }
    assert len({e.source_id for e in csl}) == 14_048


def test_treasury_rows_keep_type_programs_and_nationality(csl):
    entry = next(e for e in csl if e.source_id == "18741" and e.source_list.startswith("Spec"))
    assert entry.entity_type == "entity"
    assert entry.programs == ("UKRAINE-EO13662", "RUSSIA-EO14024")
    assert "LLC AUKCION" in entry.aliases
    assert entry.countries[0] == "RU"


def test_names_are_trimmed_but_not_otherwise_changed(csl):
    assert all(entry.name == entry.name.strip() for entry in csl)
    raw = gzip.decompress(CSL_GZ.read_bytes()).decode("utf-8")
    first = next(csv.DictReader(io.StringIO(raw, newline="")))
    assert csl[0].name == first["name"].strip()
