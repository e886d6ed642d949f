"""Streaming exports of the audit log (CSV and JSON) that stay flat in memory however many
events they carry: rows are read with a database cursor in chunks (a server-side cursor on
PostgreSQL) as plain tuples, and written one at a time.

`before` and `after` are real JSON in both formats (in the CSV, a JSON document per cell)."""

import csv

from django.core.serializers.json import DjangoJSONEncoder

COLUMNS = ["id", "at", "actor", "role", "action", "object_type", "object_id", "request_id",
           "request_reference", "reason", "before", "after", "ip_address", "previous_hash",
           "hash", "hash_version", "payload_digest", "mac_key_id", "mac", "redacted_at"]
_FIELDS = ["id", "at", "actor_label", "actor_role", "action", "object_type", "object_id",
           "request_id", "request__applicant_reference", "reason", "before", "after",
           "ip_address", "previous_hash", "hash", "hash_version", "payload_digest",
           "mac_key_id", "mac", "redacted_at"]
CHUNK = 2000
_encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _rows(events):
    return events.order_by("id").values_list(*_FIELDS).iterator(chunk_size=CHUNK)


def _json(value) -> str:
    return "" if value is None else _encoder.encode(value)


class _Line:
    def write(self, value):
        return value


def csv_safe(value) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(events):
    """The header, then one CSV line per event, as strings."""
    writer = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    before_at = COLUMNS.index("before")
    for row in _rows(events):
        cells = [csv_safe(v) for v in row]
        cells[1] = row[1].isoformat()
        cells[before_at] = _json(row[before_at])
        cells[before_at + 1] = _json(row[before_at + 1])
        cells[-1] = row[-1].isoformat() if row[-1] else ""
        yield writer.writerow(cells)


def json_chunks(events, *, rows_per_chunk: int = 200):
    """A JSON array of event objects, yielded in pieces of a few hundred events."""
    yield "["
    first = True
    buffer = []
    for row in _rows(events):
        record = dict(zip(COLUMNS, row, strict=True))
        buffer.append(("\n" if first else ",\n") + _encoder.encode(record))
        first = False
        if len(buffer) >= rows_per_chunk:
            yield "".join(buffer)
            buffer.clear()
    buffer.append("\n]\n")
    yield "".join(buffer)
