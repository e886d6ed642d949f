"""On PostgreSQL the database itself refuses to change or delete audit events, so even
code that bypasses the ORM cannot rewrite history (the hash chain still detects anyone
who disables the trigger)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION licensing_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER licensing_auditevent_append_only
    BEFORE UPDATE OR DELETE ON licensing_auditevent
    FOR EACH ROW EXECUTE FUNCTION licensing_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS licensing_auditevent_append_only ON licensing_auditevent;
DROP FUNCTION IF EXISTS licensing_audit_append_only();
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("licensing", "0002_criteria_catalogue")]
    operations = [migrations.RunPython(create, drop)]
