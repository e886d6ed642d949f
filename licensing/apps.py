from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = "Export licensing"

    def ready(self):
        # Export halts and proof of delivery plug into the seams the core leaves for them:
        # transition guards, screening data and list versions.
        from licensing.services import delivery, halts
        from licensing.workflow import halts as halt_guards

        halt_guards.register()
        halts.register()
        delivery.register()

        # Denied-party lists, the certificate register and route data (docs/screening.md).
        from licensing.services import certificate_register, party_screening
        from licensing.workflow import screening_guards

        party_screening.register()
        certificate_register.register()
        screening_guards.register()

        # The audit trail's proof and coverage (issue 12): its Celery tasks, and events
        # for changes to users and their roles and permissions.
        from accounts import audit_signals
        from licensing import tasks_audit  # noqa: F401 - registers the tasks

        audit_signals.register()
