"""US Consolidated Screening List (CSV, often gzipped): 13 US export and sanctions lists.

Each row belongs to one sub-list, named in the `source` column (e.g. "Entity List (EL) -
Bureau of Industry and Security"); it becomes `source_list`. The same party may appear on
several sub-lists with the same `_id` (an OFAC SDN also on the Sectoral Sanctions list), so
rows are kept as published: the key of a row is (source_list, source_id), not source_id.
Only the Treasury lists give a type; the BIS and State lists leave it blank ("unknown").
"""

import re
from pathlib import Path

from ..entries import ListEntry
from .common import (
    CountryCollector,
    ListFileError,
    non_empty,
    read_csv_records,
    single_path,
    split_values,
    unique,
)
from .countries import country_code, iso_code

REQUIRED_COLUMNS = ("_id", "source", "name", "type", "programs", "alt_names", "addresses")
ENTITY_TYPES = {
    "individual": "individual",
    "entity": "entity",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
EXTRA_COLUMNS = (
    "entity_number", "title", "federal_register_notice", "start_date", "end_date",
    "standard_order", "license_requirement", "license_policy", "call_sign", "vessel_type",
    "vessel_flag", "vessel_owner", "dates_of_birth", "places_of_birth", "ids",
    "source_list_url", "source_information_url",
)  # fmt: skip
# The Entity List writes its aliases as an enumeration: "A; B; and C".
ENUMERATION_AND = re.compile(r"^and\s+")


def _aliases(field: str, name: str) -> tuple[str, ...]:
    cleaned = (ENUMERATION_AND.sub("", alias) for alias in split_values(field))
    return unique((alias for alias in cleaned if alias and alias != "and"), exclude=[name])


def _address_country(address: str) -> str | None:
    """The country at the end of a CSL address ("..., Moscow, 105005, RU"), if there is one."""
    tail = address.rsplit(",", 1)[-1].strip()
    if re.fullmatch(r"[A-Z]{2}", tail):
        return iso_code(tail)
    return country_code(tail)


def _entry(record: dict[str, str], path: Path, row_number: int) -> ListEntry:
    name = " ".join(record["name"].split())
    source_id = record["_id"].strip()
    if not name or not source_id:
        raise ListFileError(f"{path.name}: row {row_number} lacks a name or an _id")
    extra = non_empty(record, EXTRA_COLUMNS)
    addresses = unique(split_values(record["addresses"]))

    countries = CountryCollector()
    for column in ("nationalities", "citizenships"):
        for code in split_values(record.get(column, "")):
            countries.add_code(code)
    for address in addresses:
        code = _address_country(address)
        if code:
            countries.add_code(code)
    countries.add_name(record.get("vessel_flag", ""))

    return ListEntry(
        source_id=source_id,
        name=name,
        entity_type=ENTITY_TYPES.get(record["type"].strip().lower(), "unknown"),
        aliases=_aliases(record["alt_names"], name),
        countries=countries.into(extra),
        programs=unique(split_values(record["programs"])),
        addresses=addresses,
        remarks=record.get("remarks", "").strip(),
        source_list=record["source"].strip(),
        extra=extra,
    )


def parse(paths: list[Path]) -> list[ListEntry]:
    """Every row of the CSL, in file order (no merging across sub-lists)."""
    path = single_path(paths, "csl")
    records = read_csv_records(path, REQUIRED_COLUMNS)
    return [_entry(record, path, number) for number, record in enumerate(records, start=2)]
