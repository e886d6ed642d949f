"""Streaming exports of the audit log (CSV and JSON) that stay flat in memory however many
events they carry: rows are read with a database cursor in chunks (a server-side cursor on
PostgreSQL) as plain tuples, written a few hundred at a time, and never held.

`before` and `after` are real JSON in both formats (in the CSV, a JSON document per cell).
They are read as the database's JSON text and copied through, not decoded and re-encoded."""

from datetime import datetime
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
        return value.isoformat() if value.tzinfo else value.isoformat() + "+00:00"
    return value.replace(" ", "T") + "+00:00"


def csv_safe(value) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cell(value) -> str:
    """One CSV cell as the csv module writes it (RFC 4180: quoted when it holds a comma,
    quote or line break, quotes doubled), never a formula."""
    if value is None:
        return ""
    if value.startswith(_FORMULA_START):
        value = "'" + value
    if '"' in value or "," in value or "\n" in value or "\r" in value:
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_row(r) -> str:
    # Columns the application writes itself (numbers, identifiers, hashes, timestamps) need
    # no quoting; those people type into (or JSON) go through _cell.
    return ",".join((
        str(r[0]), _iso(r[1]), _cell(r[2]), r[3], r[4], r[5], _cell(r[6]),
        "" if r[7] is None else str(r[7]), _cell(r[8]), _cell(r[9]), _cell(r[10]),
        _cell(r[11]), r[12] or "", r[13], r[14], str(r[15]), r[16], _cell(r[17]), r[18],
        _iso(r[19]))) + "\r\n"


def csv_lines(events, *, rows_per_piece: int = 500):
    """The header, then the events as CSV (as Python's csv module would write them), a few
    hundred lines per piece."""
    pieces = [",".join(COLUMNS) + "\r\n"]
    for row in _rows(events):
        pieces.append(_csv_row(row))
        if len(pieces) >= rows_per_piece:
            yield "".join(pieces)
            pieces.clear()
    yield "".join(pieces)


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


# Columns the application writes itself (timestamps, roles, action names, object types and
# ids, hashes, digests, MACs) hold no quote, backslash or control character: they are
# quoted as they are. The others go through the JSON string encoder.
_JSON_ROW = ('{"id":%s,"at":"%s","actor":%s,"role":"%s","action":"%s","object_type":"%s",'
             '"object_id":"%s","request_id":%s,"request_reference":%s,"reason":%s,'
             '"before":%s,"after":%s,"ip_address":%s,"previous_hash":"%s","hash":"%s",'
             '"hash_version":%s,"payload_digest":"%s","mac_key_id":%s,"mac":"%s",'
             '"redacted_at":%s}')


def _json_row(r) -> str:
    return _JSON_ROW % (
        r[0], _iso(r[1]), encode_basestring(r[2]), r[3], r[4], r[5], r[6],
        "null" if r[7] is None else r[7], _s(r[8]), encode_basestring(r[9]), _j(r[10]),
        _j(r[11]), "null" if r[12] is None else f'"{r[12]}"', r[13], r[14], r[15], r[16],
        encode_basestring(r[17]), r[18],
        "null" if r[19] is None else f'"{_iso(r[19])}"')


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
