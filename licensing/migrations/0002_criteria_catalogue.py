from django.db import migrations


def seed_criteria(apps, schema_editor):
    from licensing.criteria_catalogue import CRITERIA

    Criterion = apps.get_model("licensing", "Criterion")
    for code, source, title in CRITERIA:
        Criterion.objects.update_or_create(code=code, defaults={"source": source, "title": title})


class Migration(migrations.Migration):
    dependencies = [("licensing", "0001_initial")]
    operations = [migrations.RunPython(seed_criteria, migrations.RunPython.noop)]
