"""Search across scripts (issue 13): each party's name folded to a script-free key
(licensing.screening.names.transliterate.search_key), filled in for the parties already
there; on PostgreSQL a trigram index serves the queue's `search_key LIKE '%key%'`."""

from django.db import migrations, models


def fill_search_keys(apps, schema_editor):
    from licensing.screening.names.transliterate import search_key

    Party = apps.get_model("licensing", "Party")
    batch = []
    for party in Party.objects.only("pk", "name").iterator(chunk_size=2000):
        party.search_key = search_key(party.name)
        batch.append(party)
        if len(batch) >= 2000:
            Party.objects.bulk_update(batch, ["search_key"])
            batch = []
    if batch:
        Party.objects.bulk_update(batch, ["search_key"])


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE INDEX IF NOT EXISTS licensing_party_search_key_trgm "
                          "ON licensing_party USING gin (search_key gin_trgm_ops)")


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS licensing_party_search_key_trgm")


class Migration(migrations.Migration):

    dependencies = [
        ("licensing", "0017_audit_actions_after_merges"),
    ]

    operations = [
        migrations.AddField(
            model_name="party",
            name="search_key",
            field=models.CharField(blank=True, editable=False, max_length=600),
        ),
        migrations.RunPython(fill_search_keys, migrations.RunPython.noop),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
