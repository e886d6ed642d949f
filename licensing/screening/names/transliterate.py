"""Cyrillic to Latin in the schemes people actually use, and a canonical Latin skeleton.

A Cyrillic name has no single Latin spelling: "Щербаков" is "Shcherbakov" (BGN/PCGN, the
ICAO passport scheme), "Scerbakov" (scholarly šč, diacritics dropped), "Serbakov" (ISO 9
ŝ, dropped); Ukrainian "Гнатюк" is "Hnatiuk" (national 2010), "Gnatyuk" (Russian habits);
Serbian "Ђорђевић" is "Đorđević", "Djordjevic" or "Dordevic". `latin_variants` produces
the plausible renderings of a name; `skeleton` then folds each Latin word so that the
systematic differences between those schemes (shch/sc/s, kh/h, ts/c, zh/z, y/j/i, dj/d,
double letters) disappear, and only real spelling differences are left to fuzzy scoring.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import OSA
from rapidfuzz.process import extract, extractOne
from unidecode import unidecode

from .legal_forms import LEGAL_FORMS, NATIVE_FORMS, LegalFormTable
from .normalise import NormalisedName, analyse_name, has_cyrillic, raw_words
from .scripts import (
    ARABIC,
    CYRILLIC,
    HAN,
    HANGUL,
    LATIN,
    arabic_words,
    english_key,
    english_reading,
    han_readings,
    hangul_readings,
    script_of,
)
from .variants import arabic_particles, has_arabic_particles

_VOWELS = set("аеёиоуыэюяєіїaeiouy")
# After these, Cyrillic е/ё/ю/я/є/ї are iotated ("Андреев" -> "Andreyev").
_IOTATING = _VOWELS | {"ъ", "ь", "й"}

_RUSSIAN_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
    # letters of the other Cyrillic alphabets, so every scheme can spell every name
    "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ў": "u", "ђ": "dj", "ј": "j", "љ": "lj",
    "њ": "nj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj", "ѕ": "dz",
}


def _scheme(**overrides: str) -> dict[str, str]:
    table = dict(_RUSSIAN_BASE)
    table.update(overrides)
    return table


# name: (letter table, iotated spellings of е/ё/ю/я/є/ї at word start and after vowels)
_SCHEMES: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    # BGN/PCGN 1947 for Russian, as written without diacritics (the usual English spelling)
    "bgn": (_scheme(), {"е": "ye", "ё": "yo"}),
    # ICAO Doc 9303 / Russian passports since 2013
    "icao": (_scheme(й="i", ъ="ie", ю="iu", я="ia"), {}),
    # ISO 9:1995 with the diacritics dropped (ŝ -> s, č -> c, û -> u, â -> a)
    "iso9": (
        _scheme(ж="z", й="j", х="h", ц="c", ч="c", ш="s", щ="s", ю="u", я="a", є="e", ї="i"),
        {},
    ),
    # scholarly (ISO/R 9:1968, also how Serbian/Croatian/Czech write Russian names), no
    # diacritics: "Ščerbakov" -> "Scerbakov"
    "scholarly": (
        _scheme(ж="z", й="j", х="h", ц="c", ч="c", ш="s", щ="sc", ю="ju", я="ja", є="je",
                ї="ji", ё="jo", ы="y"),
        {},
    ),
    # Ukrainian national 2010 (Cabinet resolution 55); Russian-only letters as in BGN
    "ukrainian": (
        _scheme(г="h", ґ="g", и="y", і="i", ї="i", й="i", є="ie", ю="iu", я="ia", ё="io"),
        {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"},
    ),
    # Serbian Latin alphabet, as typed without diacritics: ђ -> dj, ћ/ч -> c, џ -> dz
    "serbian": (
        _scheme(ђ="dj", ћ="c", џ="dz", ж="z", й="j", х="h", ц="c", ч="c", ш="s", щ="sc",
                ю="ju", я="ja", є="je", ї="ji", ё="jo", ы="i"),
        {},
    ),
    # Serbian with đ written as plain d ("Dordevic")
    "serbian_d": (
        _scheme(ђ="d", ћ="c", џ="dz", ж="z", й="j", х="h", ц="c", ч="c", ш="s", щ="sc",
                ю="ju", я="ja", є="je", ї="ji", ё="jo", ы="i"),
        {},
    ),
    # foreign names written in Russian read back the English way ("Джон" -> "John",
    # "Хасан" -> "Hasan", "Максим" -> "Maxim" is left to the skeleton)
    "english": (_scheme(х="h", й="y", ё="yo"), {"е": "ye"}),
}
_DIGRAPHS = {"english": {"дж": "j"}, "ukrainian": {"зг": "zgh"}}
# The Ukrainian scheme writes є, ї, й, ю, я as ye, yi, y, yu, ya only at the start of a word
# ("Київ" is "Kyiv"); BGN also after vowels ("Андреев" is "Andreyev").
_WORD_START_ONLY = {"ukrainian"}


def _transliterate_word(word: str, scheme: str) -> str:
    table, iotated = _SCHEMES[scheme]
    digraphs = _DIGRAPHS.get(scheme, {})
    out = []
    previous = ""
    i = 0
    while i < len(word):
        pair = word[i : i + 2]
        if pair in digraphs:
            out.append(digraphs[pair])
            previous = pair[-1]
            i += 2
            continue
        char = word[i]
        iotating = not previous or (previous in _IOTATING and scheme not in _WORD_START_ONLY)
        if char in iotated and iotating:
            out.append(iotated[char])
        elif char in table:
            out.append(table[char])
        else:
            out.append(char)
        previous = char
        i += 1
    return "".join(out)


def _schemes_for(words: tuple[str, ...]) -> tuple[str, ...]:
    letters = set("".join(words))
    if letters & set("ђћџјљњ"):
        return ("serbian", "serbian_d", "english")
    if letters & set("єіїґ"):
        return ("ukrainian", "bgn", "icao", "iso9", "scholarly")
    return tuple(_SCHEMES)  # BGN first: the usual English spelling


@lru_cache(maxsize=100_000)
def _ascii(word: str) -> str:
    """Latin (or any other script) to plain ASCII, for words that are not Cyrillic."""
    if word.isascii():
        return word
    return "".join(_NON_ALNUM.split(unidecode(word).lower()))


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def latin_word_variants(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Latin renderings of normalised words, one per transliteration scheme that applies,
    the most usual scheme first (the one explanations quote when several match alike)."""
    if all(map(str.isascii, words)):
        return [words]
    if not any(map(has_cyrillic, words)):
        script = script_of(words)
        if script == ARABIC:
            return [arabic_words(words)]
        if script == HANGUL:
            return hangul_readings(words)
        if script == HAN:
            return han_readings(words)
        return [tuple(map(_ascii, words))]
    variants: dict[tuple[str, ...], None] = {}
    for scheme in _schemes_for(words):
        rendered = []
        for word in words:
            if has_cyrillic(word):
                word = _transliterate_word(word, scheme)
            rendered.append(_ascii(word))
        variants[tuple(rendered)] = None
    return list(variants)


def latin_variants(name: str) -> set[str]:
    """The plausible Latin spellings of `name` (normalised, lower case ASCII).

    A Latin name has one; a Cyrillic name one per scheme that applies to its alphabet:
    "Щербаков" gives "shcherbakov", "scerbakov", "serbakov", ...
    """
    words = analyse_name(name).words
    return {" ".join(variant) for variant in latin_word_variants(words)}


# Folding rules, in order. Each collapses spellings that transliteration schemes (and
# English, German, French and Serbo-Croatian habits) use for one sound.
_SKELETON_RULES = [
    (re.compile(r"tsch|tch"), "c"),  # German and French ч
    (re.compile(r"shch|sch|sh"), "s"),  # щ, ш (English, German); š is already s
    (re.compile(r"sc(?=[eiy])"), "s"),  # scholarly šč before a front vowel
    (re.compile(r"zh"), "z"),  # ж
    (re.compile(r"kh"), "h"),  # х
    (re.compile(r"ch"), "c"),  # ч (č is already c)
    (re.compile(r"ts|tz"), "c"),  # ц
    (re.compile(r"dzh"), "dz"),  # џ / дж
    (re.compile(r"dj"), "d"),  # ђ
    (re.compile(r"ph"), "f"),
    # English spellings read into Cyrillic (Steel/Стил, Free/Фри), but not the Russian
    # "-eev" (Andreev, Sergeev), which is е + е
    (re.compile(r"ee(?!v)"), "i"),
    (re.compile(r"oo|ou"), "u"),  # Marzook/Marzuk, Yousef/Yusef, Loor/Лур
    (re.compile(r"(?<=[gtdb])h"), ""),  # Arabic and Hindi gh/th/dh/bh
    (re.compile(r"q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"^h(?=[bdglmnrv])"), "g"),  # Ukrainian г: Hnatiuk/Gnatyuk, Hryhorii
    (re.compile(r"[jy]"), "i"),  # й, ы, ј, Ukrainian и: y, j, i
    (re.compile(r"(.)\1+"), r"\1"),  # doubled letters: Mohammed/Mohamed, Seyyed/Sejed
    # е/ё written "ye"/"yo" by BGN and "e" by ICAO and ISO (Yevgeniy/Evgenii, Andreyev/
    # Andreev); я/ю keep a letter in every scheme (ya/ia/ja), so their i stays
    (re.compile(r"^i(?=[eo])"), ""),
    (re.compile(r"(?<=[aeiou])i(?=[eo])"), ""),
    (re.compile(r"(?<=[^aeiou])io(?=[^aeiou])"), "e"),  # ё: Pugachyov/Pugachev, Fyodor/Fedor
    (re.compile(r"(.)\1+"), r"\1"),  # and once more for what iotation brought together
    (re.compile(r"(?<=[aeiou])h$"), ""),  # Abdullah/Abdulla
]

# Given names that are one name in Russian, Ukrainian and Belarusian (and Serbian) forms:
# "Олександр Гнатюк" is "Aleksandr Gnatyuk" in Russian-language papers. Each group folds to
# the skeleton of its first (Russian) spelling.
_EQUIVALENT_NAMES = """
aleksandr oleksandr aliaksandr aleksandar alyaksandr
aleksandra oleksandra aliaksandra
aleksei oleksii oleksiy aliaksei aleksey alexei
elena olena alena yelena
nikolai mykola mikalai nikolay
sergei serhii serhiy siarhei sergey
vladimir volodymyr uladzimir
andrei andrii andriy
dmitrii dmytro dzmitry dmitriy dmitry
igor ihor ihar
grigorii hryhorii ryhor grigory
petr petro piotr pyotr
pavel pavlo
mikhail mykhailo mikhail mikhas
vasilii vasyl vasil vasily
oleg oleh aleh
galina halyna
ekaterina kateryna katsiaryna yekaterina
tatiana tetiana tatsiana tatyana
evgenii yevhen yauhen yevgeny evgeny
georgii heorhii heorhiy
yurii yury yuriy iurii
fedor fedir fiodar fyodor
bogdan bohdan
lyudmila liudmyla liudmila
anna hanna ganna
olga olha volha
vadim vadym
maksim maksym
kirill kyrylo
nikita mykyta
gennadii hennadii gennadiy
svetlana svitlana
valentina valentyna
timofei tymofii
viktor viktar
anatolii anatol anatoliy
al el ul
bin ben ibn
abu abou abo
"""
NAME_EQUIVALENTS: dict[str, str] = {}


@lru_cache(maxsize=500_000)
def _fold(word: str) -> str:
    if word.isdigit():
        return word  # "44" is not "4"
    folded = word
    for pattern, replacement in _SKELETON_RULES:
        folded = pattern.sub(replacement, folded)
    return folded or word


for _line in _EQUIVALENT_NAMES.strip().splitlines():
    _spellings = _line.split()
    for _spelling in _spellings:
        NAME_EQUIVALENTS.setdefault(_fold(_spelling), _fold(_spellings[0]))
# canonical forms are names too (so "is this skeleton a known name" is one lookup)
for _canonical in list(NAME_EQUIVALENTS.values()):
    NAME_EQUIVALENTS.setdefault(_canonical, _canonical)


_HARD_C = re.compile(r"c(?=[aou]|[bdfgjklmnpqrstvwxz])")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def hard_c(folded: str) -> str:
    """A skeleton with c read as k where English and Spanish read it so (Cuba/Куба/Kuba,
    Arctic/Арктик). Not part of the skeleton itself, because in Serbian and scholarly
    spellings the same c is ц or ч (Zvecan, Cajka); the scorer tries both readings."""
    return _DOUBLED.sub(r"\1", _HARD_C.sub("k", folded))


@lru_cache(maxsize=500_000)
def skeleton(word: str) -> str:
    """Fold one lower-case ASCII word to its canonical Latin skeleton.

    "shcherbakov", "scerbakov", "serbakov" -> "serbakov"; "djordjevic", "dordevic" ->
    "dordevic"; "yugoimport", "jugoimport" -> "iugoimport"; "oleksandr" -> "aleksandr".
    """
    folded = _fold(word)
    return NAME_EQUIVALENTS.get(folded, folded)


def _skeleton_forms() -> LegalFormTable:
    """The Latin legal forms as skeletons, to catch other spellings of them after
    transliteration ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTIU", "Привате Лимитед").
    Short one-word forms are left out: as skeletons they collide with name parts ("ooo"
    folds to "o")."""
    forms = {}
    for phrase, where in LEGAL_FORMS.items():
        if all(word.isascii() for word in phrase) and len("".join(phrase)) >= 5:
            forms.setdefault(tuple(skeleton(word) for word in phrase), where)
    return LegalFormTable(forms)


_SKELETON_FORMS = _skeleton_forms()
# One-word legal forms as written in Latin (Cyrillic ones as transliterated): the
# unambiguous ones count as forms wherever they stand in a name; the ambiguous ones ("co",
# "sa", "ab", "ad") only at the edges, where companies put them.
_UNAMBIGUOUS_FORMS = frozenset(
    _transliterate_word(phrase[0], "bgn") if not phrase[0].isascii() else phrase[0]
    for phrase, where in LEGAL_FORMS.items()
    if len(phrase) == 1 and where == "either"
)
_ALL_FORMS = frozenset(
    _transliterate_word(phrase[0], "bgn") if not phrase[0].isascii() else phrase[0]
    for phrase in LEGAL_FORMS
    if len(phrase) == 1
)
_LONG_FORM_SKELETONS = tuple(sorted({skeleton(form) for form in _ALL_FORMS if len(form) >= 6}))
_LONG_FORMS = tuple(sorted(form for form in _ALL_FORMS if len(form) >= 6))
# the letters of the forms most often typed with two letters swapped ("LCL", "LDT", "PCL")
_SHORT_FORM_LETTERS = [sorted(form) for form in ("llc", "ltd", "plc", "inc", "jsc", "ltda", "gmbh",
                                                 "corp", "sarl", "fzco", "ojsc", "pjsc", "cjsc")]
# Annotations that lists leave inside names ("..., OOO (f.k.a., ...)").
_ANNOTATIONS = frozenset({"aka", "fka", "nka"})
# skeletons that some legal form folds to (the index damps such words where they are forms)
FORM_SKELETONS = frozenset(skeleton(form) for form in _UNAMBIGUOUS_FORMS | _ANNOTATIONS)
# forms as typed with a letter once instead of twice or the other way ("OOOO", "LLLC")
_SINGLE_FORMS = frozenset(
    folded for folded in (_DOUBLED.sub(r"\1", form) for form in _ALL_FORMS) if len(folded) >= 2
)
_MEDIUM_FORMS = tuple(sorted(form for form in _ALL_FORMS if 4 <= len(form) < 6))
# Multi-word forms long enough to be recognised with a few slips in any of their words
# ("Obshchestvo s ohranychennoy otvetstvennostiu", Ukrainian-scheme spelling).
_LONG_PHRASES = tuple(
    sorted(
        (
            (tuple(skeleton(word) for word in phrase), where)
            for phrase, where in LEGAL_FORMS.items()
            if len(phrase) >= 2 and phrase[0].isascii() and len("".join(phrase)) >= 12
        ),
        key=lambda item: -len(item[0]),  # "public joint stock company" before its tail
    )
)


def _close(a: str, b: str) -> bool:
    """The same word with at most one slip (two in words of 8 letters or more)."""
    allowed = 2 if min(len(a), len(b)) >= 8 else 1
    return abs(len(a) - len(b)) <= allowed and OSA.distance(a, b, score_cutoff=allowed) <= allowed


def _split_at_eight(forms: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(f for f in forms if len(f) < 8), tuple(f for f in forms if len(f) >= 8)


def _close_to_any(word: str, forms: tuple[tuple[str, ...], tuple[str, ...]]) -> bool:
    """`any(_close(word, form) for form in ...)`, the forms split by `_split_at_eight`,
    compared in rapidfuzz rather than a Python loop (a word's first sight costs dozens of
    comparisons). The OSA distance is at least the difference of lengths, so one slip
    (two when both words have 8 letters or more) is the distance alone."""
    shorter, longer = forms
    if len(word) >= 8:
        return (
            extractOne(word, shorter, scorer=OSA.distance, score_cutoff=1) is not None
            or extractOne(word, longer, scorer=OSA.distance, score_cutoff=2) is not None
        )
    return extractOne(word, shorter + longer, scorer=OSA.distance, score_cutoff=1) is not None


_LONG_FORM_SKELETONS_SPLIT = _split_at_eight(_LONG_FORM_SKELETONS)
_LONG_FORMS_SPLIT = _split_at_eight(_LONG_FORMS)


def is_form_word(latin: str) -> bool:
    """Whether a word is an unambiguous legal form (or an a.k.a.-style annotation)."""
    return latin in _UNAMBIGUOUS_FORMS or latin in _ANNOTATIONS


@lru_cache(maxsize=50_000)
def is_form_like(latin: str) -> bool:
    """Whether a word is a legal form, ambiguous or misspelt ("COMANY", "LIITED", "LTDDA",
    "LPC"); such words count little when left unpaired at the edge of a name."""
    if latin in _ALL_FORMS or latin in _ANNOTATIONS:
        return True
    if len(latin) >= 2 and (_DOUBLED.sub(r"\1", latin) in _SINGLE_FORMS or set(latin) == {"o"}):
        return True  # a letter typed twice or once too few ("LLLC", "OOOO")
    if len(latin) <= 4 and sorted(latin) in _SHORT_FORM_LETTERS:
        return True
    if len(latin) >= 6:
        folded = skeleton(latin)
        return _close_to_any(folded, _LONG_FORM_SKELETONS_SPLIT) or _close_to_any(
            latin, _LONG_FORMS_SPLIT
        )
    if len(latin) >= 5:  # a four-letter word one slip from a form is often a name
        return extractOne(latin, _MEDIUM_FORMS, scorer=OSA.distance, score_cutoff=1) is not None
    return False


_FORM_EDGES = {
    (_transliterate_word(phrase[0], "bgn") if not phrase[0].isascii() else phrase[0]): where
    for phrase, where in LEGAL_FORMS.items()
    if len(phrase) == 1
}


def form_edge(latin: str) -> str:
    """Where a form-like word may stand: "leading", "trailing" or "either" (misspelt forms
    and annotations: either)."""
    return _FORM_EDGES.get(latin, "either")


_LONG_PHRASE_FIRST_WORDS = tuple(sorted({phrase[0] for phrase, _ in _LONG_PHRASES}))


@lru_cache(maxsize=50_000)  # parties repeat their edge words
def _near_phrase_starts(word: str) -> frozenset[str]:
    """The first words of the long phrases that `word` is `_close` to. rapidfuzz finds
    those within two slips in C (no word is `_close` beyond two); `_close` then decides,
    as it allows two only between words of 8 letters or more."""
    within_two = extract(word, _LONG_PHRASE_FIRST_WORDS, scorer=OSA.distance, score_cutoff=2,
                         limit=None)
    return frozenset(first for first, _, _ in within_two if _close(word, first))


def _fuzzy_long_form_span(words: tuple[str, ...]) -> tuple[int, int]:
    # A phrase is compared word by word only where the name's word at its start is close
    # to its first word (`_near_phrase_starts`, one cached set per word): most names are
    # near no phrase, and this answers for all 37 phrases at once. Same result as
    # comparing every phrase, whose `all` would stop at that first word.
    start, end = 0, len(words)
    for phrase, where in _LONG_PHRASES:
        size = len(phrase)
        if size >= end - start:
            continue
        if (
            where != "trailing"
            and phrase[0] in _near_phrase_starts(words[start])
            and all(_close(a, b) for a, b in zip(words[start : start + size], phrase, strict=True))
        ):
            start += size
        elif (
            where != "leading"
            and phrase[0] in _near_phrase_starts(words[end - size])
            and all(_close(a, b) for a, b in zip(words[end - size : end], phrase, strict=True))
        ):
            end -= size
    return start, end


@dataclass(frozen=True, slots=True)
class Rendering:
    """One Latin reading of a name: its words as written and as skeletons."""

    latin: tuple[str, ...]
    words: tuple[str, ...]  # skeletons, what is indexed and scored
    droppable: tuple[bool, ...]
    transliterated: bool  # read from another script than Latin
    script: str = LATIN  # the script it was read from (scripts.LATIN, CYRILLIC, ...)


def renderings(name: str, *, fuzzy_forms: bool = False) -> tuple[NormalisedName, list[Rendering]]:
    """The normalised name and its distinct Latin readings, folded to skeletons.

    `fuzzy_forms` also reads the name with misspelt legal forms dropped ("JOINT STOKC
    COMPANY"); it costs a few dozen comparisons, so it is meant for searched names, not for
    building an index of a million.
    """
    normalised = analyse_name(name)
    script = LATIN
    if not name.isascii():
        script = CYRILLIC if any(map(has_cyrillic, normalised.words)) else script_of(
            normalised.words
        )
    transliterated = script != LATIN
    sources = [(normalised.words, normalised.droppable, False)]
    if normalised.spelled:  # numbers also as written ("TWELFTH" typed "TWELFHT")
        sources.append((normalised.spelled, (False,) * len(normalised.spelled), False))
    if fuzzy_forms and script in (LATIN, CYRILLIC):
        everything = raw_words(name)
        sources.append((everything, (False,) * len(everything), True))
    seen = set()
    result = []
    for words, droppable, fuzzy in sources:
        for latin in latin_word_variants(words):
            if script == ARABIC:
                # consonant keys already; nothing to fold or peel
                folded, kept = latin, (False,) * len(latin)
            else:
                latin, kept = _with_particles(latin, droppable)
                folded = tuple(map(skeleton, latin))
                start, end = _form_free_span(latin, folded, fuzzy)
                if script == CYRILLIC:  # "Лимитед", "Корпорейшн": a form by its sound
                    start, end = _sounding_form_span(latin, start, end)
                latin, folded, kept = latin[start:end], folded[start:end], kept[start:end]
            if folded and folded not in seen:
                seen.add(folded)
                result.append(Rendering(latin, folded, kept, transliterated, script))
    return normalised, result


# English legal forms as a Russian writer spells their sound ("Лимитед", "Лаймитед",
# "Компани", "Корпорейшн", "Инкорпорейтед"), recognised by their consonants.
_SOUNDING_FORMS = frozenset(
    english_key(english_reading(form))
    for form in ("limited", "company", "corporation", "incorporated", "incorporation")
)


def _sounding_form_span(latin: tuple[str, ...], start: int, end: int) -> tuple[int, int]:
    while end - start > 1 and english_key(latin[end - 1]) in _SOUNDING_FORMS:
        end -= 1
    while end - start > 1 and english_key(latin[start]) in _SOUNDING_FORMS:
        start += 1
    return start, end


def _with_particles(
    latin: tuple[str, ...], droppable: tuple[bool, ...]
) -> tuple[tuple[str, ...], tuple[bool, ...]]:
    """Arabic particles written one way (`variants.arabic_particles`), with each word's
    droppable flag (a reading of another length than the name's words drops none)."""
    if len(latin) != len(droppable):
        droppable = (False,) * len(latin)
    if not has_arabic_particles(latin):
        return latin, droppable
    words = arabic_particles(latin)
    if len(words) == len(latin) and all(w == o for (w, _), o in zip(words, latin, strict=True)):
        return latin, droppable
    return tuple(word for word, _ in words), tuple(droppable[origin] for _, origin in words)


def _form_free_span(
    latin: tuple[str, ...], words: tuple[str, ...], fuzzy: bool
) -> tuple[int, int]:
    """The part of a name left after peeling legal forms off both edges; `latin` are its
    words as written, `words` their skeletons."""
    start, end = 0, len(words)
    while end - start > 1:
        new_start, new_end = start, end
        if fuzzy:  # long phrases first, before their last word is taken on its own
            fuzzy_start, fuzzy_end = _fuzzy_long_form_span(words[start:end])
            new_start, new_end = start + fuzzy_start, start + fuzzy_end
            if (new_start, new_end) == (start, end):  # the exact tables, as written
                exact_start, exact_end, _ = NATIVE_FORMS.span(latin[start:end])
                new_start, new_end = start + exact_start, start + exact_end
        if (new_start, new_end) == (start, end):
            exact_start, exact_end, _ = _SKELETON_FORMS.span(words[start:end])
            new_start, new_end = start + exact_start, start + exact_end
        if fuzzy and (new_start, new_end) == (start, end):
            if _is_misspelt_long_form(words[end - 1]):
                new_end -= 1
            elif _is_misspelt_long_form(words[start]):
                new_start += 1
        if (new_start, new_end) == (start, end):
            break
        start, end = new_start, new_end
    return start, end


@lru_cache(maxsize=50_000)  # a word against every long form; parties repeat edge words
def _is_misspelt_long_form(folded: str) -> bool:
    return len(folded) >= 6 and _close_to_any(folded, _LONG_FORM_SKELETONS_SPLIT)


# --- search keys: one spelling per name, whatever the script it was typed in ---

_SEARCH_WORD = re.compile(r"\w+", re.UNICODE)


def search_key(text: str) -> str:
    """`text` folded for search across scripts: each word transliterated to Latin (Serbian
    or Russian reading, as the matcher does), made ASCII and folded to its skeleton, so
    "Концерн Калашников", "Koncern Kalašnikov" and "Kontsern Kalashnikov" all give
    "koncern kalasnikov", and "Петровић" and "Petrović" both "petrovic". A search matches
    when the key of what was typed is contained in the key of the name."""
    keys = []
    for word in _SEARCH_WORD.findall(text.lower()):
        if has_cyrillic(word):
            word = _transliterate_word(word, _schemes_for((word,))[0])
        latin = _ascii(word)
        if latin:
            keys.append(skeleton(latin))
    return " ".join(key for key in keys if key)


# Latin spellings read back into Cyrillic: Serbian (one letter each) and the usual English
# spelling of Russian names. Longest first.
_TO_CYRILLIC = [
    ("shch", "щ"), ("dž", "џ"), ("lj", "љ"), ("nj", "њ"), ("đ", "ђ"), ("dj", "ђ"),
    ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"), ("ya", "я"), ("yu", "ю"),
    ("ć", "ћ"), ("č", "ч"), ("š", "ш"), ("ž", "ж"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("j", "ј"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"),
    ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"),
    ("c", "ц"), ("y", "ы"), ("x", "кс"), ("w", "в"), ("q", "к"),
]


def cyrillic_spellings(word: str) -> set[str]:
    """How a Latin `word` is likely written in Cyrillic (lower case and capitalised), for
    searching text that keeps names as typed (the audit trail): "Petrović" -> "петровић",
    "Kalashnikov" -> "калашников"; "y" read as Serbian ј and as Russian й/ы."""
    word = word.lower()
    if not word or has_cyrillic(word):
        return set()
    out = []
    i = 0
    while i < len(word):
        for latin, cyrillic in _TO_CYRILLIC:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(word[i])
            i += 1
    spelt = "".join(out)
    variants = {spelt, spelt.replace("ј", "й"), spelt.replace("ы", "и"),
                spelt.replace("ы", "ј").replace("ј", "й")}
    return variants | {v.capitalize() for v in variants}


def latin_spellings(word: str) -> set[str]:
    """How a Cyrillic `word` is written in Latin script: the Serbian Latin spelling (with
    its diacritics) and the matcher's readings without them."""
    if not has_cyrillic(word):
        return set()
    word = word.lower()
    spellings = {_transliterate_word(word, scheme) for scheme in _schemes_for((word,))}
    spellings.add("".join(_SERBIAN_LATIN.get(c, c) for c in word))
    return spellings


_SERBIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž", "з": "z",
    "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n", "њ": "nj", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u", "ф": "f", "х": "h", "ц": "c",
    "ч": "č", "џ": "dž", "ш": "š",
}
