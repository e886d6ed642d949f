"""Just enough of the gettext PO format for the build step and its tests: read the entries
of a catalogue, and rewrite the translations of one line by line (so comments, references
and layout are kept exactly as makemessages wrote them)."""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(".*")\s*$')


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[str, str] = field(default_factory=dict)  # "" or "0", "1", ... -> text
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False

    @property
    def key(self) -> tuple:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())


def _unquote(literal: str) -> str:
    return ast.literal_eval(literal)


def read_po(path: str | Path) -> list[Entry]:
    """The entries of a PO file, the header (msgid "") included, obsolete (#~) ones marked."""
    entries: list[Entry] = []
    current = Entry()
    last = None
    started = False

    def finish():
        nonlocal current, started
        if started:
            entries.append(current)
        current, started = Entry(), False

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            last = None
            continue
        if line.startswith("#,"):
            if started and last is not None and last.startswith("msgstr"):
                finish()
            current.flags.update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, literal = match.groups()
            if keyword in ("msgctxt", "msgid") and last is not None and last.startswith("msgstr"):
                finish()
            started = True
            current.obsolete = current.obsolete or obsolete
            text = _unquote(literal)
            if keyword.startswith("msgstr"):
                index = keyword[7:-1] if "[" in keyword else ""
                current.msgstr[index] = text
            elif keyword == "msgid":
                current.msgid = text
            elif keyword == "msgid_plural":
                current.msgid_plural = text
            else:
                current.msgctxt = text
            last = keyword
        elif line.startswith('"') and last is not None:
            text = _unquote(line)
            if last.startswith("msgstr"):
                index = last[7:-1] if "[" in last else ""
                current.msgstr[index] += text
            elif last == "msgid":
                current.msgid += text
            elif last == "msgid_plural":
                current.msgid_plural += text
            else:
                current.msgctxt += text
    finish()
    return entries


def translate_msgstrs(text: str, convert) -> str:
    """`text` (a PO file) with `convert` applied to the strings of every msgstr, and to
    nothing else."""
    out = []
    in_msgstr = False
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        match = _KEYWORD.match(stripped.rstrip("\n"))
        if match:
            in_msgstr = match.group(1).startswith("msgstr")
        elif not stripped.startswith('"'):
            in_msgstr = False
        if in_msgstr and '"' in line:
            head, _, rest = line.partition('"')
            out.append(head + '"' + convert(rest))
        else:
            out.append(line)
    return "".join(out)
