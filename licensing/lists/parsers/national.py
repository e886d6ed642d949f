"""The authority's own national denied-party list (format: docs/national-list-format.md).

The authority writes this file itself, so it is validated strictly: an unknown type, an
unknown country code or a repeated id is an error to fix in the file, not something to guess.
"""

from pathlib import Path

from ..entries import ListEntry
from .common import ListFileError, read_csv_records, single_path, split_values, unique
from .countries import iso_code

REQUIRED = ("id", "name", "type")
OPTIONAL = ("aliases", "countries", "programs", "remarks")  # may be left out of the header
COLUMNS = REQUIRED + OPTIONAL
ENTITY_TYPES = ("individual", "entity", "vessel", "aircraft")
SOURCE_LIST = "National list"


def _entry(record: dict[str, str], where: str) -> ListEntry:
    record = {**dict.fromkeys(OPTIONAL, ""), **record}
    source_id = record["id"].strip()
    name = " ".join(record["name"].split())
    entity_type = record["type"].strip().lower()
    if not source_id or not name:
        raise ListFileError(f"{where}: id and name are required")
    if entity_type not in ENTITY_TYPES:
        raise ListFileError(
            f"{where}: type {record['type']!r} is not one of {', '.join(ENTITY_TYPES)}"
        )
    countries = []
    for code in split_values(record["countries"]):
        if not iso_code(code):
            raise ListFileError(f"{where}: {code!r} is not an ISO 3166-1 alpha-2 country code")
        countries.append(iso_code(code))
    return ListEntry(
        source_id=source_id,
        name=name,
        entity_type=entity_type,
        aliases=unique(split_values(record["aliases"]), exclude=[name]),
        countries=unique(countries),
        programs=unique(split_values(record["programs"])),
        remarks=record["remarks"].strip(),
        source_list=SOURCE_LIST,
        extra={key: value for key, value in record.items() if key not in COLUMNS and value},
    )


def parse(paths: list[Path]) -> list[ListEntry]:
    """Entries of the national list, in file order."""
    path = single_path(paths, "national")
    records = read_csv_records(path, REQUIRED)
    entries = [
        _entry(record, f"{path.name}: row {number}")
        for number, record in enumerate(records, start=2)
    ]
    seen: set[str] = set()
    for entry in entries:
        if entry.source_id in seen:
            raise ListFileError(f"{path.name}: id {entry.source_id!r} appears more than once")
        seen.add(entry.source_id)
    return entries
