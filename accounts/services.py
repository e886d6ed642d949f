"""Writes to accounts that a user makes about themselves."""

from django.conf import settings
from django.utils.translation import get_supported_language_variant

from accounts.models import User


def set_language(user, language: str) -> str:
    """Save `language` (one of settings.LANGUAGES) as `user`'s choice; returns the code
    saved. Raises LookupError for a language the system does not offer."""
    code = get_supported_language_variant(language)
    if code not in dict(settings.LANGUAGES):
        raise LookupError(language)
    if user.is_authenticated and user.language != code:
        User.objects.filter(pk=user.pk).update(language=code)
        user.language = code
    return code
