"""How a party name is scored against one listed name, and how the score is explained.

Both names arrive as words in two forms: the plain Latin spelling and its skeleton (see
`transliterate.skeleton`). The score (0-100) is a weighted word alignment:

1. Each query word is paired with at most one listed word, in any order. Two words pair if
   they are the same word: equal skeletons (a transliteration variant), or a few typing
   slips apart (rapidfuzz optimal-string-alignment distance; the longer the word, the more
   slips it may carry; words of three letters or fewer must be equal).
2. Words count by their rarity in the lists (IDF), so that "BANCO NACIONAL DE CUBA" hinges
   on "CUBA", not on "BANCO" and "DE". A pair scores its similarity; an unpaired word on
   either side scores zero. Middle names and patronymics of persons count a quarter when
   simply left out (the words people drop), but in full when the other side has a
   different word in their place ("Ali Musa" vs "Ali Avogadro"). Legal forms left inside a
   name, misspelt ones at its edges ("Pte., td.") and initials count little.
3. Guards: the listed name's distinctive words may not be missing or only loosely matched
   (for a person: surname and first given name); a one-word name matches only exactly (or
   with one slip in a long word, or as a transliteration); a short one-word name ("BNC")
   only exactly; a common one-word name is not found inside a longer party name.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

# `gettext` here returns the sentence untranslated (rendered where it is read): see i18n.
from .i18n import deferred_gettext as gettext
from .i18n import gettext_noop
from .legal_forms import LEGAL_FORMS
from .normalise import NormalisedName, analyse_name, is_cyrillic
from .scripts import (
    ARABIC,
    CYRILLIC,
    HAN,
    HANGUL,
    LATIN,
    consonant_key,
    consonants,
    english_key,
    english_reading,
    korean_key,
    vowel_free,
)
from .transliterate import (
    NAME_EQUIVALENTS,
    Rendering,
    form_edge,
    hard_c,
    is_form_like,
    is_form_word,
    skeleton,
)
from .variants import (
    ARTICLES,
    DESIGNATORS,
    are_given_name_equivalents,
    given_name_equivalents,
)

_DOUBLED = re.compile(r"(.)\1+")

# Why 86. Word similarity is 100 for equal words, 98 for transliteration variants and
# 100 * (1 - slips / length) for misspellings: one slip in an 8-letter word is 87.5, one slip
# in a two-word name leaves ~90-95, two slips ~82-90. A different word scores 0, so a name
# with one distinctive word replaced falls to 40-75 (and is capped at 75). A name typed with
# one or two slips over all its letters scores 94 or 88 (`typing_slips`). On the real lists
# (bench/screening_quality.py --sweep, 15,500 listed variants, 11,500 unlisted names) every
# listed-variant class keeps its target at every threshold from 78 to 88; false alerts on
# near misses are 0.45% at 82, 0.37% at 84, 0.30% at 85, 0.26% at 86 and 0.22% at 87
# (persons and companies 0.08-0.23% from 84 up). 85 is the lowest value at the 0.3% budget;
# 86 keeps a margin of about one standard error of that measurement (~0.1%).
PRODUCTION_THRESHOLD = 86.0

# Weight kept by a droppable word (middle name, patronymic) of a person simply left out.
DROPPED_WORD_WEIGHT = 0.25
# Weight of a party word the listed name lacks, relative to a listed word the party lacks.
EXTRA_QUERY_WORD_WEIGHT = 1.0
# Weight kept by an unpaired legal form (or a misspelt one at an edge) and an initial.
FORM_WORD_WEIGHT = 0.1
INITIAL_WEIGHT = 0.3
# Similarity of two different spellings with the same skeleton ("Shcherbakov"/"Scerbakov").
TRANSLITERATION_VARIANT = 98.0
# Equal skeletons of two Latin spellings count as a variant only if the spellings are this
# alike, or differ by at most two letters in length: folding also merges different names
# ("Haiyan" and "Han" both fold to "han").
_MIN_VARIANT_RATIO = 75.0
_MAX_VARIANT_LENGTH_GAP = 2
# Similarity of a short word with two adjacent letters swapped, and of a word with a letter
# typed twice ("Aal-Adl", "Peleeng", "DD."): typing slips that leave no doubt.
SWAPPED_LETTERS = 85.0
DOUBLED_LETTER = 90.0
# A slip seen only between skeletons of two Latin spellings costs this much more.
SKELETON_SLIP_PENALTY = 5.0
# One slip in a word this short is as likely another name ("Jing"/"Bing", "Nova"/"Nove").
_SHORT_WORD = 5
SHORT_WORD_SLIP_PENALTY = 0.0
# Distinctive listed words: at least this share of the listed name's heaviest word, or of
# all its words' weight. Without them (or matched worse than KEY_WORD_MIN_SIMILARITY) the
# name is another name: "BANCO NACIONAL DE ..." without "CUBA", "JOUD GENERAL TRADING"
# without "JOUD". For a person every word is distinctive but middle names and patronymics
# (droppable), initials and the particles and titles below: "GAO, Yan" is not "Yan Zhao".
KEY_WORD_SHARE = 0.8
KEY_WORD_TOTAL_SHARE = 0.3
KEY_WORD_MIN_SIMILARITY = 60.0
KEY_WORD_CAP = 75.0
_PARTICLES = """
al el bin ben ibn abu abd bint ould wuld de da di du del della dos das van von der den la le
mac mc st dr mr mrs ms prof haji hajji sheikh shaikh shaykh sayed sayyid said mullah maulawi
mawlawi qari
"""
NAME_PARTICLES = frozenset(_PARTICLES.split())
# One-word names: exact, a transliteration, or one slip in a word at least this long.
_SINGLE_WORD_SLIP_LENGTH = 8
_SINGLE_WORD_VARIANT_LENGTH = 6
SINGLE_WORD_CAP = 75.0
# A one-word listed name found inside a longer party name must be a rare word (at least
# this share of the rarest possible word weight): "SANTOS" is not found in "Dos Santos".
_CONTAINED_WORD_RARITY = 0.75
# A one-word name this short ("BNC", "ETA") matches only exactly.
_SHORT_NAME_LETTERS = 4
SHORT_NAME_CAP = 50.0


# Evidence beyond spelling, for words no slip count relates (see `other_evidence`):
# - a word read from Arabic script has only its consonants: the same consonants as a listed
#   word is a phonetic match, not a spelling; one consonant off in a long word is weaker;
# - an English word written phonetically in Cyrillic ("Корпорейшн") sounds like the listed
#   word: the same consonants once both are read the English way;
# - a Hangul syllable read in one romanisation and listed in another (`korean_key`);
# - a person's given name and its nickname or other-language form ("William"/"Bill");
# - a person's initial and a given name starting with it ("A." / "Ahmad");
# - two Latin spellings of an Arabic name that differ only in vowels ("Mohammed" /
#   "Muhammad"), if they keep at least three consonants.
_DESIGNATOR_SKELETONS = frozenset(map(skeleton, DESIGNATORS))
PHONETIC_SHORT = 86.0  # one or two consonants ("Ali", "Hasan")
PHONETIC_MATCH = 91.0
PHONETIC_LONG = 94.0  # four consonants or more
PHONETIC_NEAR = 84.0
_MIN_ENGLISH_CONSONANTS = 3
_LONG_ENGLISH_CONSONANTS = 5
KOREAN_VARIANT = 95.0
GIVEN_NAME_VARIANT = 90.0
INITIAL_MATCH = 90.0
VOWEL_VARIANT = 90.0
_MIN_VOWEL_VARIANT_CONSONANTS = 3


def arabic_similarity(key: str, latin: str) -> float:
    """A word read from Arabic script (its consonant key) against a Latin spelling: the
    more consonants agree, the stronger the evidence ("علي" and "Ali" share one)."""
    listed_key = consonant_key(latin)
    count = consonants(key)
    if listed_key == key:
        if count <= 2:
            return PHONETIC_SHORT
        return PHONETIC_MATCH if count == 3 else PHONETIC_LONG
    if count >= 5 and OSA.distance(listed_key, key, score_cutoff=1) <= 1:
        return PHONETIC_NEAR
    return 0.0


def other_evidence(q_latin: str, l_latin: str, script: str, person: bool) -> float:
    """Similarity of two words that spelling does not relate (0 if nothing does)."""
    if script == ARABIC:
        return arabic_similarity(q_latin, l_latin)
    if script == HANGUL:
        return KOREAN_VARIANT if korean_key(q_latin) == korean_key(l_latin) else 0.0
    if script == CYRILLIC:
        english = english_reading(l_latin)
        q_key = english_key(q_latin)
        count = consonants(q_key)
        if q_key in (english_key(english), english_key(l_latin)):
            if count >= _LONG_ENGLISH_CONSONANTS:
                return PHONETIC_LONG  # "Тардигрейд" / "Tardigrade": as good as a spelling
            if count >= _MIN_ENGLISH_CONSONANTS and len(q_latin) >= 4:
                return PHONETIC_MATCH
            if count and not person:
                # a short English word of an organisation's name by its sound, vowels
                # as English says them: "Ейр" / "air", "Сити" / "city", "Майн" / "mine"
                return PHONETIC_SHORT
        if q_latin == english:  # a short word as it sounds: "Сити" / "city"
            return PHONETIC_MATCH
    if not person:
        return 0.0
    if len(q_latin) == 1 or len(l_latin) == 1:
        if q_latin[0] == l_latin[0] and q_latin != l_latin:
            return INITIAL_MATCH
        return 0.0
    if are_given_name_equivalents(q_latin, l_latin):
        return GIVEN_NAME_VARIANT
    if script == LATIN and q_latin[0] == l_latin[0]:
        q_key = vowel_free(q_latin)
        if len(q_key) >= _MIN_VOWEL_VARIANT_CONSONANTS and q_key == vowel_free(l_latin):
            return VOWEL_VARIANT
    return 0.0


# Typing slips a word may carry by length: one from 4 letters, two from TWO_SLIPS_FROM,
# three from THREE_SLIPS_FROM.
TWO_SLIPS_FROM = 6
THREE_SLIPS_FROM = 13


def allowed_slips(shorter: int, longer: int) -> int:
    """Typing slips two words may differ by and still be one word, by their lengths."""
    if shorter <= 2:
        return 0
    if shorter == 3:
        return 1 if longer == 4 else 0  # "dru"/"drug", but "ali"/"ala" are two names
    if shorter == 4 and longer == 4:
        return 0  # "jing"/"bing", "hong"/"dong": syllables, not slips
    if shorter < TWO_SLIPS_FROM:
        return 1
    if shorter < THREE_SLIPS_FROM:
        return 2
    return 3


def _slip_similarity(a: str, b: str) -> float:
    """100 * (1 - slips / length) if `a` and `b` are within allowed slips, else 0."""
    shorter, longer = sorted((len(a), len(b)))
    allowed = allowed_slips(shorter, longer)
    if shorter == longer and sorted(a) == sorted(b) and OSA.distance(a, b, score_cutoff=1) == 1:
        # two letters swapped ("Ail"/"Ali", "IKM"/"KIM"): the commonest slip of all
        return max(SWAPPED_LETTERS, 100.0 * (1.0 - 1.0 / longer))
    if not allowed or longer - shorter > allowed:
        return 0.0
    slips = OSA.distance(a, b, score_cutoff=allowed)
    if slips > allowed:
        return 0.0
    penalty = SHORT_WORD_SLIP_PENALTY if slips and shorter <= _SHORT_WORD else 0.0
    return 100.0 * (1.0 - slips / longer) - penalty


def word_similarity(
    q_skeleton: str, q_latin: str, l_skeleton: str, l_latin: str, transliterated: bool = False
) -> float:
    """How alike two words are (0-100), or 0 if they are different words.

    `transliterated` says one side was read from Cyrillic: then the skeleton is the natural
    place to compare, and a slip found only there costs nothing extra. Between two Latin
    spellings a likeness that only the skeleton shows is weaker evidence (folding merges
    some different words), so it costs SKELETON_SLIP_PENALTY.
    """
    if q_latin == l_latin:
        return 100.0
    if _DOUBLED.sub(r"\1", q_latin) == _DOUBLED.sub(r"\1", l_latin):
        return DOUBLED_LETTER
    q_hard, l_hard = hard_c(q_skeleton), hard_c(l_skeleton)
    if (q_skeleton == l_skeleton or q_hard == l_hard) and (
        transliterated
        or q_skeleton in NAME_EQUIVALENTS
        or _plausible_variant(q_latin, l_latin)
    ):
        return TRANSLITERATION_VARIANT
    similarity = _slip_similarity(q_latin, l_latin)
    penalty = 0.0 if transliterated else SKELETON_SLIP_PENALTY
    if similarity < 100.0 - penalty:
        folded = max(_slip_similarity(q_skeleton, l_skeleton), _slip_similarity(q_hard, l_hard))
        similarity = max(similarity, folded - penalty)
    return max(similarity, 0.0)


def _plausible_variant(a: str, b: str) -> bool:
    if min(len(a), len(b)) < 3:
        return False
    return abs(len(a) - len(b)) <= _MAX_VARIANT_LENGTH_GAP or fuzz.ratio(a, b) >= (
        _MIN_VARIANT_RATIO
    )


def similarity_table(
    query_words: dict[str, str], listed_words: dict[str, str], transliterated: bool
) -> dict[tuple[str, str], float]:
    """`word_similarity` of every query word with every listed word, keyed by their Latin
    spellings, zero pairs left out.

    One rapidfuzz `process.extract` call per query word and spelling (plain, skeleton,
    hard-c skeleton) finds the listed words within reach in C, so only near pairs are
    looked at in Python: scoring 60 candidate names costs a dozen C calls, not a thousand
    Python comparisons.
    """
    table: dict[tuple[str, str], float] = {}
    latin = list(listed_words)
    skeletons = [listed_words[word] for word in latin]
    hards = [hard_c(folded) for folded in skeletons]
    for q_latin, q_skeleton in query_words.items():
        near: set[int] = set()
        spellings = ((latin, q_latin), (skeletons, q_skeleton), (hards, hard_c(q_skeleton)))
        for choices, word in spellings:
            reach = allowed_slips(len(word), len(word) + 1)
            for _, _, position in process.extract(
                word, choices, scorer=OSA.distance, score_cutoff=reach, limit=None
            ):
                near.add(position)
        for position in near:
            l_latin = latin[position]
            similarity = word_similarity(
                q_skeleton, q_latin, skeletons[position], l_latin, transliterated
            )
            if similarity:
                table[q_latin, l_latin] = similarity
    return table


def skeleton_similarity(a: str, b: str, *, loose: bool = False) -> float:
    """`word_similarity` on skeletons alone (for finding candidate words in the index);
    `loose` allows one slip more in words of four letters or more."""
    if a == b or hard_c(a) == hard_c(b):
        return 100.0
    if not loose:
        return _slip_similarity(a, b)
    shorter, longer = sorted((len(a), len(b)))
    allowed = allowed_slips(shorter, longer) + (1 if shorter >= 4 else 0)
    if not allowed or longer - shorter > allowed:
        return 0.0
    slips = OSA.distance(a, b, score_cutoff=allowed)
    return 0.0 if slips > allowed else max(1.0, 100.0 * (1.0 - slips / longer))


@dataclass(frozen=True, slots=True)
class Side:
    """One name's words as scored: skeletons, plain Latin, IDF weights, droppable flags."""

    skeletons: tuple[str, ...]
    latin: tuple[str, ...]
    weights: tuple[float, ...]
    droppable: tuple[bool, ...]
    transliterated: bool = False  # read from another script
    script: str = LATIN  # which (scripts.LATIN, CYRILLIC, ARABIC, HANGUL, HAN)


@dataclass(slots=True)
class Alignment:
    """The best pairing of query words with listed words, and its score."""

    score: float
    pairs: list[tuple[int, int, float]]  # (query word, listed word, similarity)
    extra_query: list[int]  # query words with no partner
    missing_listed: list[int]  # listed words with no partner
    joined: bool = False  # the names are equal once spaces are ignored
    capped: str = ""  # which guard limited the score, if any (untranslated template)
    capped_word: str = ""
    slips: int | None = None  # typing slips over the whole name, if they decided the score


def align(
    query: Side,
    listed: Side,
    person: bool,
    max_weight: float,
    table: dict[tuple[str, str], float] | None = None,
    columns: list[tuple] | None = None,
) -> Alignment:
    """Score `query` against `listed`.

    `person` enables the dropped-word discount; `max_weight` is the weight of the rarest
    possible word (to tell rare one-word names from common ones); `table` holds word
    similarities computed in one go for all candidates (`similarity_table`, made with the
    query's `transliterated` flag); without it, words are compared one pair at a time.
    `columns` are the word similarities if `pair_similarities` already gave them.
    """
    pairs = _pair_words(query, listed, table, person, columns)
    used_query = {i for i, _, _ in pairs}
    used_listed = {j for _, j, _ in pairs}
    if person:
        used_listed |= _covered_by_initial(query, listed, pairs)
    extra = [i for i in range(len(query.skeletons)) if i not in used_query]
    missing = [j for j in range(len(listed.skeletons)) if j not in used_listed]

    matched = total = 0.0
    for _, j, similarity in pairs:
        # A pair weighs what its listed word weighs, on both sides: a misspelt query word
        # is unknown to the lists and would otherwise look rarer than it is.
        weight = 2.0 * listed.weights[j]
        matched += weight * similarity / 100.0
        total += weight
    # A droppable word left out costs little; one replaced by another word costs in full.
    drop_query = person and not missing
    drop_listed = person and not extra
    for i in extra:
        factor = _unpaired_factor(query, i, drop_query, person, query_side=True)
        total += query.weights[i] * factor * EXTRA_QUERY_WORD_WEIGHT
    for j in missing:
        total += listed.weights[j] * _unpaired_factor(listed, j, drop_listed, person)
    # rounded, so that an exact match is exactly 100 despite floating-point sums
    score = round(100.0 * matched / total, 6) if total else 0.0

    alignment = Alignment(score, pairs, extra, missing)
    if (
        score < 100.0
        and len(query.skeletons) != len(listed.skeletons)
        and "".join(query.skeletons) == "".join(listed.skeletons)
    ):
        alignment.score, alignment.joined = 97.0, True  # "AL ZAWAHIRI" / "ALZAWAHIRI"
    if alignment.score < 100.0 and not alignment.joined:
        _apply_guards(alignment, query, listed, person, drop_listed, max_weight)
    if person and alignment.score > INITIALS_CAP:
        _guard_initials_only(alignment, query, listed, max_weight)
    return alignment


# A person named by a surname and initials ("J. LI", "K. A. HIJAZI") is weaker evidence
# than the names spelled out: at most INITIALS_CAP (medium); and if the surname is common
# in the lists (its weight below INITIALS_RARE_SHARE of the rarest word's) and only one
# initial agrees, at most INITIALS_COMMON_CAP, below the threshold: a country or date of
# birth that fits must lift it ("M. ALI" is half the lists).
INITIALS_CAP = 90.0
INITIALS_COMMON_CAP = 85.0
INITIALS_RARE_SHARE = 0.4


def _guard_initials_only(alignment: Alignment, query: Side, listed: Side, max_weight) -> None:
    initials = full = 0
    surname_weight = 0.0
    for i, j, _ in alignment.pairs:
        q_latin, l_latin = query.latin[i], listed.latin[j]
        if len(q_latin) == 1 or len(l_latin) == 1:
            initials += q_latin != l_latin
        elif l_latin not in NAME_PARTICLES:
            full += 1
            surname_weight = listed.weights[j]
    if not initials or full != 1:
        return
    if initials == 1 and surname_weight < INITIALS_RARE_SHARE * max_weight:
        _cap(alignment, INITIALS_COMMON_CAP,
             gettext_noop("a common surname with one initial ('%(word)s')"), alignment_surname(
                 alignment, listed))
    else:
        _cap(alignment, INITIALS_CAP, gettext_noop("surname with initials only"))


def alignment_surname(alignment: Alignment, listed: Side) -> str:
    """The listed word paired in full (the surname of an initials-only match)."""
    for _, j, _ in alignment.pairs:
        word = listed.latin[j]
        if len(word) > 1 and word not in NAME_PARTICLES:
            return word
    return ""


def _covered_by_initial(query: Side, listed: Side, pairs) -> set[int]:
    """Listed words an initial stands for beyond the word it is paired with: "A." for
    "Abd al-Karim" or "Abdullah" ("abd al karim", "abd allah") covers the whole name."""
    covered: set[int] = set()
    words = listed.latin
    for i, j, _ in pairs:
        if len(query.latin[i]) != 1 or words[j] != "abd":
            continue
        following = j + 1
        if following < len(words) and words[following] == "allah":
            covered.add(following)
        elif following + 1 < len(words) and words[following] in ("al", "el"):
            covered.update((following, following + 1))
    return covered


def pair_similarities(
    query: Side,
    listed: Side,
    table,
    person: bool,
    memo: dict | None = None,
    form_like: frozenset[str] | None = None,
) -> list[tuple]:
    """For each listed word, a tuple: its similarity to each query word (0: they do not
    pair), the best of them, the query words it may pair with (a bitmask), the least share
    of its weight it counts unpaired as an ordinary and as a droppable word
    (`_listed_unpaired_floor`, for `score_bound`), and its skeleton.

    The similarity of two words depends only on the words, the two sides' scripts and
    `person`, so `memo` (one dict per query side and `table`, kept by the caller for one
    search) holds each listed word's tuple once: a search scores dozens of rows that share
    words ("MOHAMMAD", "TRADING", "LLC"), and comparing the pair again is most of `align`.

    `form_like`, when given, holds every listed word of `listed` for which `is_form_like`
    holds (the index works it out once when built): the floors are then read from it.
    """
    key = (listed.script, listed.transliterated, person)
    mode = memo.get(key) if memo is not None else None
    if mode is None:
        mode = _PairMode(query, listed, table, person, form_like)
        if memo is not None:
            memo[key] = mode
    known = mode.known
    columns = []
    for l_skeleton, l_latin in zip(listed.skeletons, listed.latin, strict=True):
        column = known.get(l_latin)
        if column is None or column[5] != l_skeleton:
            column = known[l_latin] = mode.column(l_skeleton, l_latin)
        columns.append(column)
    return columns


class _PairMode:
    """What pairing a query side's words with a listed side's depends on besides the
    words: the scripts, whether the similarity table applies, `person`."""

    __slots__ = ("query", "table", "transliterated", "script", "arabic", "syllables",
                 "person", "in_table", "known", "form_like")  # fmt: skip

    def __init__(self, query: Side, listed: Side, table, person: bool, form_like=None):
        self.query = query
        self.form_like = form_like
        self.person = person
        self.transliterated = transliterated = query.transliterated or listed.transliterated
        if table is not None and transliterated != query.transliterated:
            table = None  # the table was made for Latin-to-Latin; this row is transliterated
        self.script = script = query.script if query.transliterated else listed.script
        # a word read from Arabic script is its consonants: no spelling to compare with a
        # Latin one (two Arabic-script names compare as written)
        self.arabic = (query.script == ARABIC) != (listed.script == ARABIC)
        self.table = None if self.arabic else table
        # Chinese and Korean readings are syllables: a letter off is another syllable
        self.syllables = script in (HAN, HANGUL)
        # Between Latin names of an organisation only the table relates words: a listed
        # word the table does not name pairs with nothing (most words of most rows).
        self.in_table = None
        if self.table is not None and script == LATIN and not person:
            self.in_table = {l_latin for _, l_latin in self.table}
        self.known: dict[str, tuple] = {}

    def column(self, l_skeleton: str, l_latin: str) -> tuple:
        query, table, person, script = self.query, self.table, self.person, self.script
        form_like = self.form_like
        if form_like is None:
            floors = _listed_unpaired_floors(l_latin, person)
        else:  # `_listed_unpaired_floors` with `is_form_like` read from the set
            floor = (
                _LEAST_UNPAIRED_FACTOR
                if (person and len(l_latin) == 1) or l_latin in ARTICLES or l_latin in form_like
                else 1.0
            )
            floors = (floor, _LEAST_UNPAIRED_FACTOR if person else floor)
        if self.in_table is not None and l_latin not in self.in_table:
            return ((0.0,) * len(query.latin), 0.0, 0, *floors, l_skeleton)
        equivalents = given_name_equivalents()
        column = []
        mask, best = 0, 0.0
        for i, (q_skeleton, q_latin) in enumerate(
            zip(query.skeletons, query.latin, strict=True)
        ):
            if table is not None:
                similarity = table.get((q_latin, l_latin), 0.0)
            else:
                similarity = word_similarity(
                    q_skeleton, q_latin, l_skeleton, l_latin, self.transliterated
                ) if not self.arabic else 0.0
            if self.syllables and similarity < TRANSLITERATION_VARIANT:
                similarity = 0.0
            if self.arabic:
                similarity = (arabic_similarity(q_latin, l_latin) if query.script == ARABIC
                              else arabic_similarity(l_latin, q_latin))
            elif similarity < PHONETIC_LONG and (
                script != LATIN
                or person
                and (
                    q_latin[0] == l_latin[0]
                    or len(q_latin) == 1
                    or len(l_latin) == 1
                    or q_latin in equivalents
                )
            ):
                # (between Latin names only a person's initials, given names and vowels
                # can relate words no spelling does: most pairs skip the call)
                similarity = max(similarity, other_evidence(q_latin, l_latin, script, person))
            column.append(similarity)
            if similarity:
                mask |= 1 << i
                if similarity > best:
                    best = similarity
        return (tuple(column), best, mask, *floors, l_skeleton)


def _pair_words(
    query: Side, listed: Side, table, person: bool, columns=None
) -> list[tuple[int, int, float]]:
    if columns is None:
        columns = pair_similarities(query, listed, table, person)
    scored = [(-similarity, j, i) for j, (column, best, *_) in enumerate(columns) if best
              for i, similarity in enumerate(column) if similarity]  # fmt: skip
    scored.sort()  # best first; on ties, earlier listed words first ("Tun Tun")
    used_query: set[int] = set()
    used_listed: set[int] = set()
    pairs = []
    for negative_similarity, j, i in scored:
        if i not in used_query and j not in used_listed:
            used_query.add(i)
            used_listed.add(j)
            pairs.append((i, j, -negative_similarity))
    return pairs


# The least share of its weight an unpaired word can count (`_unpaired_factor`).
_LEAST_UNPAIRED_FACTOR = min(DROPPED_WORD_WEIGHT, INITIAL_WEIGHT, FORM_WORD_WEIGHT)


def query_unpaired_floors(query: Side, person: bool) -> tuple[float, ...]:
    """The least each query word counts against a match when it has no partner (the
    factor depends on the listed side only through whether a dropped word is forgiven)."""
    return tuple(
        query.weights[i] * EXTRA_QUERY_WORD_WEIGHT * min(
            _unpaired_factor(query, i, True, person, query_side=True),
            _unpaired_factor(query, i, False, person, query_side=True),
        )
        for i in range(len(query.skeletons))
    )


@lru_cache(maxsize=100_000)  # every search meets dozens of listed words; lists repeat them
def _listed_unpaired_floors(latin: str, person: bool) -> tuple[float, float]:
    """`_listed_unpaired_floor` of a listed word as an ordinary and as a droppable word."""
    return _listed_unpaired_floor(latin, False, person), _listed_unpaired_floor(latin, True, person)


def _listed_unpaired_floor(latin: str, droppable: bool, person: bool) -> float:
    """A lower bound of `_unpaired_factor` for a listed word (its neighbours unknown)."""
    if (person and (droppable or len(latin) == 1)) or latin in ARTICLES or is_form_like(latin):
        return _LEAST_UNPAIRED_FACTOR
    return 1.0


def score_bound(
    query: Side, listed: Side, person: bool, columns, query_floors: tuple[float, ...]
) -> float:
    """An upper bound of `align(query, listed, ...).score` from the word similarities
    alone (`pair_similarities`), to skip the alignment of rows that cannot reach the
    threshold: most candidate rows share one common word with the party, or none.

    Every listed word with no possible partner, and every query word with none, counts
    against the match at least its least unpaired factor; a listed word that may pair
    counts at best its best similarity. The best ratio over which of those pair is taken
    in order of similarity (a fraction is maximised by a prefix in that order). Guards
    and caps only lower a score; the two things that raise or shield one (a name equal
    once spaces are ignored, an initial standing for "Abd al-...") are left unbounded.
    """
    against = 0.0
    paired = []
    may_pair = 0
    for (_, best, mask, floor, dropped_floor, _), weight, droppable in zip(
        columns, listed.weights, listed.droppable, strict=True
    ):
        if best:
            paired.append((best, 2.0 * weight))
            may_pair |= mask
        else:
            against += weight * (dropped_floor if droppable else floor)
    if len(query.skeletons) != len(listed.skeletons) and (
        "".join(query.skeletons) == "".join(listed.skeletons)
    ):
        return 100.0
    if not paired:
        return 0.0
    if person and "abd" in listed.latin:
        return 100.0  # `_covered_by_initial` may leave words neither paired nor missing
    for i, floor in enumerate(query_floors):
        if not may_pair >> i & 1:
            against += floor
    paired.sort(reverse=True)
    matched, total, bound = 0.0, against, 0.0
    for similarity, weight in paired:
        matched += weight * similarity
        total += weight
        if total > 0:
            bound = max(bound, matched / total)
        elif matched:
            return 100.0
    return bound


def _unpaired_factor(
    side: Side, position: int, droppable: bool, person: bool, query_side: bool = False
) -> float:
    """How much an unpaired word counts against the match (1 = its full weight)."""
    if droppable and side.droppable[position]:
        return DROPPED_WORD_WEIGHT
    latin = side.latin[position]
    if person and len(latin) == 1:
        return INITIAL_WEIGHT
    if latin in ARTICLES:
        return FORM_WORD_WEIGHT  # "the" says nothing, inside a name as at its start
    if query_side and not person and side.skeletons[position] in _DESIGNATOR_SKELETONS:
        return FORM_WORD_WEIGHT  # "Concern Almaz-Antey" is "Almaz-Antey"
    if query_side and side.script == CYRILLIC and position in (0, len(side.latin) - 1) and (
        english_key(latin) in FORM_SOUNDS
    ):
        return FORM_WORD_WEIGHT  # "Плс", "Фзк", "Дмкк": PLC, FZC, DMCC written as they sound
    if not is_form_like(latin):  # most words: one cached lookup
        return 1.0
    if is_form_word(latin) or _in_edge_form_run(side.latin, position):
        return FORM_WORD_WEIGHT
    return 1.0


def _form_sounds() -> frozenset[str]:
    """The consonants of one-word Latin legal forms as English says them ("plc", "fzc",
    "sarl"), to know them written in Cyrillic by their sound."""
    keys = set()
    for phrase in LEGAL_FORMS:
        if len(phrase) == 1 and phrase[0].isascii() and len(phrase[0]) >= 2:
            for key in (english_key(english_reading(phrase[0])), english_key(phrase[0])):
                if consonants(key) >= 2:  # "Ко" is "ko", a word as much as "co"
                    keys.add(key)
    return frozenset(keys)


FORM_SOUNDS = _form_sounds()


def _in_edge_form_run(words: tuple[str, ...], position: int) -> bool:
    """Whether the word is one of the (misspelt) legal forms at an edge ("Pte., td."), on
    the edge where that form is used ("AB" ends Swedish names, it does not start them)."""
    word = words[position]
    if not is_form_like(word):
        return False
    edge = form_edge(word)
    leading = edge != "trailing" and all(map(is_form_like, words[:position]))
    return leading or (edge != "leading" and all(map(is_form_like, words[position + 1 :])))


def _apply_guards(alignment, query: Side, listed: Side, person, drop_listed, max_weight):
    for j in alignment.missing_listed:
        if _unpaired_factor(listed, j, drop_listed, person) < 1:
            continue
        if _is_key_word(listed, j, person):
            _cap(alignment, KEY_WORD_CAP, gettext_noop("distinctive word '%(word)s' missing"),
                 listed.latin[j])
            return
    for _, j, similarity in alignment.pairs:
        if similarity < KEY_WORD_MIN_SIMILARITY and _is_key_word(listed, j, person):
            _cap(alignment, KEY_WORD_CAP,
                 gettext_noop("distinctive word '%(word)s' loosely matched"), listed.latin[j])
            return
    if len(query.skeletons) == 1 or len(listed.skeletons) == 1:
        _guard_one_word_names(alignment, query, listed, person, max_weight)


def _is_key_word(listed: Side, position: int, person: bool) -> bool:
    if person:
        return listed.latin[position] not in NAME_PARTICLES
    weight = listed.weights[position]
    return weight >= KEY_WORD_SHARE * max(listed.weights) or weight >= (
        KEY_WORD_TOTAL_SHARE * sum(listed.weights)
    )


def _guard_one_word_names(alignment, query: Side, listed: Side, person, max_weight) -> None:
    transliterated = query.transliterated or listed.transliterated
    exact = all(
        similarity >= 100.0 or (transliterated and similarity >= TRANSLITERATION_VARIANT)
        for *_, similarity in alignment.pairs
    )
    letters = min(len("".join(query.skeletons)), len("".join(listed.skeletons)))
    if letters <= _SHORT_NAME_LETTERS and not exact:
        _cap(alignment, SHORT_NAME_CAP, gettext_noop("short one-word name must match exactly"))
        return
    # One word is little evidence: it must be spelt the same (or be a transliteration of
    # it, or a spelling variant of a word of 6 letters or more), or be long enough for one
    # slip to leave no doubt.
    for i, j, similarity in alignment.pairs:
        q_word, l_word = query.latin[i], listed.latin[j]
        variant = similarity >= TRANSLITERATION_VARIANT and (
            transliterated or min(len(q_word), len(l_word)) >= _SINGLE_WORD_VARIANT_LENGTH
        )
        # an English name of five consonants or more written as it sounds in Cyrillic
        sounded = query.script == CYRILLIC and similarity >= PHONETIC_LONG
        if similarity >= 100.0 or variant or sounded or _swapped_or_doubled(q_word, l_word):
            continue
        slips = min(
            OSA.distance(q_word, l_word),
            OSA.distance(query.skeletons[i], listed.skeletons[j]),
        )
        if max(len(q_word), len(l_word)) < _SINGLE_WORD_SLIP_LENGTH or slips > 1:
            _cap(alignment, SINGLE_WORD_CAP, gettext_noop("one-word name must match closely"))
            return
    contained = len(listed.skeletons) == 1 and any(
        _unpaired_factor(query, i, False, person, query_side=True) >= 1
        for i in alignment.extra_query
    )
    if contained and (
        letters <= _SHORT_NAME_LETTERS or listed.weights[0] < _CONTAINED_WORD_RARITY * max_weight
    ):
        _cap(alignment, SINGLE_WORD_CAP,
             gettext_noop("common or short one-word name inside a longer name"))
        return
    # ... and a common word alone is not a longer listed name ("TECHNOLOGIES" is not
    # "K TECHNOLOGIES")
    partial = len(query.skeletons) == 1 and any(
        _unpaired_factor(listed, j, False, person) >= 1 for j in alignment.missing_listed
    )
    if partial and query.weights[0] < _CONTAINED_WORD_RARITY * max_weight:
        _cap(alignment, SINGLE_WORD_CAP, gettext_noop("a common word alone is not the listed name"))


def _swapped_or_doubled(a: str, b: str) -> bool:
    """Two letters swapped or one typed twice: slips that leave a word recognisable."""
    if len(a) == len(b) and sorted(a) == sorted(b):
        return OSA.distance(a, b, score_cutoff=1) == 1
    return _DOUBLED.sub(r"\1", a) == _DOUBLED.sub(r"\1", b)


def _cap(alignment: Alignment, cap: float, why: str, word: str = "") -> None:
    """Limit the score; `why` is an untranslated template (translated only if the match
    is shown: guards run for every candidate)."""
    alignment.score = min(alignment.score, cap)
    alignment.capped = why
    alignment.capped_word = word


def order_differs(pairs: list[tuple[int, int, float]]) -> bool:
    """Whether the paired words appear in a different order on the two sides."""
    listed_order = [j for _, j in sorted((i, j) for i, j, _ in pairs)]
    return listed_order != sorted(listed_order)


# A country the entry is tied to is supporting evidence; it moves a near match a little and
# an exact match not at all.
COUNTRY_MATCH_BONUS = 3.0
COUNTRY_MISMATCH_PENALTY = 2.0


def adjust_for_country(
    score: float, country: str | None, listed_countries: tuple[str, ...]
) -> tuple[float, bool | None]:
    """The score with the party's country taken into account, and whether the country
    fits (None: nothing to compare). See `country_reason` for the words."""
    if not country or not listed_countries:
        return score, None
    country = country.upper()
    if country in listed_countries:
        if score >= 100.0:
            return score, True
        # never above 99.9: 100 stays reserved for the name itself
        return max(score, min(99.9, score + COUNTRY_MATCH_BONUS)), True
    if score >= 100.0:
        return score, False
    return score - COUNTRY_MISMATCH_PENALTY, False


def country_reason(fits: bool, country: str, listed_countries: tuple[str, ...]):
    """The words for `adjust_for_country`'s verdict (the country is nationality, residence
    or registration as the list gives it), as a sentence translated when read."""
    if fits:
        return gettext("country matches (%(country)s)") % {"country": country.upper()}
    return gettext("country differs (%(country)s; listed %(listed)s)") % {
        "country": country.upper(), "listed": ", ".join(listed_countries)}


# A date of birth both sides give is strong evidence: the same date lifts a match, the same
# year a little; another year lowers it below a strong match even for the same name
# (namesakes are the commonest false alert on persons).
BIRTH_DATE_BONUS = 5.0
BIRTH_YEAR_BONUS = 2.0
BIRTH_DATE_PENALTY = 8.0


def adjust_for_birth_date(
    score: float, birth_date: str | None, listed_dates: tuple[str, ...]
) -> tuple[float, str | None]:
    """The score with the party's date of birth ("YYYY-MM-DD" or "YYYY") weighed against
    the entry's, and the verdict: "date", "year" (matches), "differs", or None."""
    if not birth_date or not listed_dates:
        return score, None
    if birth_date in listed_dates:
        return min(99.9, score + BIRTH_DATE_BONUS) if score < 100 else score, "date"
    year = birth_date[:4]
    if any(listed[:4] == year for listed in listed_dates) and (
        len(birth_date) == 4 or any(len(listed) == 4 for listed in listed_dates)
    ):
        return min(99.9, score + BIRTH_YEAR_BONUS) if score < 100 else score, "year"
    return score - BIRTH_DATE_PENALTY, "differs"


def birth_date_reason(verdict: str, birth_date: str, listed_dates: tuple[str, ...]):
    """The words for `adjust_for_birth_date`'s verdict, translated when read."""
    if verdict == "date":
        return gettext("date of birth matches (%(date)s)") % {"date": birth_date}
    if verdict == "year":
        return gettext("year of birth matches (%(year)s)") % {"year": birth_date[:4]}
    return gettext("date of birth differs (%(date)s; listed %(listed)s)") % {
        "date": birth_date, "listed": ", ".join(listed_dates)}


def explain(
    query: NormalisedName,
    reading: Rendering,
    listed_name: str,
    listed: Side,
    alignment: Alignment,
    *,
    person: bool,
    is_alias: bool,
) -> tuple[list, list]:
    """Short human reasons for a match, most telling first: (evidence for, evidence
    against), each a sentence and its parameters (`i18n`), translated where it is read.
    Called only for the matches a search reports."""
    listed_normalised = analyse_name(listed_name)
    pairs = alignment.pairs
    for_: list = []
    against: list = []
    exact = query.words == listed_normalised.words
    if exact:
        for_.append(gettext("exact match"))
    elif alignment.slips is not None:
        count = (gettext("one typing slip") if alignment.slips == 1
                 else gettext("%(count)d typing slips") % {"count": alignment.slips})
        for_.append(gettext("the listed name with %(count)s (letters compared over the whole "
                      "name)") % {"count": count})
    elif alignment.joined:
        for_.append(gettext("same name written with different spacing"))
    elif not alignment.missing_listed:
        for_.append(gettext("all listed words match") if alignment.extra_query
                    else gettext("all words match"))
    else:
        for_.append(gettext("%(matched)d of %(listed)d listed words match") % {
            "matched": len(pairs), "listed": len(listed.latin)})
    if is_alias:
        for_.append(gettext("matched an alias"))
    if reading.script not in (LATIN, CYRILLIC):
        for_.append(gettext("compared after transliteration (%(script)s → Latin)") % {
            "script": gettext(_SCRIPT_LABELS[reading.script])})
    else:
        query_cyrillic = _has_cyrillic(query.words)
        listed_cyrillic = _has_cyrillic(listed_normalised.words)
        if query_cyrillic != listed_cyrillic:
            source = (gettext_noop("Cyrillic → Latin") if query_cyrillic
                      else gettext_noop("Latin → Cyrillic"))
            for_.append(gettext("compared after transliteration (%(source)s)") % {
                "source": gettext(source)})
    if not exact and not alignment.joined:
        for text, speaks_against in _word_reasons(reading, listed, alignment, person):
            (against if speaks_against else for_).append(text)
    for form in dict.fromkeys(query.legal_forms + listed_normalised.legal_forms):
        for_.append(gettext("legal form '%(form)s' ignored") % {"form": form.upper()})
    if alignment.capped:
        why = gettext(alignment.capped)
        if alignment.capped_word:
            why %= {"word": alignment.capped_word}
        against.append(gettext("score limited: %(why)s") % {"why": why})
    return for_, against


def _word_reasons(reading: Rendering, listed: Side, alignment: Alignment, person: bool):
    """(reason, whether it speaks against the match) for each word."""
    for i, j, similarity in alignment.pairs:
        said, listed_word = reading.latin[i], listed.latin[j]
        if similarity < TRANSLITERATION_VARIANT:
            kind = _pair_kind(said, listed_word, reading.script, person, similarity)
            yield gettext("'%(said)s' ~ '%(listed)s' (%(kind)s)") % {
                "said": said, "listed": listed_word, "kind": gettext(kind)}, kind == _SPELLING
        elif said != listed_word:
            yield gettext("'%(said)s' = '%(listed)s' (transliteration variant)") % {
                "said": said, "listed": listed_word}, False
    if order_differs(alignment.pairs):
        yield gettext("word order differs"), False
    dropped = person and not alignment.extra_query
    for j in alignment.missing_listed:
        if dropped and listed.droppable[j]:
            yield gettext("middle name/patronymic '%(word)s' not given") % {
                "word": listed.latin[j]}, False
        else:
            yield gettext("listed word '%(word)s' not in the name") % {
                "word": listed.latin[j]}, True
    extra_dropped = person and not alignment.missing_listed
    for i in alignment.extra_query:
        if extra_dropped and reading.droppable[i]:
            yield gettext("middle name/patronymic '%(word)s' not listed") % {
                "word": reading.latin[i]}, False
        else:
            yield gettext("'%(word)s' not in the listed name") % {"word": reading.latin[i]}, True


_SPELLING = gettext_noop("spelling differs")


def _pair_kind(said: str, listed_word: str, script: str, person: bool, similarity: float) -> str:
    """What relates two paired words that are not spelt alike (an untranslated sentence)."""
    if script == ARABIC:
        return gettext_noop("same consonants in Arabic script")
    if other_evidence(said, listed_word, script, person) != similarity:
        return _SPELLING
    if script == HANGUL:
        return gettext_noop("another romanisation of the Korean")
    if script == CYRILLIC:
        return gettext_noop("sounds alike when read the English way")
    if len(said) == 1 or len(listed_word) == 1:
        return gettext_noop("initial")
    if are_given_name_equivalents(said, listed_word):
        return gettext_noop("the same given name")
    return gettext_noop("same consonants, other vowels")


_SCRIPT_LABELS = {ARABIC: gettext_noop("Arabic"), HANGUL: gettext_noop("Hangul"),
                  HAN: gettext_noop("Chinese")}


def _has_cyrillic(words: tuple[str, ...]) -> bool:
    return any(is_cyrillic(char) for word in words for char in word)
