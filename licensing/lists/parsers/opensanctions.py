"""OpenSanctions "targets.simple.csv": many official lists merged and deduplicated.

Multi-valued columns are `;`-separated; countries are lower-case ISO alpha-2. Newer exports add
a `program_ids` column; when present it gives the programmes, otherwise the free-text
`sanctions` column does. `dataset` (the merged source lists) becomes `source_list`.
"""

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

REQUIRED_COLUMNS = ("id", "schema", "name", "aliases", "countries", "sanctions", "dataset")
ENTITY_TYPES = {
    "Person": "individual",
    "Organization": "entity",
    "Company": "entity",
    "LegalEntity": "entity",
    "PublicBody": "entity",
    "Vessel": "vessel",
    "Airplane": "aircraft",
}
EXTRA_COLUMNS = ("schema", "birth_date", "identifiers", "phones", "emails", "first_seen",
                 "last_seen", "last_change")  # fmt: skip


def _entry(record: dict[str, str], path: Path, row_number: int) -> ListEntry:
    name = " ".join(record["name"].split())
    source_id = record["id"].strip()
    if not name or not source_id:
        raise ListFileError(f"{path.name}: row {row_number} lacks a name or an id")
    extra = non_empty(record, EXTRA_COLUMNS)
    countries = CountryCollector()
    for code in split_values(record["countries"]):
        countries.add_code(code)
    programs = split_values(record.get("program_ids", "")) or split_values(record["sanctions"])
    return ListEntry(
        source_id=source_id,
        name=name,
        entity_type=ENTITY_TYPES.get(record["schema"].strip(), "unknown"),
        aliases=unique(split_values(record["aliases"]), exclude=[name]),
        countries=countries.into(extra),
        programs=unique(programs),
        addresses=unique(split_values(record.get("addresses", ""))),
        source_list=record["dataset"].strip(),
        extra=extra,
    )


def parse(paths: list[Path]) -> list[ListEntry]:
    """Every target in the file, in file order."""
    path = single_path(paths, "opensanctions")
    records = read_csv_records(path, REQUIRED_COLUMNS)
    return [_entry(record, path, number) for number, record in enumerate(records, start=2)]
