"""The search's shortcuts change no result: rows skipped by the score bound, word
similarities kept per search, query words kept between searches (no database)."""

import pickle

import pytest

from licensing.screening.names import PRODUCTION_THRESHOLD, IndexedName, NameIndex
from licensing.screening.names import index as index_module
from licensing.screening.names.scoring import (
    align,
    pair_similarities,
    query_unpaired_floors,
    score_bound,
)

from .test_names_matching import LISTED

# Persons and organisations with common words, so that many rows share a word with the
# party and most of them score far below the threshold.
EXTRA = [
    IndexedName("ali-hassan", "ALI HASSAN, Mohammad Reza", False, ("IR",), "individual",
                ("1961-04-02",)),  # fmt: skip
    IndexedName("abd-karim", "ABD AL-KARIM, Hassan", False, ("SY",), "individual"),
    IndexedName("musa", "MUSA, Ali", False, ("SY",), "individual"),
    IndexedName("asia-sea", "ASIA SEA TRADING LLC", False, ("AE",), "entity"),
    IndexedName("gulf-trading", "GULF STAR TRADING COMPANY", False, ("AE",), "entity"),
    IndexedName("the-trading", "THE TRADING HOUSE OF PETROLEUM", False, ("IR",), "entity"),
    IndexedName("goodwill", "GOODWILL SHIPPING LTD", False, ("PA",), "entity"),
    IndexedName("korea-mining", "KOREA MINING DEVELOPMENT TRADING CORPORATION", False,
                ("KP",), "entity"),  # fmt: skip
    IndexedName("petrov", "ПЕТРОВ Иван Сергеевич", False, ("RU",), "individual"),
]

PARTIES = [
    "Banco Nacional de Chile",
    "BANCO NACIONAL DE CUBA",
    "Asia Trading Co LLC",
    "Gulf Star Trading Co.",
    "Trading House of Petroleum",
    "Good Will Shipping Limited",
    "Корея Майнинг Девелопмент Трейдинг Корпорейшн",
    "Mohammad Reza Ali Hassan",
    "M. R. ALI HASSAN",
    "A. HASSAN",
    "Ali Musa",
    "Ali Moussa",
    "Hassan Abdul Karim",
    "Petrov Ivan",
    "Иван Петров",
    "علي موسى",
    "AHMAD, Ali",
    "AHMAD, Alli",
    "Aleksandr Petrov",
    "SHCHERBAKOV Aleksander",
    "Romashka",
    "K Technologies",
]


@pytest.fixture(scope="module")
def index():
    return NameIndex(LISTED + EXTRA)


def found(matches):
    return [(m.entry_key, m.matched_name, m.score, m.reasons) for m in matches]


@pytest.mark.parametrize("party", PARTIES)
@pytest.mark.parametrize(
    "evidence", [{}, {"country": "SY"}, {"country": "IR", "birth_date": "1961-04-02"}]
)
def test_a_threshold_gives_exactly_the_matches_above_it(index, party, evidence):
    # threshold 0 skips no row: every row is aligned, as without the score bound
    everything = index.search(party, threshold=0, limit=1000, **evidence)
    above = [m for m in everything if m.score >= PRODUCTION_THRESHOLD]
    searched = index.search(party, threshold=PRODUCTION_THRESHOLD, limit=1000, **evidence)
    assert found(searched) == found(above)


@pytest.mark.parametrize("party", PARTIES)
def test_the_score_bound_is_never_below_the_alignment(index, party):
    query = index._prepare(party)
    assert query is not None
    rows = index._candidate_rows(query, 0)
    assert rows
    listed_sides = [index._row_side(row) for row in rows]
    table = index._similarity_table(query, listed_sides)
    for side in query.sides:
        memo: dict = {}
        for row, listed in zip(rows, listed_sides, strict=True):
            person = bool(index._entry_person[index._row_entry[row]])
            columns = pair_similarities(side, listed, table, person, memo)
            bound = score_bound(side, listed, person, columns,
                                query_unpaired_floors(side, person))  # fmt: skip
            score = align(side, listed, person, index._max_idf, table).score
            assert bound >= score - 1e-6, (party, listed.latin, bound, score)
            # and the kept similarities give the same alignment as computing them afresh
            kept = align(side, listed, person, index._max_idf, table, columns)
            assert (kept.score, kept.pairs) == (score, align(
                side, listed, person, index._max_idf, table).pairs)


def test_most_rows_of_a_common_word_are_not_aligned(index, monkeypatch):
    aligned = []

    def counting_align(*args, **kwargs):
        aligned.append(args[1].latin)
        return align(*args, **kwargs)

    monkeypatch.setattr(index_module, "align", counting_align)
    matches = index.search("Trading Company LLC Global")
    assert matches == []
    rows = index._candidate_rows(index._prepare("Trading Company LLC Global"), 0)
    assert len(aligned) < len(rows)


def test_query_words_kept_between_searches_change_no_result(index):
    fresh = NameIndex(LISTED + EXTRA)
    first = {party: found(fresh.search(party, threshold=0)) for party in PARTIES}
    assert fresh._query_words  # words were kept
    # searched again, in another order, after other searches sharing their words
    for party in reversed(PARTIES):
        assert found(fresh.search(party, threshold=0)) == first[party]
        assert found(index.search(party, threshold=0)) == first[party]


def test_kept_query_words_are_bounded_and_not_pickled(monkeypatch):
    monkeypatch.setattr(index_module, "_MOST_KEPT_QUERY_WORDS", 5)
    fresh = NameIndex(LISTED + EXTRA)
    before = {party: found(fresh.search(party)) for party in PARTIES}
    assert 0 < len(fresh._query_words) <= 5
    restored = pickle.loads(pickle.dumps(fresh))  # noqa: S301 - our own bytes
    assert restored._query_words == {}
    assert {party: found(restored.search(party)) for party in PARTIES} == before


def _slipped(word: str, rnd) -> str:
    letters = list(word)
    for _ in range(rnd.randint(0, 3)):
        at = rnd.randrange(len(letters) + 1)
        change = rnd.randint(0, 3)
        if change == 0:
            letters.insert(at, rnd.choice("abcdeiklmnorstuy"))
        elif change == 1 and len(letters) > 1:
            del letters[min(at, len(letters) - 1)]
        elif change == 2 and len(letters) > 1:
            at = min(at, len(letters) - 2)
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        else:
            letters[min(at, len(letters) - 1)] = rnd.choice("abcdeiklmnorstuy")
    return "".join(letters)


def test_forms_compared_in_rapidfuzz_give_the_loop_s_answer():
    """`_close_to_any` (one rapidfuzz call per group of forms) answers as the Python loop
    of `_close` over every form, on the forms themselves and words a few slips off them,
    of every length around 8 where the slips allowed change."""
    import random

    from rapidfuzz.distance import OSA

    from licensing.screening.names import transliterate as t

    rnd = random.Random(16)
    forms = t._LONG_FORMS + t._LONG_FORM_SKELETONS + t._MEDIUM_FORMS
    words = {_slipped(form, rnd) for form in forms for _ in range(60)}
    words |= set(forms) | {"trading", "company", "kompaniya", "tovarystvo", "ahmad", "x"}
    close = 0
    for word in words:
        for plain, split in (
            (t._LONG_FORMS, t._LONG_FORMS_SPLIT),
            (t._LONG_FORM_SKELETONS, t._LONG_FORM_SKELETONS_SPLIT),
        ):
            expected = any(t._close(word, form) for form in plain)
            assert t._close_to_any(word, split) == expected, word
            close += expected
        medium = any(OSA.distance(word, form, score_cutoff=1) <= 1 for form in t._MEDIUM_FORMS)
        assert (
            t.extractOne(word, t._MEDIUM_FORMS, scorer=OSA.distance, score_cutoff=1) is not None
        ) == medium, word
    assert close > len(words) // 4  # the words are near forms, not all far from every one


def test_cached_listed_floors_are_the_floors():
    from licensing.screening.names import scoring

    for word in ("llc", "ltd", "limitd", "trading", "a", "the", "ahmad", "company", "kompanii"):
        for person in (False, True):
            assert scoring._listed_unpaired_floors(word, person) == (
                scoring._listed_unpaired_floor(word, False, person),
                scoring._listed_unpaired_floor(word, True, person),
            )


def test_form_like_words_worked_out_at_build_give_the_same_columns(index):
    from licensing.screening.names.transliterate import is_form_like

    # the set holds exactly the listed words `is_form_like` holds for, and is pickled
    assert index._form_like == {w for w in index._latin_words if is_form_like(w)}
    assert pickle.loads(pickle.dumps(index))._form_like == index._form_like  # noqa: S301
    for party in PARTIES:
        query = index._prepare(party)
        rows = index._candidate_rows(query, 0)
        listed_sides = [index._row_side(row) for row in rows]
        table = index._similarity_table(query, listed_sides)
        for side in query.sides:
            for row, listed in zip(rows, listed_sides, strict=True):
                person = bool(index._entry_person[index._row_entry[row]])
                assert pair_similarities(
                    side, listed, table, person, {}, index._form_like
                ) == pair_similarities(side, listed, table, person), (party, listed.latin)


def _fuzzy_long_form_span_every_phrase(words):
    """`transliterate._fuzzy_long_form_span` as it was: every phrase compared in full."""
    from licensing.screening.names import transliterate as t

    start, end = 0, len(words)
    for phrase, where in t._LONG_PHRASES:
        size = len(phrase)
        if size >= end - start:
            continue
        if where != "trailing" and all(
            t._close(a, b) for a, b in zip(words[start : start + size], phrase, strict=True)
        ):
            start += size
        elif where != "leading" and all(
            t._close(a, b) for a, b in zip(words[end - size : end], phrase, strict=True)
        ):
            end -= size
    return start, end


def test_long_phrases_looked_at_by_their_first_word_give_the_same_span():
    import random

    from licensing.screening.names import transliterate as t

    rnd = random.Random(16)
    phrases = [list(phrase) for phrase, _ in t._LONG_PHRASES]
    names = [("acme", "trading"), ("sepah",), ("bank", "melli", "iran")]
    for phrase in phrases:
        slipped = [_slipped(word, rnd) if rnd.random() < 0.5 else word for word in phrase]
        names += [
            tuple(phrase) + ("romashka",),
            ("romashka",) + tuple(slipped),
            tuple(slipped) + ("alfa", "beta") + tuple(phrase),
            tuple(phrase[:-1]) + ("romashka",),
        ]
    near = 0
    for words in names:
        span = t._fuzzy_long_form_span(words)
        assert span == _fuzzy_long_form_span_every_phrase(words), words
        near += span != (0, len(words))
    assert near > len(names) // 3  # the names do carry phrases


def test_phrase_starts_found_in_rapidfuzz_are_the_loop_s():
    """`_near_phrase_starts` (rapidfuzz within two slips, then `_close`) finds exactly the
    first words the loop of `_close` over all of them finds, on words a few slips off each
    first word and of lengths around 8, where the slips allowed change."""
    import random

    from licensing.screening.names import transliterate as t

    rnd = random.Random(17)
    firsts = t._LONG_PHRASE_FIRST_WORDS
    words = {_slipped(first, rnd) for first in firsts for _ in range(60)}
    words |= set(firsts) | {"", "a", "trading", "obshchestvo", "aktsionernoye", "romashka"}
    near = 0
    for word in words:
        expected = frozenset(first for first in firsts if t._close(word, first))
        assert t._near_phrase_starts.__wrapped__(word) == expected, word
        near += bool(expected)
    assert near > len(words) // 4  # the words are near first words, not all far from them
