"""A message as its parts, translated when read.

A check builds its message from catalogue sentences (`T("The %(role)s %(country)s ...",
role=T("destination"), country="RU")`) joined with `join`; the finding keeps the English
rendering in `Finding.message` (the record: audit events, logs, search) and the parts in
`Finding.message_parts` (JSON), which a page or the API renders in the reader's language.
A parameter is either data (shown as it is: names, numbers, codes) or another `T`.

The name matcher words its reasons for and against a match the same way, and it also runs
without Django settings (bench/screening_quality.py): so this module imports nothing of the
screening checks and translates only when settings are configured. The checks import it
through `licensing.screening.checks.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext


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
