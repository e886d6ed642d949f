"""Translation of the matcher's explanations.

The matcher is plain Python and runs without Django (benchmarks, batch screening); in the
application its explanations are user-facing text and go through Django's gettext.
"""


def gettext(message: str) -> str:
    try:
        from django.conf import settings
    except ImportError:  # pragma: no cover - the matcher used on its own
        return message
    if not settings.configured:
        return message
    from django.utils.translation import gettext as django_gettext

    return django_gettext(message)


def gettext_noop(message: str) -> str:
    """Mark a string for translation, to be translated where it is shown."""
    return message
