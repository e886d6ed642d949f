from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "licensing"
    verbose_name = _("Export licensing")

    def ready(self):
        # Screening caches the country lists per process, keyed by their versions
        # (licensing/reference_data.py); a change made in this process empties it at once,
        # even one that bypasses services/reference.py.
        from licensing.reference_data import REFERENCE_MODELS, forget_country_lists

        for model in REFERENCE_MODELS:
            post_save.connect(forget_country_lists, sender=model,
                              dispatch_uid=f"forget_country_lists_save_{model.__name__}")
            post_delete.connect(forget_country_lists, sender=model,
                                dispatch_uid=f"forget_country_lists_delete_{model.__name__}")
