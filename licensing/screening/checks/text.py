"""A finding's message as its parts, translated when read.

A check builds its message from catalogue sentences (`T("The %(role)s %(country)s ...",
role=T("destination"), country="RU")`) joined with `join`; the finding keeps the English
rendering in `Finding.message` (the record: audit events, logs, search) and the parts in
`Finding.message_parts` (JSON), which a page or the API renders in the reader's language.
A parameter is either data (shown as it is: names, numbers, codes) or another `T`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, gettext_noop


@dataclass(frozen=True)
class T:
    """One catalogue sentence (the English msgid) and its parameters."""

    msgid: str
    params: dict = field(default_factory=dict)

    def __init__(self, msgid: str, **params):
        object.__setattr__(self, "msgid", msgid)
        object.__setattr__(self, "params", params)

    def __mod__(self, params: dict) -> T:
        """`_("... %(name)s ...") % {"name": ...}` as with gettext, kept for later."""
        return T(self.msgid, **{**self.params, **params})

    def __str__(self) -> str:
        return render(self)


def deferred_gettext(msgid: str) -> T:
    """Stands in for gettext in the checks: the sentence is translated when it is read."""
    return T(msgid)


@dataclass(frozen=True)
class Joined:
    """Parts shown one after another, separated by `sep` (a space, "; ", ", ")."""

    sep: str
    parts: tuple

    def __str__(self) -> str:
        return render(self)


def join(parts, sep: str = " ") -> Joined:
    return Joined(sep, tuple(p for p in parts if p not in ("", None)))


def render(value) -> str:
    """In the active language."""
    if isinstance(value, T):
        text = _translate(value.msgid) if value.msgid else ""
        if value.params:
            text = text % {k: v if isinstance(v, (int, float)) else render(v)
                           for k, v in value.params.items()}
        return text
    if isinstance(value, Joined):
        return value.sep.join(render(p) for p in value.parts)
    return "" if value is None else str(value)


def _translate(msgid: str) -> str:
    # The name matcher's reasons are these sentences too, and the matcher also runs without
    # Django (bench/screening_quality.py): there a sentence reads as its English source.
    return gettext(msgid) if settings.configured else msgid


def english(value) -> str:
    with translation.override("en"):
        return render(value)


def to_json(value):
    if isinstance(value, T):
        return {"t": value.msgid, "p": {k: to_json(v) for k, v in value.params.items()}}
    if isinstance(value, Joined):
        return {"j": value.sep, "parts": [to_json(p) for p in value.parts]}
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def from_json(data):
    if isinstance(data, dict) and "t" in data:
        return T(data["t"], **{k: from_json(v) for k, v in (data.get("p") or {}).items()})
    if isinstance(data, dict) and "j" in data:
        return Joined(data["j"], tuple(from_json(p) for p in data.get("parts") or ()))
    return data


def render_json(data) -> str:
    return render(from_json(data))


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
