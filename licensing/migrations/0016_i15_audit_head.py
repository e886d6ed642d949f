"""Events must not disappear (issue 15): the chain's head kept beside the audit table, and
on PostgreSQL a trigger that refuses TRUNCATE of the audit table (row triggers do not see
a TRUNCATE). SQLite has no TRUNCATE; its row triggers already refuse DELETE."""

from django.db import migrations, models

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION licensing_audit_no_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS licensing_auditevent_no_truncate ON licensing_auditevent;
CREATE TRIGGER licensing_auditevent_no_truncate
    BEFORE TRUNCATE ON licensing_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION licensing_audit_no_truncate();
"""
POSTGRESQL_DROP = """
DROP TRIGGER IF EXISTS licensing_auditevent_no_truncate ON licensing_auditevent;
"""


def create_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)


def drop_truncate_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
        schema_editor.execute("DROP FUNCTION IF EXISTS licensing_audit_no_truncate();")


def record_current_head(apps, schema_editor):
    AuditEvent = apps.get_model("licensing", "AuditEvent")
    AuditChainHead = apps.get_model("licensing", "AuditChainHead")
    last = AuditEvent.objects.order_by("-id").values("id", "hash").first()
    if last is not None:
        AuditChainHead.objects.create(pk=1, count=AuditEvent.objects.count(),
                                      last_event_id=last["id"], last_hash=last["hash"])


class Migration(migrations.Migration):

    dependencies = [
        ("licensing", "0015_i10_countersigning_four_eyes_marks"),
    ]

    operations = [
        migrations.CreateModel(
            name="AuditChainHead",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True,
                                                        serialize=False)),
                ("count", models.BigIntegerField(default=0)),
                ("last_event_id", models.BigIntegerField(blank=True, null=True)),
                ("last_hash", models.CharField(blank=True, max_length=64)),
            ],
        ),
        migrations.RunPython(record_current_head, migrations.RunPython.noop),
        migrations.RunPython(create_truncate_trigger, drop_truncate_trigger),
    ]
