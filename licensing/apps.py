from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = "Export licensing"

    def ready(self):
        # Export halts and screening findings plug into the transition guards. Reference data
        # is not registered here: licensing/reference_data.py reads every kind explicitly.
        from licensing.workflow import halts as halt_guards
        from licensing.workflow import screening_guards

        halt_guards.register()
        screening_guards.register()
