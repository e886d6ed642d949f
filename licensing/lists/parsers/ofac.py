"""OFAC SDN list in its legacy CSV form: sdn.csv, optionally with alt.csv and add.csv.

The files have no header; `-0-` stands for an empty field. OFAC puts many aliases only in the
remarks of sdn.csv ("a.k.a. 'X'; f.k.a. 'Y'") and others only in alt.csv, so both are read
and merged. Names are kept exactly as published ("SURNAME, Given Names" for individuals): the
name matcher deals with word order.
"""

import re
from collections import defaultdict
from pathlib import Path

from ..entries import ListEntry
from .common import CountryCollector, ListFileError, read_headerless_csv, unique

SDN_COLUMNS = (
    "ent_num", "name", "type", "programs", "title", "call_sign", "vessel_type", "tonnage",
    "grt", "flag", "owner", "remarks",
)  # fmt: skip
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city", "country", "remarks")

# OFAC leaves the type empty for organisations.
ENTITY_TYPES = {
    "": "entity",
    "individual": "individual",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
# Kept in `extra` when present: they identify vessels/aircraft and officials.
EXTRA_COLUMNS = ("title", "call_sign", "vessel_type", "tonnage", "grt", "flag", "owner")

# An alias in the remarks runs from "a.k.a. '" to a quote followed by ";" or the end, so that
# names with apostrophes ("PEOPLE'S ARMY", "ABU AL-WAFA'") are read whole.
REMARKS_ALIAS = re.compile(r"(?:^|;)\s*([afn])\.k\.a\.\s+'(.+?)'(?=\s*(?:;|\.?\s*$))")
# OFAC cuts remarks at 1,000 characters; an alias cut there has no closing quote.
ALIAS_START = re.compile(r"[afn]\.k\.a\.\s+'")
WHOLE_ALIAS = re.compile(r"[afn]\.k\.a\.\s+'.+'\.?")
REMARKS_COUNTRY = re.compile(
    r"^(?:alt\.\s+)?(?:nationality|citizen|Nationality of Registration)\s+(.+?)\.?$"
)

FILE_KINDS = ("sdn", "alt", "add")


def _value(field: str) -> str:
    """The field's text, with OFAC's `-0-` placeholder read as empty."""
    field = field.strip()
    return "" if field == "-0-" else field


def _file_kind(path: Path) -> str:
    """Which of the three files this is, from its name (sdn.csv, sdn_2022-02-17.csv, ...)."""
    words = re.split(r"[^a-z]+", path.stem.lower())
    found = [kind for kind in FILE_KINDS if kind in words]
    if len(found) != 1:
        raise ListFileError(
            f"{path.name}: cannot tell which OFAC file this is; "
            "the name must contain exactly one of sdn, alt or add"
        )
    return found[0]


def _files_by_kind(paths: list[Path]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for path in paths:
        kind = _file_kind(path)
        if kind in files:
            raise ListFileError(f"ofac: two {kind} files given ({files[kind].name}, {path.name})")
        files[kind] = path
    if "sdn" not in files:
        raise ListFileError("ofac: the main sdn.csv file is missing (alt/add alone are not a list)")
    return files


def _programs(field: str) -> tuple[str, ...]:
    """'SDGT] [IFSR' (OFAC omits the outer brackets) or '[SDGT] [IFSR]' -> ('SDGT', 'IFSR')."""
    return tuple(part.strip(" []") for part in _value(field).split("] [") if part.strip(" []"))


def _remarks_aliases(remarks: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(kind, name) pairs of the aliases in the remarks, and any cut off by truncation."""
    aliases = [(kind + "ka", name.strip()) for kind, name in REMARKS_ALIAS.findall(remarks)]
    last = remarks.rsplit(";", 1)[-1].strip()
    start = ALIAS_START.match(last)
    if start and not WHOLE_ALIAS.fullmatch(last):
        return aliases, [last[start.end() :].strip()]
    return aliases, []


def _remarks_countries(remarks: str) -> list[str]:
    """Country names from 'nationality X', 'citizen X' and 'Nationality of Registration X'."""
    names = []
    for part in remarks.split(";"):
        match = REMARKS_COUNTRY.match(part.strip())
        if match:
            names.append(match.group(1))
    return names


def _grouped(path: Path | None, width: int, known_ids: set[str]) -> dict[str, list[list[str]]]:
    """Rows of alt.csv/add.csv by ent_num; refuses rows for entries not in sdn.csv."""
    groups: dict[str, list[list[str]]] = defaultdict(list)
    if path is None:
        return groups
    for row in read_headerless_csv(path, width):
        ent_num = row[0].strip()
        if ent_num not in known_ids:
            raise ListFileError(
                f"{path.name}: refers to entry {ent_num}, which is not in sdn.csv; "
                "the files are probably from different list versions"
            )
        groups[ent_num].append(row)
    return groups


def _address(row: list[str]) -> str:
    return ", ".join(part for part in (_value(row[2]), _value(row[3]), _value(row[4])) if part)


def _entry(row: list[str], alt_rows: list[list[str]], add_rows: list[list[str]]) -> ListEntry:
    fields = dict(zip(SDN_COLUMNS, (_value(field) for field in row), strict=True))
    remarks = fields["remarks"]
    extra = {column: fields[column] for column in EXTRA_COLUMNS if fields[column]}

    remark_aliases, truncated = _remarks_aliases(remarks)
    alt_aliases = [(_value(alt[2]).lower(), _value(alt[3])) for alt in alt_rows]
    all_aliases = [pair for pair in alt_aliases + remark_aliases if pair[1]]
    aliases = unique((name for _, name in all_aliases), exclude=[fields["name"]])
    kinds = {name: kind for kind, name in reversed(all_aliases) if kind != "aka"}
    if kinds:
        extra["alias_kinds"] = {name: kinds[name] for name in aliases if name in kinds}
    if truncated:
        # Not used as an alias: a fragment is not a published name. Kept for the officer.
        extra["truncated_aliases"] = truncated

    countries = CountryCollector()
    for add in add_rows:
        countries.add_name(_value(add[4]))
    for name in _remarks_countries(remarks):
        countries.add_name(name)
    countries.add_name(fields["flag"])

    return ListEntry(
        source_id=fields["ent_num"],
        name=fields["name"],
        entity_type=ENTITY_TYPES.get(fields["type"].lower(), "unknown"),
        aliases=aliases,
        countries=countries.into(extra),
        programs=_programs(row[3]),
        addresses=unique(address for address in map(_address, add_rows) if address),
        remarks=remarks,
        source_list="SDN",
        extra=extra,
    )


def parse(paths: list[Path]) -> list[ListEntry]:
    """Entries of an OFAC SDN set; paths in any order: sdn.csv [, alt.csv] [, add.csv]."""
    files = _files_by_kind(paths)
    sdn_rows = read_headerless_csv(files["sdn"], len(SDN_COLUMNS))
    ids = [row[0].strip() for row in sdn_rows]
    if not all(ent_num.isdigit() for ent_num in ids):
        bad = next(ent_num for ent_num in ids if not ent_num.isdigit())
        raise ListFileError(f"{files['sdn'].name}: ent_num {bad!r} is not a number")
    if len(set(ids)) != len(ids):
        raise ListFileError(f"{files['sdn'].name}: the same ent_num appears more than once")
    known = set(ids)
    alts = _grouped(files.get("alt"), len(ALT_COLUMNS), known)
    adds = _grouped(files.get("add"), len(ADD_COLUMNS), known)
    entries = [
        _entry(row, alts.get(ent_num, []), adds.get(ent_num, []))
        for ent_num, row in zip(ids, sdn_rows, strict=True)
    ]
    for entry in entries:
        if not entry.name:
            raise ListFileError(f"{files['sdn'].name}: entry {entry.source_id} has no name")
    return entries
