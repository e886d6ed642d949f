"""Serbian Cyrillic to Serbian Latin (gajica), the official one-to-one correspondence."""

import re

_LOWER = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}
_TABLE = dict(_LOWER)
_TABLE.update({c.upper(): v.capitalize() for c, v in _LOWER.items()})
_DIGRAPHS = {"Љ": "LJ", "Њ": "NJ", "Џ": "DŽ"}
_LETTER = re.compile(r"\w", re.UNICODE)


def serbian_latin(text: str) -> str:
    """`text` with every Serbian Cyrillic letter written in Latin script; anything else
    (placeholders such as %(name)s and {name}, HTML, digits, Latin words) is left as it is.
    Љ, Њ and Џ are "Lj", "Nj", "Dž" in a capitalised word and "LJ", "NJ", "DŽ" in a word
    written in capitals ("ЉУБИША" -> "LJUBIŠA")."""
    out = []
    for i, char in enumerate(text):
        latin = _TABLE.get(char)
        if latin is None:
            out.append(char)
            continue
        if char in _DIGRAPHS:
            following = text[i + 1] if i + 1 < len(text) else ""
            preceding = text[i - 1] if i else ""
            if (following.isupper() or (not (following and _LETTER.match(following))
                                        and preceding.isupper())):
                latin = _DIGRAPHS[char]
        out.append(latin)
    return "".join(out)
