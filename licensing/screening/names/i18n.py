"""The matcher's explanations as catalogue sentences with parameters.

A reason is a `parts.T` (the English msgid and its parameters), built only for the matches
a search reports, never per candidate: a finding stores it as JSON and a page, the API or
an e-mail renders it in the reader's language. The matcher itself never translates.
"""

from licensing.screening.parts import deferred_gettext  # noqa: F401 - `gettext` in scoring


def gettext_noop(message: str) -> str:
    """Mark a string for translation, to be translated where it is shown."""
    return message
