"""Seed the managed list of licence conditions (provisos); the admin edits it afterwards."""

from django.db import migrations

CONDITIONS = [
    ("DVC-90", "The exporter shall submit a delivery verification certificate issued by the "
               "authorities of the country of final destination within 90 days of each "
               "shipment."),
    ("NO-REEXPORT", "The goods shall not be re-exported, transferred or lent to any third "
                    "party or country without the prior written consent of the authority."),
    ("ROUTE-ONLY", "The goods shall travel only by the route stated in this licence; any "
                   "change of route or transit country needs the authority's prior consent."),
    ("NOTIFY-SHIPMENT", "The exporter shall record each consignment in the licensing system "
                        "before the goods leave the customs territory."),
    ("PSV", "The end user shall allow a post-shipment on-site verification by the "
            "authority's representatives upon request."),
    ("MARKING", "Each item shall bear the manufacturer's unique marking and lot number as "
                "declared in the application."),
]


def seed(apps, schema_editor):
    LicenceCondition = apps.get_model("licensing", "LicenceCondition")
    for code, text in CONDITIONS:
        LicenceCondition.objects.get_or_create(code=code, defaults={"text": text})


def unseed(apps, schema_editor):
    LicenceCondition = apps.get_model("licensing", "LicenceCondition")
    LicenceCondition.objects.filter(code__in=[code for code, _ in CONDITIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("licensing", "0004_denied_party_lists_halts_licence_documents")]

    operations = [migrations.RunPython(seed, unseed)]
