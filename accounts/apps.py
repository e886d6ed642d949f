from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Changes to users, roles and permissions are audited whoever makes them (Django
        # admin, a management command, the shell): only model signals see all of them.
        from accounts import audit_signals

        audit_signals.connect()
        from accounts import tokens  # noqa: F401 - connects the token revocation signal
