"""Typing slips counted over the whole name, the second opinion beside word alignment.

`scoring.align` judges a name word by word, which is right for most variants but blind to a
slip that breaks a word it must treat as a whole: a short word ("ALI" typed "AKI"), a legal
form ("GMBH" typed "GMH", "S.A. DE C.V." typed "S.A. DE .V."), a word boundary. Such a word
no longer pairs with its listed word and the name looks like another name. Counted over
the whole name, letters and legal forms included, the same slip is one letter among many.

A party name is taken for a listed name typed with slips when
- both are written in Latin letters (a Cyrillic name is compared after transliteration,
  word by word, where spelling conventions rather than slips make the difference),
- its letters, in the order given, are at most ALLOWED_SLIPS slips (rapidfuzz
  optimal-string-alignment distance: a letter substituted, dropped, added, or two
  swapped) from the listed name's, which has at least `letters` letters, and
- with two slips, no listed word lost more than a third of its letters: two slips in one
  short word make another word ("ALI"/"OMAR" is no slip, nor "Josue"/"Coste").
"""

from functools import lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from .normalise import raw_words

# (slips, the fewest letters the listed name must have for them): one slip in eight
# letters, two slips in ten. Fewer letters and a slip or two as often make another name.
ALLOWED_SLIPS = ((1, 8), (2, 8))
MOST_SLIPS = max(slips for slips, _ in ALLOWED_SLIPS)
# A name within slips scores this much less per slip (one 95, two 90): above
# PRODUCTION_THRESHOLD, below an exact match or a transliteration variant.
SLIP_COST = 5.0
# Share of a listed word's letters two slips may touch (at least one letter in any word).
_MOST_OF_A_WORD = 1 / 3


@lru_cache(maxsize=131_072)
def name_letters(name: str) -> tuple[str, ...]:
    """The words of `name` as typed, normalised, legal forms included; () unless Latin."""
    words = raw_words(name)
    return words if all(word.isascii() for word in words) else ()


@lru_cache(maxsize=131_072)
def name_letter_string(name: str) -> str:
    """`name_letters` run together: what slips are counted on."""
    return "".join(name_letters(name))


def slips_between(query_words: tuple[str, ...], listed_words: tuple[str, ...]) -> int | None:
    """How many typing slips separate the two names, or None if more than allowed."""
    query, listed = "".join(query_words), "".join(listed_words)
    most = max((slips for slips, letters in ALLOWED_SLIPS if len(listed) >= letters), default=0)
    if not most or abs(len(query) - len(listed)) > most:
        return None
    slips = OSA.distance(query, listed, score_cutoff=most)
    if slips > most or (slips >= 2 and _one_word_rewritten(query, listed_words)):
        return None
    return slips


def slip_score(slips: int) -> float:
    return 100.0 - SLIP_COST * slips


def _one_word_rewritten(query: str, listed_words: tuple[str, ...]) -> bool:
    """Whether the slips changed more than a third of one listed word's letters."""
    owner = [position for position, word in enumerate(listed_words) for _ in word]
    touched = [0] * len(listed_words)
    last = len(owner) - 1
    for edit in Levenshtein.editops(query, "".join(listed_words)):
        words = {owner[min(edit.dest_pos, last)]}
        if edit.tag == "delete" and edit.dest_pos:
            # a letter typed between two listed words counts against both
            words.add(owner[edit.dest_pos - 1])
        for word in words:
            touched[word] += 1
    return any(
        count > max(1, int(len(word) * _MOST_OF_A_WORD))
        for word, count in zip(listed_words, touched, strict=True)
    )
