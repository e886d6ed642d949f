"""A finding's message as its parts, translated when read: the parts themselves are
`licensing.screening.parts` (shared with the name matcher); here, the words the checks pass
as parameters and the texts kept inside a finding's evidence."""

from django.utils import translation
from django.utils.translation import gettext_noop

from licensing.screening.parts import (  # noqa: F401 - the checks import them from here
    Joined,
    T,
    deferred_gettext,
    english,
    from_json,
    join,
    render,
    render_json,
    to_json,
)

# Words a check passes as parameters: the roles of countries and parties on a route.
ROLE_WORDS = {
    "destination": gettext_noop("destination"),
    "transit country": gettext_noop("transit country"),
    "end user country": gettext_noop("end user country"),
    "consignee country": gettext_noop("consignee country"),
    "intermediate consignee country": gettext_noop("intermediate consignee country"),
    "freight forwarder country": gettext_noop("freight forwarder country"),
    "end_user": gettext_noop("end user"),
    "consignee": gettext_noop("consignee"),
    "intermediate_consignee": gettext_noop("intermediate consignee"),
    "freight_forwarder": gettext_noop("freight forwarder"),
    "applicant_organisation": gettext_noop("applicant organisation"),
}


def role_word(role: str):
    """A role as a translatable word (unknown roles as they are, underscores spaced)."""
    msgid = ROLE_WORDS.get(role)
    return T(msgid) if msgid else str(role).replace("_", " ")


# --- texts inside a finding's evidence ---

# The key, in an evidence dict, of the parts of the texts stored beside it in English.
PARTS_KEY = "text_parts"


def with_parts(record: dict, texts: dict) -> dict:
    """`record` (a finding's evidence, or a dict inside it) with each of `texts` (key: a
    list of sentences) stored in English (the record, read by the audit trail and search)
    and as parts under PARTS_KEY, which `localised` renders in the reader's language."""
    with translation.override("en"):
        for key, values in texts.items():
            record[key] = [render(value) for value in values]
    record[PARTS_KEY] = {key: [to_json(value) for value in values]
                         for key, values in texts.items()}
    return record


def localised(data):
    """Evidence as a reader sees it: every text that has parts rendered in the active
    language, the parts themselves left out. A row stored before the parts were kept
    shows its texts as they were stored."""
    if isinstance(data, list):
        return [localised(value) for value in data]
    if not isinstance(data, dict):
        return data
    shown = {key: localised(value) for key, value in data.items() if key != PARTS_KEY}
    parts = data.get(PARTS_KEY)
    if isinstance(parts, dict):
        for key, values in parts.items():
            shown[key] = [render_json(value) for value in values]
    return shown
