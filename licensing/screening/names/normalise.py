"""Unicode and punctuation normalisation of party and list names, in their own script.

`normalise_name` keeps the script (Cyrillic stays Cyrillic, so it can still be
transliterated by the right scheme); `transliterate` takes it from there to Latin.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .legal_forms import is_ambiguous_form, join_abbreviations, strip_legal_forms
from .variants import is_own_acronym, numbers_as_digits, without_leading_article

# Latin letters that Unicode does not decompose into base + accent, spelled the way the
# languages that use them are usually written without them (Serbian/Croatian "đ" is "dj":
# "Đorđević" is "Djordjevic").
_SPECIAL_LETTERS = str.maketrans(
    {
        "đ": "dj", "ð": "d", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "þ": "th",
        "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng", "ĸ": "k", "ſ": "s",
        "&": " and ",
    }
)

# Apostrophes and quotes inside a word are dropped, not turned into spaces: "O'NEIL" is
# "oneil", "'ABBAS" is "abbas", and Ukrainian "Мар'яна" keeps one word.
_APOSTROPHES = re.compile("['’‘`´ʼʻʹ′]")
_NOT_WORD = re.compile(r"[\W_]+")

# Cyrillic and Latin letters that look alike. A token written mostly in one script with a
# few look-alikes of the other ("OOO" typed with Cyrillic "О", a Latin "c" inside a Russian
# word) is almost always a keyboard slip; it is read in its majority script.
_CYRILLIC_TO_LATIN = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
}
_LATIN_TO_CYRILLIC = {
    "a": "а", "b": "в", "e": "е", "k": "к", "m": "м", "h": "н", "o": "о", "p": "р",
    "c": "с", "t": "т", "y": "у", "x": "х", "i": "і", "j": "ј", "s": "ѕ",
}

# Patronymics are the part of a person's name most often left out ("Щербаков Александр
# Викторович" is "SHCHERBAKOV, Aleksandr" on a list). Serbian surnames end in "-ović/-ević"
# (ć), Russian patronymics in "-ович/-евич" (ч), so the two are told apart before
# transliteration.
_PATRONYMIC = re.compile(
    r"(?:вич|вна|ична|инична|оглы|огли|кызы|кизи|"
    r"ovich|evich|ovych|evych|ovitch|evitch|ovna|evna|ivna|ichna|ogly|oglu|kyzy|qizi)$"
)


_CYRILLIC = re.compile("[\u0400-\u052f]")
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u052f"


def has_cyrillic(text: str) -> bool:
    """Whether `text` contains any Cyrillic letter."""
    return _CYRILLIC.search(text) is not None


def _strip_accents(text: str) -> str:
    """Drop accents from Latin (and other) letters but keep Cyrillic "й", "ё", "ї", "ў".

    Those are letters of their own in Cyrillic and transliterate differently from "и",
    "е", "і", "у"; in Latin an accent is spelling that lists and parties drop at will.
    """
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    if not has_cyrillic(decomposed):
        return unicodedata.normalize("NFC", _COMBINING_MARKS.sub("", decomposed))
    kept = []
    base_is_cyrillic = False
    for char in decomposed:
        if unicodedata.combining(char):
            if base_is_cyrillic:
                kept.append(char)
            continue
        base_is_cyrillic = is_cyrillic(char)
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


def _fix_mixed_script(token: str) -> str:
    if token.isascii():
        return token
    cyrillic = sum(1 for char in token if is_cyrillic(char))
    if cyrillic == 0 or cyrillic == len(token):
        return token
    latin = sum(1 for char in token if "a" <= char <= "z")
    if cyrillic >= latin:
        mapping = _LATIN_TO_CYRILLIC
        minority = [char for char in token if "a" <= char <= "z"]
    else:
        mapping = _CYRILLIC_TO_LATIN
        minority = [char for char in token if is_cyrillic(char)]
    if not all(char in mapping for char in minority):
        return token  # genuinely mixed; leave it to transliteration
    return "".join(mapping.get(char, char) for char in token)


def _clean_words(text: str) -> tuple[str, ...]:
    if text.isascii():  # most list names: no Unicode work to do
        text = text.lower()
        if "&" in text:
            text = text.replace("&", " and ")
    else:
        text = unicodedata.normalize("NFKC", text).casefold().translate(_SPECIAL_LETTERS)
        text = _strip_accents(text)
    if "." in text:
        text = join_abbreviations(text)
    if "'" in text or not text.isascii():
        text = _APOSTROPHES.sub("", text)
    words = _NOT_WORD.split(text)
    if text.isascii():
        return tuple(word for word in words if word)
    return tuple(_fix_mixed_script(word) for word in words if word)


def raw_words(name: str) -> tuple[str, ...]:
    """The words of `name` normalised, legal forms included."""
    return _clean_words(name)


@dataclass(frozen=True, slots=True)
class NormalisedName:
    """A name as words in its own script, with what normalisation took away.

    `droppable[i]` says whether word i is one that people often leave out of a person's
    name: a patronymic, or a middle name (a given name after the first one in
    "SURNAME, Given Middle", or a word between the first and the last).
    """

    words: tuple[str, ...]
    legal_forms: tuple[str, ...]
    droppable: tuple[bool, ...]
    # the words with numbers as written ("forty four", "1st"), if `words` has them as
    # digits; () otherwise
    spelled: tuple[str, ...] = ()


@lru_cache(maxsize=100_000)
def analyse_name(name: str) -> NormalisedName:
    """Normalise `name` and say which legal forms were dropped and which words may be."""
    surname_part, comma, given_part = name.partition(",")
    if comma:
        surname_words = _clean_words(surname_part)
        given_words = list(_clean_words(given_part))
        all_words = list(surname_words) + given_words
    else:
        all_words = list(_clean_words(name))
        given_words = []
    for _ in range(2):  # "... (YMI) (YMIY)"
        # "... CORPS (IRGC)", "SHIG SHAHID HEMMAT INDUSTRIAL GROUP": the name again, in letters
        acronym = next((word for word in all_words if len(all_words) > 2
                        and is_own_acronym(word, tuple(all_words))), None)
        if acronym is None:
            break
        all_words = [word for word in all_words if word != acronym]
        given_words = [word for word in given_words if word != acronym]
    words, legal_forms = strip_legal_forms(all_words)
    if (
        len(given_words) == 1
        and legal_forms
        and given_words == legal_forms[-1].split()
        and (is_ambiguous_form(given_words) or given_part.strip().istitle())
        and "." not in given_part
        and not given_part.isupper()
    ):
        # "KIM, Se" is a person whose given name looks like a legal form (SE), written as
        # lists write given names; "ALPHA, S.A." is a company
        words, legal_forms = all_words, []
    without_article = without_leading_article(words)
    if len(without_article) != len(words):
        words, surname_words, given_words = without_article, (), []
    if comma and not legal_forms and surname_words:
        surname_count = len(surname_words)
        given_count = len(given_words)
    else:
        surname_count = given_count = 0
    droppable = []
    count = len(words)
    for position, word in enumerate(words):
        if surname_count and surname_count + given_count == count:
            # "SURNAME, Given Middle Names": everything after the first given name.
            middle = position > surname_count
        else:
            middle = 0 < position < count - 1
        patronymic = position > 0 and count > 2 and bool(_PATRONYMIC.search(word))
        droppable.append(middle or patronymic)
    digits = numbers_as_digits(words)
    if len(digits) == len(words) and digits == words:
        return NormalisedName(tuple(words), tuple(legal_forms), tuple(droppable))
    kept = tuple(droppable) if len(digits) == len(words) else (False,) * len(digits)
    return NormalisedName(
        tuple(digits), tuple(legal_forms), kept, spelled=tuple(words)
    )


def name_tokens(name: str) -> list[str]:
    """The words of `name` after normalisation, in its own script."""
    return list(analyse_name(name).words)


def normalise_name(name: str) -> str:
    """`name` casefolded, NFKC, without accents, punctuation or legal forms.

    The script is kept: "ООО «Ромашка»" is "ромашка", "Đorđević, S.A." is "djordjevic".
    """
    return " ".join(analyse_name(name).words)
