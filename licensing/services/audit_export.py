"""Streaming exports of the audit log (CSV and JSON) that stay flat in memory however many
events they carry: rows are read with a database cursor in chunks (a server-side cursor on
PostgreSQL) as plain tuples, written a few hundred at a time, and never held.

`before` and `after` are real JSON in both formats (in the CSV, a JSON document per cell).
They are read as the database's JSON text and copied through, not decoded and re-encoded."""

import csv
import io

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import TextField
from django.db.models.functions import Cast

COLUMNS = ["id", "at", "actor", "role", "action", "object_type", "object_id", "request_id",
           "request_reference", "reason", "before", "after", "ip_address", "previous_hash",
           "hash", "hash_version", "payload_digest", "mac_key_id", "mac", "redacted_at"]
_FIELDS = ["id", "at", "actor_label", "actor_role", "action", "object_type", "object_id",
           "request_id", "request__applicant_reference", "reason", "_before", "_after",
           "ip_address", "previous_hash", "hash", "hash_version", "payload_digest",
           "mac_key_id", "mac", "redacted_at"]
CHUNK = 2000
ROWS_PER_PIECE = 500
_BEFORE = COLUMNS.index("before")
_AFTER = COLUMNS.index("after")
# Columns people type into: a spreadsheet must never run them as a formula.
_TYPED = [COLUMNS.index(c) for c in ("actor", "object_id", "request_reference", "reason",
                                     "before", "after")]
_encoder = DjangoJSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _rows(events):
    return (events.order_by("id")
            .annotate(_before=Cast("before", TextField()), _after=Cast("after", TextField()))
            .values_list(*_FIELDS).iterator(chunk_size=CHUNK))


def csv_safe(value) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_lines(events):
    """The header, then the events as CSV, a few hundred lines per piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    count = 0
    for row in _rows(events):
        cells = list(row)
        cells[1] = row[1].isoformat()
        if row[-1] is not None:
            cells[-1] = row[-1].isoformat()
        for index in _TYPED:
            value = cells[index]
            if value is not None and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
                cells[index] = "'" + value
        writer.writerow(cells)
        count += 1
        if count == ROWS_PER_PIECE:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            count = 0
    yield buffer.getvalue()


def json_chunks(events):
    """A JSON array of event objects, a few hundred events per piece."""
    pieces = ["["]
    separator = "\n"
    for row in _rows(events):
        record = dict(zip(COLUMNS, row, strict=True))
        before, after = record.pop("before"), record.pop("after")
        head = _encoder.encode(record)
        pieces.append(f'{separator}{head[:-1]},"before":{before or "null"},'
                      f'"after":{after or "null"}}}')
        separator = ",\n"
        if len(pieces) >= ROWS_PER_PIECE:
            yield "".join(pieces)
            pieces.clear()
    pieces.append("\n]\n")
    yield "".join(pieces)
