"""Consulted bodies are organisations (kind "consulted_body") with their own reviewers; the
reviewers' old `agency` code becomes their organisation."""

from django.db import migrations, models

# code -> (name, registration number); the four bodies the law names, and the council.
BODIES = {
    "foreign_affairs": ("Ministry of Foreign Affairs", "BODY-MFA"),
    "defence": ("Ministry of Defence", "BODY-MOD"),
    "interior": ("Ministry of the Interior", "BODY-MOI"),
    "security": ("Security Information Agency", "BODY-BIA"),
    "council": ("National Security Council", "BODY-NSC"),
}


def body(Organisation, code):
    name, registration = BODIES[code]
    found, _ = Organisation.objects.get_or_create(
        code=code, kind="consulted_body",
        defaults={"name": name, "registration_number": registration, "country": "RS"})
    return found


def agencies_to_bodies(apps, schema_editor):
    Organisation = apps.get_model("accounts", "Organisation")
    User = apps.get_model("accounts", "User")
    for user in User.objects.filter(role="agency"):
        user.organisation = body(Organisation, user.agency or "foreign_affairs")
        user.save(update_fields=["organisation"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="organisation", name="kind",
            field=models.CharField(choices=[("manufacturer", "Manufacturer or exporter"),
                                            ("consulted_body", "Consulted body")],
                                   db_index=True, default="manufacturer", max_length=20)),
        migrations.AddField(
            model_name="organisation", name="code",
            field=models.SlugField(blank=True, max_length=40,
                                   help_text="A consulted body's short code (e.g. defence).")),
        migrations.AddField(
            model_name="organisation", name="referral_due_working_days",
            field=models.PositiveSmallIntegerField(
                default=15, help_text="Working days a consulted body has to give its advice.")),
        migrations.AddField(
            model_name="organisation", name="silence_policy",
            field=models.CharField(choices=[("deemed_consent", "Silence is deemed consent"),
                                            ("escalate", "Escalate to the approving authority")],
                                   default="escalate", max_length=20)),
        migrations.RemoveConstraint(model_name="user",
                                    name="applicant_has_exactly_one_organisation"),
        migrations.RunPython(agencies_to_bodies, migrations.RunPython.noop),
        migrations.RemoveField(model_name="user", name="agency"),
        migrations.AddConstraint(
            model_name="user",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("organisation__isnull", False),
                             ("role__in", ["applicant", "agency"])),
                    models.Q(models.Q(("role__in", ["applicant", "agency"]), _negated=True),
                             ("organisation__isnull", True)),
                    _connector="OR"),
                name="organisation_only_for_applicants_and_agencies")),
    ]
