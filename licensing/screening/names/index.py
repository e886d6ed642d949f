"""An in-memory index of listed names that finds the few worth scoring for a party name.

Every listed name and alias is stored as the skeletons of its Latin readings (one reading
for a Latin name, one per transliteration scheme for a Cyrillic one). A search looks each
of its own words up in:

- the vocabulary of skeletons (exact),
- a deletion index (every skeleton with one letter removed, as in SymSpell), which finds
  words one or two slips away without comparing against the whole vocabulary; when nothing
  closer turns up, the query side also tries two letters off, words of 5-7 letters are
  also indexed two deletions deep, and longer ones by their trigrams,
- a phonetic index: jellyfish metaphone of the skeleton, for spellings further apart
  ("mohamed" / "muhamad"), and the sorted letters, for swapped letters ("TW" / "WT"),
- particles joined to the next word ("al zawahiri" / "alzawahiri").
The words found are verified with rapidfuzz (`process.extract`, OSA distance) in C.

Rows sharing the query's rarer words are collected first, weighted by IDF, under a fixed
budget of postings; common words only re-rank those rows (a C-level set intersection)
instead of being walked. A sorted array of whole-name keys guarantees that a name given
exactly (in any word order) is always a candidate, however common its words. So a query
costs about the same whether the lists hold 50,000 names or a million, and only a few dozen
rows reach the rapidfuzz scoring in `scoring.align`. Rows of about the query's length are
also checked letter by letter for a name typed with slips (`typing_slips`), which word
votes can miss.

Storage is columnar (`array`s of ints over two vocabularies) so that a million names fit in
well under a gigabyte, build in about a minute and pickle as plain data.
"""

import math
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache, partial
from itertools import chain, compress
from operator import itemgetter
from zlib import crc32

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import OSA

from .legal_forms import LEGAL_FORMS
from .normalise import NormalisedName, raw_words
from .scoring import (
    BIRTH_DATE_BONUS,
    COUNTRY_MATCH_BONUS,
    DROPPED_WORD_WEIGHT,
    EXTRA_QUERY_WORD_WEIGHT,
    FORM_SOUNDS,
    FORM_WORD_WEIGHT,
    GIVEN_NAME_VARIANT,
    INITIAL_WEIGHT,
    NAME_PARTICLES,
    PHONETIC_MATCH,
    PRODUCTION_THRESHOLD,
    Alignment,
    Side,
    adjust_for_birth_date,
    adjust_for_country,
    align,
    allowed_slips,
    birth_date_reason,
    country_reason,
    english_reading,
    explain,
    pair_similarities,
    query_unpaired_floors,
    score_bound,
    similarity_table,
    skeleton_similarity,
)
from .scripts import (
    ARABIC,
    CYRILLIC,
    LATIN,
    SCRIPT_CODES,
    SCRIPT_NAMES,
    consonant_key,
    consonants,
    english_key,
)
from .transliterate import (
    FORM_SKELETONS,
    Rendering,
    is_form_like,
    is_form_word,
    renderings,
    skeleton,
)
from .typing_slips import (
    MOST_SLIPS,
    name_letters,
    slip_score,
    slips_between,
)
from .variants import given_name_equivalents

# Postings walked one by one per query; words beyond this only re-rank (set intersection).
POSTINGS_BUDGET = 6_000
# A common word in more rows than this share of the index is not used to rank candidates.
_MAX_TELLING_SHARE = 0.02
# When ranking candidate rows, each word a row has beyond the query's costs this share of
# the query's weight.
_EXTRA_WORD_VOTE = 0.05
# Rows handed to rapidfuzz scoring per query.
MAX_SCORED_ROWS = 60
# Words shorter than this are looked up exactly only: their one-letter deletions ("al" ->
# "a", "l") would each hit half the vocabulary.
_MIN_FUZZY_WORD = 4
# An unknown query word shorter than this weighs proportionally less than a rare word.
_TELLING_LENGTH = 5
# Words at least this long are also looked up two letters off when nothing closer is found.
_MIN_WIDE_WORD = 6
# Best-voted rows checked for a name typed with slips that the votes ranked too low, and
# the most rows of common words checked when a query word is unknown, gathered from the
# postings in batches of at least _SLIP_BATCH rows.
_SLIP_POOL = 4 * MAX_SCORED_ROWS
_SLIP_ROWS = 2_000
_SLIP_BATCH = 512
# Slips a word may carry and still be found when nothing closer is known: words of these
# lengths are indexed two deletions deep (few keys each), longer ones by trigrams; a trigram
# in more vocabulary words than this ("ova", "ing") tells too little to be counted.
_WIDE_SLIPS = 2
_TWO_DELETIONS_LENGTHS = range(5, 8)
_MAX_TRIGRAM_POSTINGS = 3_000
# A phonetic bucket larger than this is too vague to be worth verifying word by word.
_MAX_PHONETIC_BUCKET = 300
# A name with words joined or split differently scores at most this ("same name written
# with different spacing"); the parts of a split word have at least _MIN_SPLIT_PART
# letters, and at most _MAX_RESPACED such readings are tried.
JOINED_SCORE = 97.0
_MIN_SPLIT_PART = 3
_MAX_RESPACED = 2
# Consonant keys (`scripts.consonant_key`) shorter than this, or in more vocabulary words
# than this, are too vague to find candidates by ("_l", "mhmd" is fine).
_MIN_CONSONANT_KEY = 2
_MAX_CONSONANT_BUCKET = 2_000
# Rows found by one whole-name key scored at most: by a surname and initials ("J. LI"; few
# queries have initials) and by the other keys (every Latin query looks one up).
_MAX_INITIALS_ROWS = 100
_MAX_KEYED_ROWS = 30
# Names of at most this many words are also keyed whole by their Arabic consonants.
_MOST_KEYED_WORDS = 6
# Query words whose vocabulary matches are kept between searches (`_words_for`): about
# 1 KB each (1,000 bench parties keep 2,500 words in 3 MB), so at most about 9 MB.
_MOST_KEPT_QUERY_WORDS = 8_000
# Scores are rounded to 6 decimals and the bound (`scoring.score_bound`) sums in another
# order: a row is skipped only if its bound is below the threshold by more than this.
_BOUND_SLACK = 1e-3


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name or alias of a listed entry, as given to the index."""

    entry_key: str
    name: str
    is_alias: bool = False
    countries: tuple[str, ...] = ()
    entity_type: str = "unknown"
    birth_dates: tuple[str, ...] = ()  # "YYYY-MM-DD" or "YYYY", as the list gives them


@dataclass(frozen=True, slots=True)
class NameMatch:
    """A listed entry whose name (or alias) matches a searched name."""

    entry_key: str
    matched_name: str
    score: float
    is_alias: bool
    # Evidence for the match, then against it, and the part of it that speaks against: each
    # a sentence and its parameters (`i18n`), kept so that a finding stores it untranslated.
    reason_parts: tuple = ()
    against_parts: tuple = ()

    @property
    def reasons(self) -> tuple[str, ...]:
        """The evidence for, then against, in the active language."""
        return tuple(map(str, self.reason_parts))

    @property
    def against(self) -> tuple[str, ...]:
        """The evidence against, in the active language."""
        return tuple(map(str, self.against_parts))

    @property
    def for_parts(self) -> tuple:
        return self.reason_parts[: len(self.reason_parts) - len(self.against_parts)]


@dataclass(slots=True)
class _Query:
    normalised: NormalisedName
    renderings: list[Rendering]
    sides: list[Side]
    matches: dict[str, dict[int, float]]  # skeleton -> {vocabulary id: similarity}
    total_weight: float
    letters: tuple[str, ...]  # the name as typed, for `typing_slips` (() unless Latin)
    respaced: frozenset[int] = frozenset()  # readings with words joined or split


class NameIndex:
    """Searchable index of listed names; see the module docstring for how it works."""

    def __init__(self, names: Iterable[IndexedName] = ()):
        # entries
        self._entry_ids: dict[str, int] = {}
        self._entry_keys: list[str] = []
        self._entry_countries: list[tuple[str, ...]] = []
        self._entry_birth_dates: dict[int, tuple[str, ...]] = {}  # few entries have them
        self._entry_person = bytearray()
        # names as given
        self._names: list[str] = []
        self._name_is_alias = bytearray()
        # rows: one per distinct reading of a name; words of all rows one after another
        self._row_entry = array("I")
        self._row_name = array("I")
        self._row_start = array("I", [0])
        self._row_words = array("I")  # skeleton vocabulary ids
        self._row_latin = array("I")  # Latin spelling vocabulary ids
        self._row_droppable = bytearray()
        self._row_script = bytearray()  # scripts.SCRIPT_CODES of the reading
        self._row_letters = bytearray()  # how many letters its name has, for a quick filter
        # every name's letters as typed (`typing_slips`), one ASCII bytes object per name:
        # a search hands up to a few thousand of them to rapidfuzz, and looking them up
        # costs a quarter of slicing them out of one blob (~40 MB more at 1,000,000 names)
        self._spellings: list[bytes] = []
        # vocabularies
        self._vocabulary: dict[str, int] = {}
        self._words: list[str] = []
        self._latin_vocabulary: dict[str, int] = {}
        self._latin_words: list[str] = []
        self._postings: list[array] = []
        self._idf = array("d")
        self._deletions = _KeyedIds()  # skeleton minus one letter -> vocabulary ids
        self._phonetic = _KeyedIds()  # metaphone / sorted letters -> vocabulary ids
        self._trigrams = _KeyedIds()  # three letters in a row -> long vocabulary words
        self._deletions_2 = _KeyedIds()  # mid-length skeleton minus two letters -> ids
        # consonant keys of listed words as spelt and as read the English way -> ids
        self._consonants = _KeyedIds()
        # a person's surname with the initials of the other names -> rows ("smith:wh")
        self._initials = _KeyedIds()
        self._initial_pairs: list[tuple[str, int]] = []  # while building
        # whole-name keys -> rows: an organisation's name as the consonants of its English
        # sound, a name's Arabic consonants ("a:"), a person's name without middle names
        # ("m:")
        self._whole_names = _KeyedIds()
        self._whole_name_pairs: list[tuple[str, int]] = []  # while building
        self._spelt: set[tuple[int, int]] = set()  # (Latin id, vocabulary id), while building
        # whole-name keys (hash of the sorted skeletons), sorted, with their rows
        self._name_keys = array("I")
        self._name_key_rows = array("I")
        self._keyed_rows: list[tuple[int, int]] = []
        # rows by a particle joined to the next word ("alzawahiri")
        self._joined: dict[str, array] = {}
        self._max_idf = 1.0
        # query word -> the vocabulary words it may stand for, kept between searches
        self._query_words: dict[tuple[str, str, str], dict[int, float]] = {}
        # skeletons seen as a legal form ("ooo") and as a name word, while building
        self._form_ids: set[int] = set()
        self._name_word_ids: set[int] = set()
        for item in names:
            self._add(item)
        self._finish()

    def __len__(self) -> int:
        return len(self._names)

    # building ----------------------------------------------------------------------------

    def _add(self, item: IndexedName) -> None:
        _, readings = renderings(item.name)
        if not readings:
            return
        entry = self._entry_ids.get(item.entry_key)
        if entry is None:
            entry = self._entry_ids[item.entry_key] = len(self._entry_keys)
            self._entry_keys.append(item.entry_key)
            self._entry_countries.append(tuple(item.countries))
            self._entry_person.append(_is_person(item))
        elif item.countries:
            merged = dict.fromkeys(self._entry_countries[entry] + tuple(item.countries))
            self._entry_countries[entry] = tuple(merged)
        if item.birth_dates:
            known = self._entry_birth_dates.get(entry, ())
            self._entry_birth_dates[entry] = tuple(dict.fromkeys(known + item.birth_dates))
        name_id = len(self._names)
        self._names.append(item.name)
        spelling = "".join(name_letters(item.name)).encode("ascii")
        self._spellings.append(spelling)
        self._name_is_alias.append(bool(item.is_alias))
        postings = self._postings
        for reading in readings:
            row = len(self._row_entry)
            self._row_entry.append(entry)
            self._row_name.append(name_id)
            ids = [self._word_id(word) for word in reading.words]
            self._row_words.extend(ids)
            latin_ids = list(map(self._latin_id, reading.latin))
            self._row_latin.extend(latin_ids)
            if reading.script == LATIN:
                self._spelt.update(zip(latin_ids, ids, strict=True))
            self._row_droppable.extend(reading.droppable)
            self._row_script.append(SCRIPT_CODES[reading.script])
            self._row_letters.append(min(255, len(spelling)))
            self._row_start.append(len(self._row_words))
            for word_id in set(ids):
                postings[word_id].append(row)
            self._keyed_rows.append((_name_key(reading.words), row))
            if any(reading.droppable) and self._entry_person[entry]:
                # the name without its middle names is always a candidate too ("JONG,
                # Song" for "JONG, Song Hwa", however common its words)
                kept = tuple(compress(reading.words, (not d for d in reading.droppable)))
                if len(kept) >= 2:
                    self._whole_name_pairs.append(("m:" + " ".join(sorted(kept)), row))
            for latin, word in zip(reading.latin, reading.words, strict=True):
                if word in FORM_SKELETONS:
                    form = is_form_word(latin)
                    (self._form_ids if form else self._name_word_ids).add(self._vocabulary[word])
            self._index_joined(reading, row)
            if reading.script == LATIN and self._entry_person[entry]:
                self._initial_pairs.extend((key, row) for key in initials_keys(reading))
            elif reading.script == LATIN:
                keys = english_name_keys(reading.latin)
                self._whole_name_pairs.extend((key, row) for key in keys)
            if reading.script == LATIN and len(reading.latin) <= _MOST_KEYED_WORDS:
                # the whole name as Arabic script writes it ("a:_l hsn" for "ALI HUSAYN")
                self._whole_name_pairs.append(("a:" + arabic_name_key(reading.latin), row))

    def _index_joined(self, reading: Rendering, row: int) -> None:
        """Index "al zawahiri" also as "alzawahiri": particles are written with and without
        the space ("AL-ZAWAHIRI", "ALZAWAHIRI", "EL ZAWAHRI")."""
        latin = reading.latin
        for position in range(len(latin) - 1):
            if latin[position] in NAME_PARTICLES:
                joined = reading.words[position] + reading.words[position + 1]
                self._joined.setdefault(joined, array("I")).append(row)

    def _word_id(self, word: str) -> int:
        word_id = self._vocabulary.get(word)
        if word_id is None:
            word_id = self._vocabulary[word] = len(self._words)
            self._words.append(word)
            self._postings.append(array("I"))
        return word_id

    def _latin_id(self, word: str) -> int:
        latin_id = self._latin_vocabulary.get(word)
        if latin_id is None:
            latin_id = self._latin_vocabulary[word] = len(self._latin_words)
            self._latin_words.append(word)
        return latin_id

    def _finish(self) -> None:
        entries = len(self._entry_keys) or 1
        row_entry = self._row_entry
        deletions: list[tuple[str, int]] = []
        phonetic: list[tuple[str, int]] = []
        trigrams: list[tuple[str, int]] = []
        deletions_2: list[tuple[str, int]] = []
        for word_id, postings in enumerate(self._postings):
            listed_in = len({row_entry[row] for row in postings}) if len(postings) > 1 else 1
            word = self._words[word_id]
            # a legal form left inside a name ("..., OOO (f.k.a. ...)") identifies nothing
            only_form = word_id in self._form_ids and word_id not in self._name_word_ids
            damping = FORM_WORD_WEIGHT if only_form else 1.0
            self._idf.append(damping * math.log(1.0 + entries / listed_in))
            phonetic.append((jellyfish.metaphone(word), word_id))
            if len(word) >= _MIN_FUZZY_WORD:
                deletions.extend((key, word_id) for key in _deletion_keys(word))
            if len(word) >= _MIN_WIDE_WORD:
                trigrams.extend((key, word_id) for key in _trigrams(word))
            if len(word) in _TWO_DELETIONS_LENGTHS:
                deletions_2.extend((key, word_id) for key in _deletion_keys_2(word))
            if len(word) >= 2:
                # the same letters in another order: swapped letters ("Kahlfu", "TW"/"WT")
                phonetic.append((_letter_bag(word), word_id))
        self._deletions = _KeyedIds(deletions)
        self._phonetic = _KeyedIds(phonetic)
        self._trigrams = _KeyedIds(trigrams)
        self._deletions_2 = _KeyedIds(deletions_2)
        self._consonants = _KeyedIds(self._consonant_keys())
        self._initials = _KeyedIds(self._initial_pairs)
        self._initial_pairs = []
        self._whole_names = _KeyedIds(self._whole_name_pairs)
        self._whole_name_pairs = []
        self._spelt = set()
        self._max_idf = math.log(1.0 + entries)
        self._keyed_rows.sort()
        self._name_keys = array("I", (key for key, _ in self._keyed_rows))
        self._name_key_rows = array("I", (row for _, row in self._keyed_rows))
        self._keyed_rows = []
        # The listed Latin words that are legal forms, ambiguous or misspelt: worked out
        # once here rather than at a word's first sight in a search (`is_form_like` compares
        # it with every long form); `pair_similarities` reads them for its floors.
        self._form_like = frozenset(filter(is_form_like, self._latin_words))
        # What only building needs: free its memory.
        self._latin_vocabulary, self._entry_ids = {}, {}
        self._form_ids, self._name_word_ids = set(), set()

    def _consonant_keys(self):
        """Keys of the listed Latin words: their Arabic consonants, and (prefixed "e:")
        their consonants as an English name sounds in Cyrillic, as read and as spelt."""
        for latin_id, word_id in self._spelt:
            latin = self._latin_words[latin_id]
            if latin.isdigit():
                continue
            yield consonant_key(latin), word_id
            english = english_key(english_reading(latin))
            yield "e:" + english, word_id
            spelt = english_key(latin)
            if spelt != english:
                yield "e:" + spelt, word_id

    # searching ---------------------------------------------------------------------------

    def search(
        self,
        name: str,
        *,
        country: str | None = None,
        threshold: float = PRODUCTION_THRESHOLD,
        limit: int = 10,
        birth_date: str | None = None,
    ) -> list[NameMatch]:
        """Listed entries whose name or alias matches `name`, best first.

        `country` (ISO alpha-2) is supporting evidence: it lifts a near match a little when
        the entry is tied to that country (nationality, residence, registration), lowers it
        a little when the entry is tied only to others, and never touches an exact match.
        `birth_date` ("YYYY-MM-DD" or "YYYY") weighs against the entry's dates of birth when
        it has any (`scoring.adjust_for_birth_date`).
        """
        query = self._prepare(name)
        if query is None:
            return []
        rows = self._candidate_rows(query, threshold)
        listed_sides = [self._row_side(row) for row in rows]
        table = self._similarity_table(query, listed_sides)
        # A row whose score cannot reach the threshold, even lifted by all the evidence
        # given (country, date of birth), is not aligned: its entry keeps the bound as a
        # placeholder below the threshold, which drops out like the score it stands for.
        lift = (COUNTRY_MATCH_BONUS if country else 0.0) + (BIRTH_DATE_BONUS if birth_date else 0.0)
        least = threshold - lift - _BOUND_SLACK
        memos: list[dict] = [{} for _ in query.sides]
        floors: dict[tuple[int, bool], tuple[float, ...]] = {}
        # Nearly half the rows of a search are the same name as another row (the lists
        # overlap: OFAC's sets, the CSL): their similarities and bounds are worked out once.
        bounded: dict[tuple[Side, bool], list[tuple[list, float]]] = {}
        best: dict[int, tuple[float, int, int, Alignment]] = {}
        for row, listed in zip(rows, listed_sides, strict=True):
            entry = self._row_entry[row]
            person = bool(self._entry_person[entry])
            known = bounded.get((listed, person))
            if known is None:
                known = bounded[listed, person] = [
                    self._bounded(
                        side, number, listed, person, table, memos, floors, least, self._form_like
                    )
                    for number, side in enumerate(query.sides)
                ]
            for number, side in enumerate(query.sides):
                columns, bound = known[number]
                if bound < least:
                    if entry not in best:
                        best[entry] = (bound, row, number, _SKIPPED)
                    continue
                alignment = align(side, listed, person, self._max_idf, table, columns)
                if number in query.respaced and alignment.score > JOINED_SCORE:
                    alignment.score, alignment.joined = JOINED_SCORE, True
                held = best.get(entry)
                if held is None or self._ranks_above(alignment, row, held):
                    best[entry] = (alignment.score, row, number, alignment)
        if query.letters:
            self._credit_typing_slips(query, rows, listed_sides, best)
        matches = []
        for entry, (score, row, number, alignment) in best.items():
            listed_countries = self._entry_countries[entry]
            score, country_fits = adjust_for_country(score, country, listed_countries)
            listed_dates = self._entry_birth_dates.get(entry, ())
            score, born = adjust_for_birth_date(score, birth_date, listed_dates)
            if score < threshold:
                continue
            evidence: list[tuple[object, bool]] = []  # (reason, whether it speaks against)
            if country_fits is not None:
                evidence.append(
                    (country_reason(country_fits, country, listed_countries), not country_fits)
                )
            if born is not None:
                evidence.append(
                    (birth_date_reason(born, birth_date, listed_dates), born == "differs")
                )
            matches.append(self._match(query, entry, row, number, alignment, score, evidence))
        matches.sort(key=lambda match: (-match.score, match.is_alias, match.entry_key))
        return matches[:limit]

    @staticmethod
    def _bounded(side, number, listed, person, table, memos, floors, least, form_like):
        """The word similarities of a query side and a row, and the bound of their
        alignment's score (100 when nothing is to be skipped: `least` <= 0)."""
        columns = pair_similarities(side, listed, table, person, memos[number], form_like)
        if least <= 0:
            return columns, 100.0
        floor = floors.get((number, person))
        if floor is None:
            floor = floors[number, person] = query_unpaired_floors(side, person)
        return columns, score_bound(side, listed, person, columns, floor)

    def _credit_typing_slips(self, query: _Query, rows, listed_sides, best) -> None:
        """Lift an entry whose name is the party's name typed with a slip or two, counted
        over the whole name (see `typing_slips`), above what word alignment gave it."""
        typed = "".join(query.letters).encode("ascii")
        for row, listed in zip(rows, listed_sides, strict=True):
            if listed.transliterated:
                continue
            name_id = self._row_name[row]
            if OSA.distance(typed, self._spellings[name_id], score_cutoff=MOST_SLIPS) > MOST_SLIPS:
                continue  # most rows: one C call, without splitting the name into words
            slips = slips_between(query.letters, name_letters(self._names[name_id]))
            if slips is None:
                continue
            entry = self._row_entry[row]
            # the same letters spaced otherwise ("GOOD WILL" / "GOODWILL") are no slip
            score = slip_score(slips) if slips else JOINED_SCORE
            if score <= best[entry][0]:
                continue
            person = bool(self._entry_person[entry])
            alignment = align(query.sides[0], listed, person, self._max_idf)
            alignment.score, alignment.capped = score, ""
            if slips:
                alignment.slips = slips
            else:
                alignment.joined = True
            best[entry] = (score, row, 0, alignment)

    @staticmethod
    def _similarity_table(query: _Query, listed_sides: list[Side]):
        query_words = {
            latin: folded
            for side in query.sides
            for latin, folded in zip(side.latin, side.skeletons, strict=True)
        }
        listed_words = {
            latin: folded
            for side in listed_sides
            for latin, folded in zip(side.latin, side.skeletons, strict=True)
        }
        transliterated = query.sides[0].transliterated
        return similarity_table(query_words, listed_words, transliterated)

    def _match(self, query, entry, row, number, alignment, score, evidence):
        name_id = self._row_name[row]
        is_alias = bool(self._name_is_alias[name_id])
        for_, against = explain(
            query.normalised,
            query.renderings[number],
            self._names[name_id],
            self._row_side(row),
            alignment,
            person=bool(self._entry_person[entry]),
            is_alias=is_alias,
        )
        for reason, speaks_against in evidence:
            (against if speaks_against else for_).append(reason)
        return NameMatch(
            self._entry_keys[entry],
            self._names[name_id],
            round(score, 1),
            is_alias,
            tuple(for_ + against),
            tuple(against),
        )

    def _ranks_above(self, alignment: Alignment, row: int, held) -> bool:
        """Whether a new alignment beats the one kept for an entry: a higher score; on a
        tie, more words spelt the same (the reading the reasons should quote), then the
        primary name over an alias."""
        held_score, held_row, _, held_alignment = held
        if alignment.score != held_score:
            return alignment.score > held_score
        same, held_same = _spelt_same(alignment), _spelt_same(held_alignment)
        if same != held_same:
            return same > held_same
        is_alias = self._name_is_alias[self._row_name[row]]
        held_alias = self._name_is_alias[self._row_name[held_row]]
        return bool(held_alias and not is_alias)

    def _prepare(self, name: str) -> _Query | None:
        normalised, readings = renderings(name, fuzzy_forms=True)
        if not readings:
            return None
        respaced = self._respaced(readings[0]) if readings[0].script in (LATIN, CYRILLIC) else []
        first_respaced = len(readings)
        readings = readings + respaced
        matches: dict[str, dict[int, float]] = {}
        sides = []
        for reading in readings:
            weights = []
            for word, latin in zip(reading.words, reading.latin, strict=True):
                if word not in matches:
                    matches[word] = self._words_for(word, latin, reading.script)
                weight = self._query_word_weight(word, matches[word])
                # an initial stands for a word it cannot find: it weighs little
                weights.append(weight * INITIAL_WEIGHT if len(latin) == 1 else weight)
            sides.append(
                Side(
                    reading.words,
                    reading.latin,
                    tuple(weights),
                    reading.droppable,
                    reading.transliterated,
                    reading.script,
                )
            )
        # the least demanding reading decides which rows are worth scoring
        total = min(sum(side.weights) for side in sides)
        letters = () if sides[0].transliterated else name_letters(name)
        return _Query(normalised, readings, sides, matches, total, letters,
                      frozenset(range(first_respaced, len(readings))))

    def _words_for(self, word: str, latin: str, script: str) -> dict[int, float]:
        """The vocabulary words a query word (skeleton, Latin spelling, script) may stand
        for, with their similarity. The index does not change once built, so the answer is
        kept: parties repeat words ("TRADING", "LLC", common given names and surnames) and
        looking them up (deletions, phonetic keys, verification) is a good share of a
        search. The dicts kept are shared between searches and never changed."""
        key = (word, latin, script)
        found = self._query_words.get(key)
        if found is not None:
            return found
        if script == ARABIC:
            found = self._sounding_alike(word)
        else:
            found = self._matching_words(word)
            if script == CYRILLIC and len(latin) >= 4:
                english = english_key(latin)
                if consonants(english) >= 3:
                    for word_id in self._sounding_alike("e:" + english):
                        found.setdefault(word_id, PHONETIC_MATCH)
            elif script == LATIN:
                self._add_equivalents(latin, found)
        if len(self._query_words) >= _MOST_KEPT_QUERY_WORDS:
            self._query_words = {}  # simpler than LRU, and rare: a fresh start costs little
        self._query_words[key] = found
        return found

    def __getstate__(self) -> dict:
        # what searches kept is not part of the index: not stored with it
        return {**vars(self), "_query_words": {}}

    def _respaced(self, reading: Rendering) -> list[Rendering]:
        """The reading with two words joined, or one split in two, where the lists know
        the result ("GOOD WILL" / "GOODWILL", "SIEMENSAG" / "SIEMENS AG"). Looked up on
        skeletons, a dictionary lookup per letter of the unknown words."""
        words, vocabulary = reading.words, self._vocabulary
        found = []
        for position in range(len(words) - 1):
            joined = words[position] + words[position + 1]
            if joined in vocabulary:
                found.append((position, 2, (joined,)))
        for position, word in enumerate(words):
            if len(word) < 2 * _MIN_SPLIT_PART or word in vocabulary:
                continue
            for cut in range(_MIN_SPLIT_PART, len(word) - 1):
                head, tail = word[:cut], word[cut:]
                if head not in vocabulary:
                    continue
                if len(tail) >= 2 and tail in FORM_SKELETONS:
                    found.append((position, 1, (head,)))  # "siemensag": a legal form
                    break
                if len(tail) >= _MIN_SPLIT_PART and tail in vocabulary:
                    found.append((position, 1, (head, tail)))
                    break
        result = []
        for position, size, new in found[:_MAX_RESPACED]:
            result.append(Rendering(
                _spliced(reading.latin, position, size, new),
                _spliced(words, position, size, new),
                _spliced(reading.droppable, position, size, (False,) * len(new)),
                reading.transliterated,
                reading.script,
            ))
        return result

    def _matching_words(self, word: str) -> dict[int, float]:
        """Vocabulary words that `word` may be a spelling of, with their similarity."""
        found: dict[int, float] = {}
        exact = self._vocabulary.get(word)
        if exact is not None:
            found[exact] = 100.0
        candidates: set[int] = set()
        if len(word) >= _MIN_FUZZY_WORD:
            for key in _deletion_keys(word):
                candidates.update(self._deletions.get(key))
        elif len(word) == _MIN_FUZZY_WORD - 1:
            # a longer word with a letter dropped ("aba" / "abas"): one cheap lookup
            candidates.update(self._deletions.get(word))
        for key in (jellyfish.metaphone(word), _letter_bag(word)):
            bucket = self._phonetic.get(key)
            if len(bucket) <= _MAX_PHONETIC_BUCKET:
                candidates.update(bucket)
        candidates.discard(exact)
        # loose: the skeleton of a misspelt word may fold further from the listed one
        # than the spelling does ("seaph"/"sepah"); scoring decides on both spellings
        found.update(self._verified(word, candidates, loose=True))
        if not any(value >= 80.0 for value in found.values()):
            found.update(self._two_slips_off(word, found))
        return found

    def _sounding_alike(self, key: str) -> dict[int, float]:
        """Vocabulary words whose consonants are `key` (a word read from Arabic script, or
        an English word written in Cyrillic)."""
        if len(key.lstrip("_")) < _MIN_CONSONANT_KEY:
            return {}
        bucket = self._consonants.get(key)
        if len(bucket) > _MAX_CONSONANT_BUCKET:
            return {}
        return dict.fromkeys(bucket, PHONETIC_MATCH)

    def _add_equivalents(self, latin: str, found: dict[int, float]) -> None:
        """Given names that are the same name (nickname, another language's form)."""
        for other in given_name_equivalents().get(latin, ()):
            word_id = self._vocabulary.get(skeleton(other))
            if word_id is not None:
                found.setdefault(word_id, GIVEN_NAME_VARIANT)
        if latin in given_name_equivalents():
            return
        # Arabic names spelt with other vowels ("Mohammed" / "Muhammad")
        key = consonant_key(latin)
        if len(key.lstrip("_")) >= 3:
            bucket = self._consonants.get(key)
            if len(bucket) <= _MAX_PHONETIC_BUCKET:
                for word_id in bucket:
                    found.setdefault(word_id, GIVEN_NAME_VARIANT)

    def _two_slips_off(self, word: str, found: dict[int, float]) -> dict[int, float]:
        """Vocabulary words about two slips from `word`, looked for when nothing closer is
        known: "Rastrojws" / "Rastrojos" (two deletions of the query against the index's
        one), "sidk" / "sidar" (two on both sides, for words of 5-7 letters) and
        "belnetekim" / "belneftekhim" (long words sharing enough trigrams)."""
        wider: set[int] = set()
        if len(word) >= _MIN_FUZZY_WORD:
            keys = _deletion_keys_2(word)
            for key in keys:
                wider.update(self._deletions_2.get(key))
            if len(word) >= _MIN_WIDE_WORD:
                for key in keys:
                    wider.update(self._deletions.get(key))
        if len(word) >= _MIN_WIDE_WORD - 1:
            wider.update(self._sharing_trigrams(word))
        wider.difference_update(found)
        return self._verified(word, wider, loose=True)

    def _sharing_trigrams(self, word: str) -> set[int]:
        """Long vocabulary words sharing all but the trigrams two slips could break."""
        postings = [self._trigrams.get(key) for key in _trigrams(word)]
        postings = [ids for ids in postings if len(ids) <= _MAX_TRIGRAM_POSTINGS]
        needed = max(2, len(postings) - 3 * _WIDE_SLIPS)
        if len(postings) < needed:
            return set()
        counts = Counter(chain.from_iterable(postings))
        return {word_id for word_id, count in counts.items() if count >= needed}

    def _verified(self, word: str, candidates: set[int], *, loose: bool) -> dict[int, float]:
        """The candidate vocabulary words really within reach of `word`; rapidfuzz sorts out
        the far ones in C, so only near ones are scored in Python."""
        if not candidates:
            return {}
        ids = list(candidates)
        words = [self._words[word_id] for word_id in ids]
        reach = allowed_slips(len(word), len(word) + 1) + (1 if loose else 0)
        found = {}
        for other, _, position in process.extract(
            word, words, scorer=OSA.distance, score_cutoff=reach, limit=None
        ):
            similarity = skeleton_similarity(word, other, loose=loose)
            if similarity:
                found[ids[position]] = similarity
        return found

    def _query_word_weight(self, word: str, matches: dict[int, float]) -> float:
        exact = self._vocabulary.get(word)
        if exact is not None:
            return self._idf[exact]
        if matches:
            closest = max(matches, key=matches.__getitem__)
            return self._idf[closest]
        # Unknown to every list: as rare as a word can be, unless it is too short to say
        # much (an unseen "fl" or "ans" is a slip in "al" or "and" more often than a name).
        return self._max_idf * min(1.0, len(word) / _TELLING_LENGTH)

    def _candidate_rows(self, query: _Query, threshold: float) -> list[int]:
        """Rows worth scoring: those sharing enough (IDF-weighted) words with the query."""
        groups = {}
        for side in query.sides:
            for word, weight in zip(side.skeletons, side.weights, strict=True):
                if word in groups:
                    continue
                matches = query.matches[word]
                size = sum(len(self._postings[word_id]) for word_id in matches)
                if size:
                    groups[word] = (size, weight, matches)
        votes: dict[int, float] = {}
        spent = 0
        common = []
        for size, weight, matches in sorted(groups.values(), key=lambda group: group[0]):
            if spent + size <= POSTINGS_BUDGET:
                spent += size
                for word_id, similarity in matches.items():
                    _add_votes(votes, self._postings[word_id], weight * similarity / 100.0)
            else:
                common.append((weight, matches))
        self._vote_joined(query, votes)
        if not votes and len(common) > 1:
            votes = self._common_words_only(common)
            common = []
        if len(votes) > MAX_SCORED_ROWS and common:
            # Too many rows share the rarer words: let the common words tell them apart
            # (words in a good share of all names, like "and", tell nothing apart).
            most = max(POSTINGS_BUDGET, _MAX_TELLING_SHARE * len(self._row_entry))
            telling = [group for group in common if self._size(group[1]) <= most]
            voted = set(votes) if telling else set()
            for weight, matches in telling:
                for row in self._voted_rows_with(voted, matches):
                    votes[row] += weight
            common = [group for group in common if group not in telling]

        needed = _share_needed(threshold) * query.total_weight
        needed -= sum(weight for weight, _ in common)
        rows = [row for row, vote in votes.items() if vote >= needed]
        if len(rows) > MAX_SCORED_ROWS:
            # Among rows sharing the same words, the ones with fewer other words score
            # higher ("MOHAMMAD, Ali" before "MOHAMMAD, Ali Hassan Reza Khan").
            start, words = self._row_start, max(len(side.skeletons) for side in query.sides)
            penalty = _EXTRA_WORD_VOTE * query.total_weight

            def rank(row: int) -> float:
                extra = start[row + 1] - start[row] - words
                return votes[row] - penalty * extra if extra > 0 else votes[row]

            if len(rows) > 4 * MAX_SCORED_ROWS:  # narrow down on votes alone first (in C)
                rows = _largest(4 * MAX_SCORED_ROWS, rows, votes.__getitem__)
            rows = _largest(MAX_SCORED_ROWS, rows, rank)
        rows += self._rows_named_exactly(query)
        rows += self._rows_by_initials(query)
        rows += self._rows_without_middle_names(query)
        rows += self._rows_sounding_alike(query)
        if query.letters:
            rows += self._rows_within_slips(query, votes, common)
        return list(dict.fromkeys(rows))

    def _rows_within_slips(self, query: _Query, votes: dict[int, float], common) -> list[int]:
        """Rows whose name is the query typed with a slip or two (`typing_slips`) that the
        word votes left out: a slip that breaks a word also costs its vote, and a slipped
        legal form ("COPMANY") weighs as much as an unknown name word.

        Only rows of about the query's length can be within slips. The best-voted of them
        are checked first. If none is within slips, or a query word is unknown to the
        lists (likely a slip), so are the other rows of the query's words and their near
        spellings, common words included ("AHMAD, asum" is "AHMAD, Rasem"), rarest first,
        up to _SLIP_ROWS. Each check is one rapidfuzz call over the rows' spellings; rows
        found bring the rows of the same name in other lists.
        """
        typed = "".join(query.letters).encode("ascii")
        of_near_length = partial(_rows_of_length, self._row_letters, _lengths_near(len(typed)))
        pool = of_near_length(list(votes))
        if len(pool) > _SLIP_POOL:
            pool = _largest(_SLIP_POOL, pool, votes.__getitem__)
        found = self._rows_spelt_within_slips(typed, pool)
        known = all(100.0 in query.matches[word].values() for word in query.sides[0].skeletons)
        if not found or not known:
            groups = [matches for _, matches in common]
            groups += [query.matches[word] for word in query.sides[0].skeletons]
            postings = sorted(
                (self._postings[word_id] for matches in groups for word_id in matches), key=len
            )
            # An ordered set of the rows checked, the pool first. Postings are gathered into
            # batches so that the many short ones cost one filtering call between them.
            checked = dict.fromkeys(pool)
            batch: list[int] = []
            for rows in postings:
                batch.extend(rows[:_SLIP_ROWS])
                if len(batch) >= _SLIP_BATCH:
                    checked.update(dict.fromkeys(of_near_length(batch)))
                    batch = []
                    if len(checked) >= _SLIP_ROWS:
                        break
            checked.update(dict.fromkeys(of_near_length(batch)))
            wider = list(checked)[len(pool) :]
            found += self._rows_spelt_within_slips(typed, wider)
        return found + [row for found_row in found for row in self._rows_named_as(found_row)]

    def _rows_spelt_within_slips(self, typed: bytes, rows: list[int]) -> list[int]:
        spellings = list(map(self._spellings.__getitem__, map(self._row_name.__getitem__, rows)))
        within = process.extract(
            typed, spellings, scorer=OSA.distance, score_cutoff=MOST_SLIPS, limit=None
        )
        return [rows[position] for _, _, position in within]

    def _rows_named_as(self, row: int) -> list[int]:
        """Rows with the same words as `row`, in any order (the same name in other lists)."""
        start, end = self._row_start[row], self._row_start[row + 1]
        return self._rows_with_key(
            _name_key(tuple(self._words[word_id] for word_id in self._row_words[start:end]))
        )

    def _vote_joined(self, query: _Query, votes: dict[int, float]) -> None:
        """Votes for names written with a particle joined or apart ("AL ZAWAHIRI")."""
        for side in query.sides:
            for word, weight in zip(side.skeletons, side.weights, strict=True):
                for row in self._joined.get(word, ()):
                    votes[row] = votes.get(row, 0.0) + weight
            for position in range(len(side.latin) - 1):
                if side.latin[position] in NAME_PARTICLES:
                    joined = side.skeletons[position] + side.skeletons[position + 1]
                    word_id = self._vocabulary.get(joined)
                    if word_id is not None and len(self._postings[word_id]) <= POSTINGS_BUDGET:
                        weight = side.weights[position] + side.weights[position + 1]
                        for row in self._postings[word_id]:
                            votes[row] = votes.get(row, 0.0) + weight

    def _rows_by_initials(self, query: _Query) -> list[int]:
        """Persons whose surname is the query's one full word and whose other names start
        with the query's initials ("K. A. HIJAZI" / "HIJAZI, Khalil Ahmad"): a common
        surname gives too many rows for the word votes to reach the right one."""
        side = query.sides[0]
        if side.script != LATIN or not any(len(word) == 1 for word in side.latin):
            return []
        key = query_initials_key(side.latin, side.skeletons)
        if key is None:
            return []
        return list(self._initials.get(key)[:_MAX_INITIALS_ROWS])

    def _rows_without_middle_names(self, query: _Query) -> list[int]:
        """Persons whose name without its middle names is the query's name ("JONG, Song"
        for "JONG, Song Hwa"): two common words alone do not outvote other rows. Names
        read from Chinese or Korean are left out: their syllables are no middle names."""
        keys = {"m:" + " ".join(sorted(side.skeletons)) for side in query.sides
                if side.script in (LATIN, CYRILLIC) and len(side.skeletons) >= 2}  # fmt: skip
        return [row for key in keys for row in self._whole_names.get(key)[:_MAX_KEYED_ROWS]]

    def _rows_sounding_alike(self, query: _Query) -> list[int]:
        """Organisations whose whole name sounds like the query written in Cyrillic the
        English way ("Иран Ейр" / "IRAN AIR"): short words find no candidates by their
        consonants alone, and a common word outvotes them."""
        keys: set[str] = set()
        for number, side in enumerate(query.sides):
            if side.script == ARABIC:
                keys.add("a:" + " ".join(sorted(side.latin)))
                if side.latin[:1] == ("_l",):  # "الشيخ علي": an article kept or dropped
                    keys.add("a:" + " ".join(sorted(side.latin[1:])))
            if side.script != CYRILLIC or number in query.respaced:
                continue
            latin = side.latin
            keys.add(english_name_key(latin))
            while len(latin) > 1 and english_key(latin[-1]) in FORM_SOUNDS:
                latin = latin[:-1]  # "... Плс", "... Фзе": a legal form by its sound
                keys.add(english_name_key(latin))
        return [row for key in keys for row in self._whole_names.get(key)[:_MAX_KEYED_ROWS]]

    def _rows_named_exactly(self, query: _Query) -> list[int]:
        """Rows whose words are exactly the query's, in any order (always scored)."""
        keys = [_name_key(side.skeletons) for side in query.sides]
        return [row for key in keys for row in self._rows_with_key(key)]

    def _rows_with_key(self, key: int) -> list[int]:
        rows = []
        position = bisect_left(self._name_keys, key)
        while position < len(self._name_keys) and self._name_keys[position] == key:
            rows.append(self._name_key_rows[position])
            position += 1
        return rows

    def _size(self, matches: dict[int, float]) -> int:
        return sum(len(self._postings[word_id]) for word_id in matches)

    def _common_words_only(self, common) -> dict[int, float]:
        """Rows for a query made only of common words: intersect, don't walk."""
        common = sorted(common, key=lambda group: self._size(group[1]))
        (first_weight, first), (second_weight, second) = common[0], common[1]
        rows = self._rows_with(first) & self._rows_with(second)
        votes = dict.fromkeys(rows, first_weight + second_weight)
        voted = set(votes)
        for weight, matches in common[2:]:
            for row in self._voted_rows_with(voted, matches):
                votes[row] += weight
        return votes

    def _voted_rows_with(self, voted: set[int], matches: dict[int, float]) -> set[int]:
        """The rows of `voted` that hold one of the words of `matches`. At a million names
        a common word is in tens of thousands of rows and a search has voted for a few
        thousand: each posting is filtered through the voted rows in C, without building
        the set of all of them (`_rows_with`)."""
        rows: set[int] = set()
        for word_id in matches:
            rows.update(voted.intersection(self._postings[word_id]))
        return rows

    def _rows_with(self, matches: dict[int, float]) -> set[int]:
        rows: set[int] = set()
        for word_id in matches:
            rows.update(self._postings[word_id])
        return rows

    def _row_side(self, row: int) -> Side:
        start, end = self._row_start[row], self._row_start[row + 1]
        ids = self._row_words[start:end]
        words, idf, latin_words = self._words, self._idf, self._latin_words
        return Side(
            tuple([words[word_id] for word_id in ids]),
            tuple([latin_words[latin_id] for latin_id in self._row_latin[start:end]]),
            tuple([idf[word_id] for word_id in ids]),
            tuple(map(bool, self._row_droppable[start:end])),
            bool(self._row_script[row]),
            SCRIPT_NAMES[self._row_script[row]],
        )

    # size --------------------------------------------------------------------------------

    def memory_bytes(self) -> int:
        """An estimate of the memory the index holds (containers and what they contain,
        each object counted once)."""
        seen: set[int] = set()
        return sum(_deep_size(value, seen) for value in vars(self).values())


_NEAR_END = 16


class _KeyedIds:
    """A read-only multimap from string keys to vocabulary ids, in two sorted arrays.

    Keys are kept as crc32 hashes: a million words' deletion keys take ~20 MB instead of
    ~250 MB as a dict of strings. A hash collision only adds a candidate word, which the
    verification that follows every lookup throws out.
    """

    def __init__(self, pairs: Iterable[tuple[str, int]] = ()):
        packed = sorted({(crc32(key.encode()) << 32) | word_id for key, word_id in pairs})
        self._hashes = array("I", (value >> 32 for value in packed))
        self._ids = array("I", (value & 0xFFFFFFFF for value in packed))

    def get(self, key: str) -> array:
        hashed = crc32(key.encode())
        hashes = self._hashes
        low = bisect_left(hashes, hashed)
        # Most keys have a few ids: look for the end among the next few entries first
        # (each step of a bisection over millions of entries costs as much as a lookup).
        high = bisect_right(hashes, hashed, low, min(len(hashes), low + _NEAR_END))
        if high == low + _NEAR_END and hashes[high - 1] == hashed:
            high = bisect_right(hashes, hashed, high)
        return self._ids[low:high]

    def memory_bytes(self) -> int:
        return sys.getsizeof(self._hashes) + sys.getsizeof(self._ids)


def _spliced(values: tuple, position: int, size: int, new: tuple) -> tuple:
    return values[:position] + new + values[position + size :]


def _add_votes(votes: dict[int, float], rows, credit: float) -> None:
    """votes[row] += credit for every row, with the bulk of the work done in C (dict and
    set operations); Python only loops over rows that already had a vote."""
    fresh = dict.fromkeys(rows, credit)
    for row in votes.keys() & fresh.keys():
        fresh[row] += votes[row]
    votes.update(fresh)


# What an entry whose rows were all skipped holds: only its score (the bound) is ever read
# before it drops out, and `_ranks_above` finds no words spelt the same. Never changed.
_SKIPPED = Alignment(0.0, [], [], [])


def _largest(count: int, rows: list[int], key) -> list[int]:
    """`heapq.nlargest(count, rows, key=key)`, which is documented to equal this: ties
    keep their order. For a few thousand rows one sort in C beats nlargest's Python loop."""
    return sorted(rows, key=key, reverse=True)[:count]


def _spelt_same(alignment: Alignment) -> int:
    return sum(1 for *_, similarity in alignment.pairs if similarity >= 100.0)


@lru_cache(maxsize=64)
def _lengths_near(letters: int) -> bytes:
    """A translation table marking the letter counts within MOST_SLIPS of `letters`."""
    return bytes(abs(count - letters) <= MOST_SLIPS for count in range(256))


def _rows_of_length(lengths: bytearray, marked: bytes, rows: list[int]) -> list[int]:
    """The rows whose letter count `marked` marks. Filtered in C (itemgetter, translate,
    compress): at 1,000,000 names a search filters thousands of voted rows."""
    if len(rows) < 256:  # setting up the C calls costs more than a short loop
        return [row for row in rows if marked[lengths[row]]]
    mask = bytes(itemgetter(*rows)(lengths)).translate(marked)
    return list(compress(rows, mask))


def _deep_size(value, seen: set[int] | None = None) -> int:
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    if isinstance(value, _KeyedIds):
        return value.memory_bytes()
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        for key, item in value.items():
            size += _deep_size(key, seen) + _deep_size(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            size += _deep_size(item, seen)
    return size


def _name_key(skeletons: tuple[str, ...]) -> int:
    # crc32 is stable across processes (str hashes are salted and would not survive
    # pickling); a collision only adds a candidate, which scoring then rejects.
    return crc32(" ".join(sorted(skeletons)).encode())


def initials_keys(reading: Rendering) -> set[str]:
    """Keys "surname:initials" of a listed person's reading, one per word that may be the
    surname, with the initials of the other words in order: particles left out, kept, or
    all but the article ("abd al rahman" is "A. R." as often as "A. A. R.")."""
    latin, skeletons = reading.latin, reading.words
    if len(latin) < 2 or len(latin) > 8:
        return set()
    keys = set()
    for position, (surname, folded) in enumerate(zip(latin, skeletons, strict=True)):
        if len(surname) < 2 or surname in NAME_PARTICLES:
            continue
        others = [word for index, word in enumerate(latin) if index != position]
        for kept in (
            [word for word in others if word not in NAME_PARTICLES],
            others,
            [word for word in others if word not in _ARTICLES],
        ):
            letters = "".join(word[0] for word in kept if not word.isdigit())
            if letters:
                keys.add(f"{folded}:{letters}")
    return keys


_ARTICLES = frozenset({"al", "el"})


def english_name_key(latin: tuple[str, ...]) -> str:
    """A name as the consonants of its words' English sound, sorted (`scripts.english_key`
    of `english_reading`), the key by which a name written as it sounds is found."""
    return " ".join(sorted(english_key(english_reading(word)) for word in latin))


def arabic_name_key(latin: tuple[str, ...]) -> str:
    """A Latin name as the consonants its Arabic-script spelling writes, word by word,
    sorted (`scripts.consonant_key`): "ALI, Husayn" and "علي حسين" are "_l hsn"."""
    return " ".join(sorted(consonant_key(word) for word in latin))


def english_name_keys(latin: tuple[str, ...]) -> set[str]:
    """The name's key as English says it, and as spelt (the two differ for "c", "g")."""
    return {english_name_key(latin), " ".join(sorted(english_key(word) for word in latin))}


def query_initials_key(latin: tuple[str, ...], skeletons: tuple[str, ...]) -> str | None:
    """The "surname:initials" key of a searched name made of initials and one name word
    ("J.-C. DUPONT" is "dupont:jc"), or None."""
    full = [folded for word, folded in zip(latin, skeletons, strict=True)
            if len(word) > 1 and word not in NAME_PARTICLES]  # fmt: skip
    letters = "".join(word for word in latin if len(word) == 1 and word.isalpha())
    if len(full) != 1 or not letters:
        return None
    return f"{full[0]}:{letters}"


def _deletion_keys_2(word: str) -> set[str]:
    keys = set()
    for first in _deletion_keys(word):
        keys.update(_deletion_keys(first))
    return keys


def _trigrams(word: str) -> set[str]:
    return {word[position : position + 3] for position in range(len(word) - 2)}


def _letter_bag(word: str) -> str:
    return "#" + "".join(sorted(word))


def _deletion_keys(word: str) -> set[str]:
    keys = {word}
    for position in range(len(word)):
        keys.add(word[:position] + word[position + 1 :])
    return keys


def _share_needed(threshold: float) -> float:
    """Least share of the query's word weight a row must match to possibly reach
    `threshold`, if every unmatched query word were a droppable middle name."""
    score = max(0.0, min(threshold, 100.0)) / 100.0
    cost = EXTRA_QUERY_WORD_WEIGHT * DROPPED_WORD_WEIGHT
    return 0.9 * score * cost / (2.0 - 2.0 * score + score * cost)


def _is_person(item: IndexedName) -> bool:
    if item.entity_type == "individual":
        return True
    if item.entity_type not in ("", "unknown"):
        return False
    # Untyped entries (part of the CSL): the lists write persons "SURNAME, Given", short and
    # without company words anywhere in the name.
    words = raw_words(item.name)
    return (
        "," in item.name
        and len(words) <= 6
        and not any((word,) in LEGAL_FORMS for word in words)
        and not any(char.isdigit() for char in item.name)
    )
