from django.apps import AppConfig


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = "Export licensing"

    def ready(self):
        # Export halts and proof of delivery plug into the seams the core leaves for them:
        # transition guards, screening data and list versions.
        from licensing.services import delivery, halts

        halts.register()
        delivery.register()

        # Denied-party lists, the certificate register and route data (docs/screening.md).
        from licensing.services import certificate_register, party_screening

        party_screening.register()
        certificate_register.register()
