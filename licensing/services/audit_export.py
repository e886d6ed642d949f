"""Streaming exports of the audit log (CSV and JSON) that stay flat in memory however many
events they carry: rows are read with a database cursor in chunks (a server-side cursor on
PostgreSQL) as plain tuples, written a few hundred at a time, and never held.

`before` and `after` are real JSON in both formats (in the CSV, a JSON document per cell).
They are read as the database's JSON text and copied through, not decoded and re-encoded."""

import csv
import io
from datetime import UTC, datetime
from json.encoder import encode_basestring

from django.db import connections

COLUMNS = ["id", "at", "actor", "role", "action", "object_type", "object_id", "request_id",
           "request_reference", "reason", "before", "after", "ip_address", "previous_hash",
           "hash", "hash_version", "payload_digest", "mac_key_id", "mac", "redacted_at"]
_FIELDS = ["id", "at", "actor_label", "actor_role", "action", "object_type", "object_id",
           "request_id", "request__applicant_reference", "reason", "before", "after",
           "ip_address", "previous_hash", "hash", "hash_version", "payload_digest",
           "mac_key_id", "mac", "redacted_at"]
CHUNK = 2000
_AT = COLUMNS.index("at")
_REDACTED_AT = COLUMNS.index("redacted_at")
_BEFORE = COLUMNS.index("before")
_AFTER = COLUMNS.index("after")
# Columns people type into: a spreadsheet must never run them as a formula.
_TYPED = [COLUMNS.index(c) for c in ("actor", "object_id", "request_reference", "reason",
                                     "before", "after")]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rows(events):
    """The events as tuples in COLUMNS order, straight from a database cursor (a
    server-side one on PostgreSQL) in chunks: no model instances, no JSON decoding (the
    backends hand JSON columns over as text when the ORM is bypassed)."""
    queryset = events.order_by("id").values_list(*_FIELDS)
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    with connections[queryset.db].chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            rows = cursor.fetchmany(CHUNK)
            if not rows:
                return
            yield from rows


def _iso(value) -> str:
    """A timestamp as ISO 8601. SQLite hands over a naive datetime in UTC (or its stored
    text), PostgreSQL an aware one."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    return value.replace(" ", "T") + "+00:00"


def csv_safe(value) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_lines(events, *, rows_per_piece: int = 500):
    """The header, then the events as CSV, a few hundred lines per piece."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    batch = []
    for row in _rows(events):
        cells = list(row)
        cells[_AT] = _iso(row[_AT])
        cells[_REDACTED_AT] = _iso(row[_REDACTED_AT])
        for index in _TYPED:
            value = cells[index]
            if value and value.startswith(_FORMULA_START):
                cells[index] = "'" + value
        batch.append(cells)
        if len(batch) == rows_per_piece:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


def _s(value) -> str:
    return "null" if value is None else encode_basestring(str(value))


def _j(value) -> str:
    if value is None:
        return "null"
    return value if isinstance(value, str) else _json_dumps(value)


def _json_dumps(value) -> str:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


_JSON_ROW = "{" + ",".join(f'"{c}":%s' for c in COLUMNS) + "}"


def _json_row(r) -> str:
    return _JSON_ROW % (
        r[0], encode_basestring(_iso(r[1])), _s(r[2]), _s(r[3]), _s(r[4]), _s(r[5]), _s(r[6]),
        "null" if r[7] is None else r[7], _s(r[8]), _s(r[9]), _j(r[10]), _j(r[11]), _s(r[12]),
        _s(r[13]), _s(r[14]), r[15], _s(r[16]), _s(r[17]), _s(r[18]),
        "null" if r[19] is None else encode_basestring(_iso(r[19])))


def json_chunks(events, *, rows_per_piece: int = 500):
    """A JSON array of event objects, a few hundred events per piece."""
    pieces = ["["]
    separator = "\n"
    for row in _rows(events):
        pieces.append(separator + _json_row(row))
        separator = ",\n"
        if len(pieces) >= rows_per_piece:
            yield "".join(pieces)
            pieces.clear()
    pieces.append("\n]\n")
    yield "".join(pieces)
