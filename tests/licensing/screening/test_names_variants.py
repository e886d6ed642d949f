"""Variants that are no spelling difference: spacing, articles, punctuation, initials,
acronyms, numbers, given-name equivalents."""

import pytest

from licensing.screening.names import PRODUCTION_THRESHOLD, IndexedName, NameIndex
from licensing.screening.names.normalise import name_tokens
from licensing.screening.names.variants import (
    are_given_name_equivalents,
    is_own_acronym,
    numbers_as_digits,
)

LISTED = [
    IndexedName("goodwill", "GOODWILL INDUSTRIES", False, ("AE",), "entity"),
    IndexedName("siemens", "SIEMENS AG", False, ("DE",), "entity"),
    IndexedName("irgc", "ISLAMIC REVOLUTIONARY GUARD CORPS", False, ("IR",), "entity"),
    IndexedName("almaz", "ALMAZ-ANTEY", False, ("RU",), "entity"),
    IndexedName("forty", "FORTY FOUR TRADING LLC", False, ("AE",), "entity"),
    IndexedName("first", "1ST OF OCTOBER GROUP", False, ("ES",), "entity"),
    IndexedName("smith", "SMITH, William Henry", False, ("US",), "individual"),
    IndexedName("dupont", "DUPONT, Jean-Claude", False, ("FR",), "individual"),
    IndexedName("ivanov", "IVANOV, Aleksandr", False, ("RU",), "individual"),
    IndexedName("bob", "BOB MARINE SERVICES", False, ("NG",), "entity"),
]


@pytest.fixture(scope="module")
def index():
    return NameIndex(LISTED)


def best(index, name):
    matches = index.search(name, threshold=0)
    return matches[0] if matches else None


@pytest.mark.parametrize("words, expected", [
    (["forty", "four", "trading"], ["44", "trading"]),
    (["1st", "of", "october"], ["1", "of", "october"]),
    (["first", "of", "october"], ["1", "of", "october"]),
    (["seventh", "fleet"], ["7", "fleet"]),
    (["twenty"], ["20"]),
])
def test_numbers_are_digits_however_written(words, expected):
    assert numbers_as_digits(words) == expected


def test_a_leading_article_is_no_part_of_the_name():
    assert name_tokens("The Goodwill Industries") == ["goodwill", "industries"]
    assert name_tokens("The") == ["the"]


@pytest.mark.parametrize("name, expected", [
    ("Good Will Industries", "goodwill"),      # split
    ("The Goodwill Industries", "goodwill"),   # article
    ("SiemensAG", "siemens"),                  # joined to its legal form
    ("Forty-Four Trading", "forty"),           # number as words
    ("44 Trading L.L.C.", "forty"),
    ("First of October Group", "first"),      # ordinal as a word
    ("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)", "irgc"),  # its own acronym added
    ("Concern Almaz-Antey", "almaz"),          # a designator added
    ("АО Концерн Алмаз-Антей", "almaz"),       # legal form and designator in front
])
def test_a_name_written_another_way_matches(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD


@pytest.mark.parametrize("name, expected", [
    ("W. H. Smith", "smith"), ("J.-C. Dupont", "dupont"), ("DUPONT, J.", "dupont"),
])
def test_initials_match_the_given_names_they_stand_for(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD


def test_an_initial_is_weaker_evidence_than_the_name():
    index = NameIndex(LISTED)
    assert best(index, "W. Smith").score < best(index, "William Smith").score


def test_an_initial_of_another_name_does_not_match(index):
    match = best(index, "P. Dupont")
    assert match is None or match.score < PRODUCTION_THRESHOLD


@pytest.mark.parametrize("a, b", [("bill", "william"), ("bob", "robert"),
                                  ("john", "ivan"), ("giuseppe", "joseph")])
def test_given_name_equivalents_come_from_the_managed_table(a, b):
    assert are_given_name_equivalents(a, b) and are_given_name_equivalents(b, a)


@pytest.mark.parametrize("name, expected", [("Bill Smith", "smith"),
                                            ("Alex Ivanov", "ivanov")])
def test_a_nickname_matches_the_listed_given_name(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD


def test_a_nickname_does_not_make_a_company_word_a_name(index):
    # "Bob" is a nickname of Robert only in a person's name
    match = best(index, "Robert Marine Services")
    assert match is None or match.score < PRODUCTION_THRESHOLD


def test_an_acronym_counts_only_if_it_is_the_names_own():
    words = ("islamic", "revolutionary", "guard", "corps", "irgc")
    assert is_own_acronym("irgc", words)
    assert not is_own_acronym("abc", words)


@pytest.mark.parametrize("name", ["GOOD WILL", "SIEMENSAG"])
def test_short_names_joined_or_split_match_as_different_spacing(name):
    # too short for the letter-by-letter comparison: the words are re-spaced instead
    index = NameIndex([IndexedName("gw", "GOODWILL", False, (), "entity"),
                       IndexedName("si", "SIEMENS AG", False, (), "entity")])
    [match] = index.search(name)
    assert match.score == 97.0
    assert "same name written with different spacing" in match.reasons


def test_words_split_in_cyrillic_are_joined_as_listed():
    index = NameIndex([IndexedName("an", "ALMAZANTEY", False, ("RU",), "entity")])
    [match] = index.search("Алмаз Антей")
    assert match.entry_key == "an" and match.score >= PRODUCTION_THRESHOLD
