"""Rules for the ways one name is written differently that are no spelling difference:
numbers as digits or words, a leading article, Arabic particles, given-name equivalents,
an organisation's acronym. Each rule is applied the same way to listed names and party
names, so that both arrive at the same words.
"""

import csv
import re
from functools import lru_cache
from pathlib import Path

from .legal_forms import is_legal_form, strip_legal_forms

# --- numbers ------------------------------------------------------------------------------

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_UNITS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
NUMBER_WORDS: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
NUMBER_WORDS.update({word: 10 * (value + 2) for value, word in enumerate(_TENS)})
NUMBER_WORDS.update({word: value for value, word in enumerate(_ORDINAL_UNITS)})
NUMBER_WORDS.update({word: 10 * (value + 2) for value, word in enumerate(_ORDINAL_TENS.split())})
NUMBER_WORDS["hundred"] = NUMBER_WORDS["hundredth"] = 100
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th|й|я|е|го|т|ст|нд|рд|тх)$")


def numbers_as_digits(words: list[str]) -> list[str]:
    """Numbers written as words or ordinals, as digits: "forty four" and "44" are "44";
    "first", "1st" and "1" are "1" (a name says which, not how it is written)."""
    if not any(word in NUMBER_WORDS or word[:1].isdigit() for word in words):
        return words  # most names: nothing to do
    out: list[str] = []
    run: int | None = None
    for word in words:
        ordinal = _ORDINAL_DIGITS.match(word)
        if ordinal:
            word = ordinal.group(1)
        value = NUMBER_WORDS.get(word)
        if value is None:
            if run is not None:
                out.append(str(run))
                run = None
            out.append(word)
        elif value == 100 and run is not None:
            run *= 100
        elif run is not None and run % 10 == 0 and 0 < value < 10 and run >= 20:
            run += value  # "forty four"
        else:
            if run is not None:
                out.append(str(run))
            run = value
    if run is not None:
        out.append(str(run))
    return out


# --- leading articles -------------------------------------------------------------------------

# "the", and as Russian writers transcribe it ("Те", "Зе", "Дзе")
ARTICLES = frozenset({"the", "те", "зе", "дзе"})


def without_leading_article(words: list[str]) -> list[str]:
    """ "The Good Will Company" is "Good Will Company": an English article says nothing."""
    if len(words) > 1 and words[0] in ARTICLES:
        return words[1:]
    return words


# --- Arabic particles in Latin spellings ------------------------------------------------------

# The sun-letter spellings of the article (ad-Din, ash-Shami, ar-Rahman) are "al"; el/al,
# bin/ben/ibn and abu/abou are one particle through the skeleton (transliterate
# NAME_EQUIVALENTS), which keeps the spelling ("Ben" may also be Benjamin).
_PARTICLE_SPELLINGS: dict[str, str] = {}
_SUN_ARTICLES = {"ad", "an", "ar", "as", "ash", "at", "az", "ath", "adh", "es", "ed", "er",
                 "ez", "et", "en"}  # fmt: skip
# "Abdul Rahman", "Abdel Rahman", "Abdurrahman" are "abd al rahman", as Arabic writes it.
_ABD_AL = re.compile(r"^abd(?:ul|el|al|ol|oul|u|e)(?=.)")
_ABD_ALLAH = re.compile(r"^abd(?:ul|el|al|ol|oul|u|a)?(?:lah|llah|lla|la)$")


_TRIGGERS = frozenset(_PARTICLE_SPELLINGS) | _SUN_ARTICLES


def has_arabic_particles(words: tuple[str, ...]) -> bool:
    """Whether `arabic_particles` may change anything (a quick test for most names)."""
    return any(word in _TRIGGERS or word.startswith("abd") for word in words)


def arabic_particles(words: tuple[str, ...]) -> list[tuple[str, int]]:
    """Latin words with Arabic particles written one way, each with the index of the word
    it came from."""
    out: list[tuple[str, int]] = []
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in _PARTICLE_SPELLINGS and following:
            out.append((_PARTICLE_SPELLINGS[word], position))
        elif word in _SUN_ARTICLES and following and following.startswith(word[1:]):
            out.append(("al", position))
        elif len(word) > 4 and word.startswith("abd") and _ABD_ALLAH.match(word):
            out.extend((("abd", position), ("allah", position)))
        elif len(word) > 6 and _ABD_AL.match(word):
            rest = word[_ABD_AL.match(word).end() :]
            if len(rest) > 2 and rest[0] == rest[1]:
                rest = rest[1:]  # "abdurrahman": the article's l assimilated to the r
            out.extend((("abd", position), ("al", position), (rest, position)))
        elif word in ("abdul", "abdel", "abdal", "abdol", "abdoul"):
            out.extend((("abd", position), ("al", position)))
        else:
            out.append((word, position))
    return out


# --- given-name equivalents ------------------------------------------------------------------

GIVEN_NAMES_FILE = Path(__file__).with_name("data") / "given_names.csv"


@lru_cache(maxsize=1)
def given_name_equivalents() -> dict[str, frozenset[str]]:
    """Each given name with the names that are the same name (nicknames, other languages'
    forms), from the managed table data/given_names.csv (seeded by
    scripts/seed_given_names.py; sources in its `source` column)."""
    related: dict[str, set[str]] = {}
    with GIVEN_NAMES_FILE.open(newline="") as handle:
        for row in csv.DictReader(handle):
            name, other = row["name"].strip().lower(), row["equivalent"].strip().lower()
            if name and other and name != other:
                related.setdefault(name, set()).add(other)
                related.setdefault(other, set()).add(name)
    return {name: frozenset(others) for name, others in related.items()}


@lru_cache(maxsize=1)
def _canonical_names() -> frozenset[str]:
    with GIVEN_NAMES_FILE.open(newline="") as handle:
        return frozenset(row["name"].strip().lower() for row in csv.DictReader(handle))


def are_given_name_equivalents(a: str, b: str) -> bool:
    """Whether two given names are one name: a row of the table relates them, or both are
    forms of one full name ("Bill" and "Will" of William; "Alex" and "Aleksandr" of
    Alexander). Two full names sharing a nickname are not ("Albert", "Alfred": "Al")."""
    related = given_name_equivalents()
    others = related.get(a)
    if not others:
        return False
    if b in others:
        return True
    return bool(others & related.get(b, frozenset()) & _canonical_names())


# --- organisation acronyms and designators -----------------------------------------------

# Words that say what kind of organisation a party is, added or left out at will ("Concern
# Almaz-Antey", "Almaz-Antey"); as skeletons.
DESIGNATORS = frozenset(
    [
        "koncern",
        "concern",
        "kontsern",
        "enterprise",
        "predpriiatie",
        "predpriyatie",
        "obedinenie",
        "obyedinenie",
        "association",
    ]
)


_ACRONYM_SKIPS = frozenset({"and", "of", "de", "the", "for", "al", "el", "i", "y", "et", "und"})


def is_own_acronym(word: str, words: tuple[str, ...]) -> bool:
    """Whether `word` is the acronym of the other words of the same name ("IRGC" beside
    "Islamic Revolutionary Guard Corps"), with or without their small words, or of a run
    of four or more of them: it repeats the name.

    Also, where it stands before or after the name (legal forms aside): the initials of a
    run of three or more of its words, legal forms and small words left out or not ("SOUTH
    WEALTH RESOURCES COMPANY (SWR)", "Concern FOREIGN TRADE BANK (FTB)", "JEMMAH ANSHORUT
    TAUHID (JAT) Kft."); and anywhere, four letters or more that are the initials of all
    the other words in another order (the name's words moved, its acronym with them:
    "GROUP SHIG SHAHID HEMMAT INDUSTRIAL")."""
    if not 3 <= len(word) <= 10 or word.isdigit():
        return False
    others = [other for other in words if other != word and other]
    if len(others) < 2:
        return False
    initials = "".join(other[0] for other in others)
    content = "".join(other[0] for other in others if other not in _ACRONYM_SKIPS)
    if word in (initials, content) or (len(word) >= 4 and word in initials):
        return True
    if not set(word) <= set(initials):
        return False  # most words: a letter no other word starts with
    core, _ = strip_legal_forms(others)
    runs = (core, [other for other in core if other not in _ACRONYM_SKIPS])
    if len(word) >= 4:
        letters = sorted(word)
        # a legal form after the name may be in the acronym or not ("T.F.M.C. THE FOOD
        # MANAGEMENT CORPORATION LTD")
        trimmed = others[:-1] if is_legal_form(others[-1]) else others
        every = (others, trimmed, *runs)
        for run in every + tuple([other for other in run if other not in _ACRONYM_SKIPS]
                                 for run in every):  # fmt: skip
            if letters == sorted(other[0] for other in run):
                return True
    kept, _ = strip_legal_forms(list(words))
    if not kept or word not in (kept[0], kept[-1]):
        return False  # an acronym stands before or after the name, not inside it
    return any(len(run) >= 3 and word in "".join(other[0] for other in run) for run in runs)
