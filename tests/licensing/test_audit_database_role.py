"""The database role the application runs as cannot change or delete audit rows
(docs/sql/audit-grants.sql plus the triggers of migration 0007)."""

import secrets
import subprocess

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction

from licensing.models import AuditEvent
from tests import factories
from tests.conftest import REPO_ROOT

GRANTS = REPO_ROOT / "docs" / "sql" / "audit-grants.sql"


def _psql(*args):
    db = settings.DATABASES["default"]
    command = ["psql", "-X", "-q", "-h", db.get("HOST") or "127.0.0.1",
               "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres",
               "-d", db["NAME"], *args]
    env = {"PGPASSWORD": db.get("PASSWORD") or ""}
    result = subprocess.run(command, capture_output=True, text=True, check=False,
                            env={**__import__("os").environ, **env})
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def app_role():
    """A login role of its own for this run, granted as the script says; dropped after."""
    name = f"licensing_app_test_{secrets.token_hex(4)}"
    password = secrets.token_hex(16)
    _psql("-c", f"CREATE ROLE {name} LOGIN PASSWORD '{password}'")
    try:
        _psql("-v", f"app_role={name}", "-f", str(GRANTS))
        yield name, password
    finally:
        _psql("-c", f"DROP OWNED BY {name}", "-c", f"DROP ROLE {name}")


def _connect_as(role, password):
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432,
                           dbname=db["NAME"], user=role, password=password)


@pytest.mark.django_db(transaction=True)
def test_the_application_role_cannot_update_or_delete_audit_rows(request):
    factories.request_in_state("submitted")
    event = AuditEvent.objects.get(action="request.submitted")
    if connection.vendor != "postgresql":
        # SQLite has no roles: the triggers alone refuse (PostgreSQL also has the grants).
        for sql in ("UPDATE licensing_auditevent SET reason = 'x' WHERE id = %s",
                    "DELETE FROM licensing_auditevent WHERE id = %s"):
            with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
                    connection.cursor() as cursor:
                cursor.execute(sql, [event.pk])
        return
    import psycopg

    role, password = request.getfixturevalue("app_role")
    with _connect_as(role, password) as conn:
        conn.autocommit = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM licensing_auditevent")
            assert cursor.fetchone()[0] == AuditEvent.objects.count()
        for sql in ("UPDATE licensing_auditevent SET reason = 'x' WHERE id = %s",
                    "UPDATE licensing_auditevent SET actor_label = 'x', hash = 'x' WHERE id = %s",
                    "DELETE FROM licensing_auditevent WHERE id = %s"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.cursor() as cursor:
                cursor.execute(sql, [event.pk])
        with pytest.raises(psycopg.errors.InsufficientPrivilege), conn.cursor() as cursor:
            cursor.execute("TRUNCATE licensing_auditevent")
        # The columns retention may touch: only an erasure passes the trigger.
        with pytest.raises(psycopg.errors.RaiseException, match="append-only"), \
                conn.cursor() as cursor:
            cursor.execute("UPDATE licensing_auditevent SET after = '{\"status\": \"x\"}' "
                           "WHERE id = %s", [event.pk])
        # Other tables stay writable for the application.
        with conn.cursor() as cursor:
            cursor.execute("UPDATE licensing_shipmentrequest SET end_use = end_use")
    event.refresh_from_db()
    assert event.reason == "" and event.after == {"status": "submitted"}
