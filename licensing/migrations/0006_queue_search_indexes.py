"""Indexes for the officials' work queue (licensing/web/queries.py).

B-tree indexes for the destination and control-category filters, on every database. On
PostgreSQL also trigram (pg_trgm) GIN indexes for the search by reference, party name and
EUC number. Django's `icontains` compares `UPPER(column::text) LIKE UPPER('%term%')`, so the
indexes are on that very expression; the database then reads only the matching rows instead
of every party name. SQLite (development) has neither the extension nor GIN indexes and
keeps working without them: the RunPython steps do nothing there.

pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it. Where the
application's role may not, a superuser runs `CREATE EXTENSION pg_trgm;` in the database
once before migrating.
"""

from django.db import migrations, models

# (index name, table, column)
TRIGRAM_INDEXES = [
    ("licensing_request_reference_trgm", "licensing_shipmentrequest", "applicant_reference"),
    ("licensing_party_name_trgm", "licensing_party", "name"),
    ("licensing_euc_number_trgm", "licensing_endusercertificate", "number"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ((UPPER({column}::text)) gin_trgm_ops)")
    # The planner knows an expression's statistics only once the table is analysed.
    for table in sorted({table for _name, table, _column in TRIGRAM_INDEXES}):
        schema_editor.execute(f"ANALYZE {table}")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    # The extension stays: other objects may use it by now.


class Migration(migrations.Migration):

    dependencies = [
        ("licensing", "0005_seed_licence_conditions"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="lineitem",
            index=models.Index(fields=["control_category", "request"],
                               name="licensing_l_control_b486ae_idx"),
        ),
        migrations.AddIndex(
            model_name="shipmentrequest",
            index=models.Index(fields=["destination_country", "status", "submitted_at"],
                               name="licensing_s_destina_96b91a_idx"),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
