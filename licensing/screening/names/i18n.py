"""The matcher's explanations as catalogue sentences with parameters.

A reason is a `checks.text.T` (the English msgid and its parameters), built only for the
matches a search reports, never per candidate: a finding stores it as JSON and a page, the
API or an e-mail renders it in the reader's language. The matcher itself never translates.
"""


def deferred_gettext(msgid: str):
    """Stands in for gettext (`_`, so that makemessages finds the sentence): the sentence
    is translated when it is read."""
    # Imported here, not at the top: the checks package imports the matcher.
    from licensing.screening.checks.text import T

    return T(msgid)


def gettext_noop(message: str) -> str:
    """Mark a string for translation, to be translated where it is shown."""
    return message
