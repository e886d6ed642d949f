"""API tokens that expire and rotate.

A token is issued at sign-in (`POST /api/v1/auth/token/`), replacing the caller's previous
one; it stops working `API_TOKEN_TTL_HOURS` after it was issued, and at once when the
user's password changes or the account is deactivated. Tokens are never shown in Django
admin (accounts/admin.py)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_lifetime() -> timedelta:
    return timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def issue_token(user) -> Token:
    """A new token for `user`; any earlier one stops working."""
    with transaction.atomic():
        Token.objects.filter(user=user).delete()
        return Token.objects.create(user=user)


def revoke_tokens(user) -> int:
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing tokens older than the configured lifetime."""

    def authenticate_credentials(self, key):
        # DRF's own, but with the user's organisation in the same query: the answers to
        # the API's writes name it (issue 17, third round).
        model = self.get_model()
        try:
            token = model.objects.select_related("user__organisation").get(key=key)
        except model.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        user = token.user
        if token.created < timezone.now() - token_lifetime():
            raise exceptions.AuthenticationFailed(
                _("This token has expired: sign in again for a new one."))
        return user, token


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="revoke-tokens-on-change")
def _revoke_tokens_when_credentials_change(sender, instance, update_fields=None, **kwargs):
    """A changed password or a deactivated account ends every token it had."""
    if instance.pk is None or kwargs.get("raw"):
        return
    if update_fields is not None and not {"password", "is_active"} & set(update_fields):
        return
    stored = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored is None:
        return
    if stored["password"] != instance.password or (stored["is_active"]
                                                   and not instance.is_active):
        revoke_tokens(instance)
