"""Typing slips counted over the whole name, the second opinion beside word alignment.

`scoring.align` judges a name word by word, which is right for most variants but blind to a
slip that breaks a word it must treat as a whole: a short word ("ALI" typed "AKI"), a legal
form ("GMBH" typed "GMH", "S.A. DE C.V." typed "S.A. DE .V."), a word boundary. Such a word
no longer pairs with its listed word and the name looks like another name. Counted over
the whole name, letters and legal forms included, the same slip is one letter among many.

A party name is taken for a listed name typed with slips when
- both are written in Latin letters (a Cyrillic name is compared after transliteration,
  word by word, where spelling conventions rather than slips make the difference),
- its letters, in the order given, are at most MOST_SLIPS slips (rapidfuzz
  optimal-string-alignment distance: a letter substituted, dropped, added, or two
  swapped) from those of a listed name of at least MIN_LETTERS letters, and
- with two slips, no listed word lost more than half its letters: two slips in a word of
  three letters make another word ("ALI" is not "OMAR"); a letter typed twice
  ("S.RRR.L.") is no loss, nor is a misspelt legal form.

Why these numbers: they are the typo class of bench/screening_quality.py (one or two
keyboard slips in a name of eight letters or more), which an officer expects to be found.
The price is paid by real names that are two slips from a listed one ("Jason Lee" and
"Samson Lee"): the benchmark prints how often such generated names alert, and officers
mark them as false positives for the party, once.
"""

import re
from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .normalise import raw_words
from .transliterate import is_form_word

MIN_LETTERS = 8
MOST_SLIPS = 2
# A name within slips scores this much less per slip (one 94, two 88): above
# PRODUCTION_THRESHOLD even with a country that does not fit, below a transliteration
# variant, and a finding of high severity (95) only when the country corroborates it.
SLIP_COST = 6.0
# Share of a listed word's letters two slips may touch (at least one letter in any word).
_MOST_OF_A_WORD = 1 / 2
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=131_072)
def name_letters(name: str) -> tuple[str, ...]:
    """The words of `name` as typed, normalised, legal forms included; () unless Latin."""
    words = raw_words(name)
    return words if all(word.isascii() for word in words) else ()


def slips_between(query_words: tuple[str, ...], listed_words: tuple[str, ...]) -> int | None:
    """How many typing slips separate the two names, or None if more than allowed."""
    query, listed = "".join(query_words), "".join(listed_words)
    if len(listed) < MIN_LETTERS or abs(len(query) - len(listed)) > MOST_SLIPS:
        return None
    slips = OSA.distance(query, listed, score_cutoff=MOST_SLIPS)
    if slips > MOST_SLIPS or (slips >= 2 and _one_word_rewritten(query_words, listed_words)):
        return None
    return slips


def slip_score(slips: int) -> float:
    return 100.0 - SLIP_COST * slips


def _one_word_rewritten(query_words: tuple[str, ...], listed_words: tuple[str, ...]) -> bool:
    """Whether the slips changed more than half of the letters of a listed word that is no
    legal form ("PTE. LTD." typed "PTE. HT." is still the same company). A letter typed
    twice ("S.RRR.L.") changes nothing: words are also compared with doubled letters
    collapsed, and the fewer slips counted."""
    touched = _slips_per_word(query_words, listed_words)
    collapsed = _slips_per_word(_collapse(query_words), _collapse(listed_words))
    return any(
        min(plain, single) > max(1, int(len(word) * _MOST_OF_A_WORD))
        and not is_form_word(word)
        for word, plain, single in zip(listed_words, touched, collapsed, strict=True)
    )


def _collapse(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(_DOUBLED.sub(r"\1", word) for word in words)


def _slips_per_word(query_words: tuple[str, ...], listed_words: tuple[str, ...]) -> list[int]:
    """How many slips fell in each listed word."""
    if len(query_words) == len(listed_words):
        # word for word, so that two swapped letters count as one slip, as in the total
        return [
            OSA.distance(q, word) for q, word in zip(query_words, listed_words, strict=True)
        ]
    owner = [position for position, word in enumerate(listed_words) for _ in word]
    touched = [0] * len(listed_words)
    last = len(owner) - 1
    for edit in Levenshtein.editops("".join(query_words), "".join(listed_words)):
        words = {owner[min(edit.dest_pos, last)]}
        if edit.tag == "delete" and edit.dest_pos:
            # a letter typed between two listed words counts against both
            words.add(owner[edit.dest_pos - 1])
        for word in words:
            touched[word] += 1
    return touched
