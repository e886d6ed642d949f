"""Reading list files strictly: a damaged file must fail loudly, never load partially.

Publishers have shipped 0-byte and truncated list files; importing one as-is would wipe or
shrink the live list and silently stop screening hits. Every check here exists so that such a
file raises `ListFileError` and the importer keeps the previous version.
"""

import csv
import gzip
import io
import zlib
from collections.abc import Iterable
from pathlib import Path

from .countries import country_code, iso_code

# Some publishers (OFAC) still end their files with a DOS end-of-file marker.
_DOS_EOF = "\x1a"


class ListFileError(ValueError):
    """A list file is missing, empty, truncated or not in the expected format."""


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped if it is gzip; refuses missing and empty files."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListFileError(f"{path.name}: cannot read the file ({exc.strerror or exc})") from exc
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise ListFileError(f"{path.name}: damaged or truncated gzip file ({exc})") from exc
    if not data.strip():
        raise ListFileError(f"{path.name}: the file is empty (0 bytes or only whitespace)")
    return data


def decode(data: bytes, path: Path) -> str:
    """Text of the file: UTF-8 (with or without BOM), else Windows-1252 as older lists use."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListFileError(f"{path.name}: the file is neither UTF-8 nor Windows-1252 text")


def read_text(path: Path) -> str:
    """Decoded text without a trailing DOS EOF marker; must end with a line break.

    A file cut off mid-row (or mid-field) does not end with a line break, so this catches
    truncation even when the cut happens to leave the right number of columns.
    """
    text = decode(read_bytes(path), path).rstrip(_DOS_EOF)
    if not text.endswith(("\n", "\r")):
        raise ListFileError(
            f"{path.name}: the file does not end with a line break; it looks truncated"
        )
    return text


def _csv_rows(text: str, path: Path) -> list[list[str]]:
    """All rows; strict mode makes an unterminated quote (a cut mid-field) an error."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        return [row for row in reader if row]
    except csv.Error as exc:
        raise ListFileError(
            f"{path.name}: malformed CSV near line {reader.line_num} ({exc}); "
            "the file may be truncated or damaged"
        ) from exc


def read_headerless_csv(path: Path, width: int) -> list[list[str]]:
    """Rows of a CSV without header in which every row must have exactly `width` columns."""
    rows = _csv_rows(read_text(path), path)
    for number, row in enumerate(rows, start=1):
        if len(row) != width:
            raise ListFileError(
                f"{path.name}: row {number} has {len(row)} columns, expected {width}; "
                "the file is damaged or not in the expected format"
            )
    if not rows:
        raise ListFileError(f"{path.name}: the file contains no entries")
    return rows


def read_csv_records(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    """Rows of a CSV with a header line, as dicts; the header must have the required columns."""
    rows = _csv_rows(read_text(path), path)
    header = [column.strip() for column in rows[0]]
    missing = [column for column in required if column not in header]
    if missing:
        raise ListFileError(
            f"{path.name}: header lacks required column(s) {', '.join(missing)}; "
            f"found {', '.join(header[:20])}"
        )
    records = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(header):
            raise ListFileError(
                f"{path.name}: row {number} has {len(row)} columns, the header has "
                f"{len(header)}; the file is damaged or truncated"
            )
        records.append(dict(zip(header, row, strict=True)))
    if not records:
        raise ListFileError(f"{path.name}: the file has a header but no entries")
    return records


def split_values(value: str, separator: str = ";") -> list[str]:
    """Non-empty, stripped parts of a multi-valued field."""
    return [part.strip() for part in value.split(separator) if part.strip()]


def non_empty(record: dict[str, str], columns: Iterable[str]) -> dict[str, str]:
    """The given columns that have a value, stripped (for `ListEntry.extra`)."""
    return {column: record[column].strip() for column in columns if record.get(column, "").strip()}


def unique(values: Iterable[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
    """Values in first-seen order without repeats (ignoring case and spacing) or exclusions."""
    seen = {" ".join(value.split()).casefold() for value in exclude}
    kept = []
    for value in values:
        key = " ".join(value.split()).casefold()
        if key and key not in seen:
            seen.add(key)
            kept.append(value.strip())
    return tuple(kept)


class CountryCollector:
    """Gathers ISO codes for one entry, remembering names that could not be mapped."""

    def __init__(self) -> None:
        self.codes: list[str] = []
        self.unmapped: list[str] = []

    def add_name(self, name: str) -> None:
        name = name.strip()
        if not name:
            return
        code = country_code(name)
        if code:
            self._add(code)
        elif name not in self.unmapped:
            self.unmapped.append(name)

    def add_code(self, code: str) -> None:
        mapped = iso_code(code)
        if mapped:
            self._add(mapped)
        elif code.strip() and code.strip() not in self.unmapped:
            self.unmapped.append(code.strip())

    def _add(self, code: str) -> None:
        if code not in self.codes:
            self.codes.append(code)

    def into(self, extra: dict) -> tuple[str, ...]:
        """The codes; unmapped names are recorded in `extra` so nothing is lost."""
        if self.unmapped:
            extra["unmapped_countries"] = list(self.unmapped)
        return tuple(self.codes)


def single_path(paths: list[Path], fmt: str) -> Path:
    """The one file a single-file format expects."""
    if len(paths) != 1:
        raise ListFileError(f"{fmt}: expected exactly one file, got {len(paths)}")
    return paths[0]
