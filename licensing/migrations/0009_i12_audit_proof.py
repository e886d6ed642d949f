"""Issue 12: the audit trail's proof. Events get a version-2 hash over a payload digest,
a MAC and its key id, and `redacted_at`; existing events stay version 1. The append-only
triggers are replaced by ones that still refuse every DELETE and every UPDATE except the
one retention makes: erasing before/after of a version-2 event (its digest, hash and MAC
unchanged, so the chain still verifies). Plus the integrity check's progress row."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


_UNCHANGED = ["id", "at", "actor_id", "actor_label", "actor_role", "action", "object_type",
              "object_id", "request_id", "reason", "ip_address", "previous_hash", "hash",
              "hash_version", "payload_digest", "mac_key_id", "mac"]

POSTGRESQL_CREATE = """
CREATE OR REPLACE FUNCTION licensing_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
       AND OLD.hash_version >= 2 AND NEW.before IS NULL AND NEW.after IS NULL
       AND ROW(%(new)s) IS NOT DISTINCT FROM ROW(%(old)s) THEN
        RETURN NEW;  -- retention erasing a payload: the digest stays, the chain verifies
    END IF;
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS licensing_auditevent_append_only ON licensing_auditevent;
CREATE TRIGGER licensing_auditevent_append_only
    BEFORE UPDATE OR DELETE ON licensing_auditevent
    FOR EACH ROW EXECUTE FUNCTION licensing_audit_append_only();
""" % {"new": ", ".join(f"NEW.{c}" for c in _UNCHANGED),
       "old": ", ".join(f"OLD.{c}" for c in _UNCHANGED)}

POSTGRESQL_RESTORE = """
CREATE OR REPLACE FUNCTION licensing_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only';
END;
$$ LANGUAGE plpgsql;
"""

# The trigger names are those of 0003, so its SQLITE_DROP still removes them.
SQLITE_CREATE = [
    """CREATE TRIGGER IF NOT EXISTS licensing_auditevent_no_update BEFORE UPDATE ON licensing_auditevent
       WHEN NOT (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL
                 AND OLD.hash_version >= 2 AND NEW.before IS NULL AND NEW.after IS NULL
                 AND %s)
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""" % " AND ".join(
        f"NEW.{c} IS OLD.{c}" for c in _UNCHANGED),
    """CREATE TRIGGER IF NOT EXISTS licensing_auditevent_no_delete BEFORE DELETE ON licensing_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS licensing_auditevent_no_update",
    "DROP TRIGGER IF EXISTS licensing_auditevent_no_delete",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP + SQLITE_CREATE:
            schema_editor.execute(statement)


def restore(apps, schema_editor):
    import importlib

    previous = importlib.import_module("licensing.migrations.0003_audit_append_only")
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RESTORE)
    elif vendor == "sqlite":
        for statement in SQLITE_DROP + previous.SQLITE_CREATE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('licensing', '0008_rulebook_submissions_send_backs'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=1),
        ),
        migrations.AlterField(
            model_name='auditevent',
            name='hash_version',
            field=models.PositiveSmallIntegerField(default=2),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='mac',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='mac_key_id',
            field=models.CharField(blank=True, max_length=40),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='payload_digest',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='redacted_at',
            field=models.DateTimeField(blank=True, help_text='When retention erased before/after.', null=True),
        ),
        migrations.CreateModel(
            name='AuditChainCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('requested_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('intact', 'Intact'), ('broken', 'Broken'), ('failed', 'Failed to run')], default='queued', max_length=10)),
                ('total', models.PositiveBigIntegerField(default=0)),
                ('checked', models.PositiveBigIntegerField(default=0)),
                ('anchors_checked', models.PositiveIntegerField(default=0)),
                ('unsealed', models.PositiveBigIntegerField(default=0)),
                ('first_broken_id', models.BigIntegerField(blank=True, null=True)),
                ('problem', models.TextField(blank=True)),
                ('requested_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-requested_at', '-id'],
            },
        ),
        migrations.RunPython(create, restore),
    ]
