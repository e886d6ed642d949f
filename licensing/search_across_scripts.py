"""Search across scripts for the officials' pages (work queue, audit log): what was typed
in Latin finds Cyrillic and the reverse. Names use the matcher's transliteration
(licensing.screening.names.transliterate); countries are found by their English, Serbian
Cyrillic and Serbian Latin names ("Казахстан" finds KZ)."""

from functools import lru_cache

from django.utils import translation
from django_countries import countries

from licensing.screening.names.transliterate import (
    cyrillic_spellings,
    latin_spellings,
    search_key,
)

# Shorter keys would find half the world ("an" is in most country names).
MIN_COUNTRY_KEY = 3


@lru_cache(maxsize=1)
def _country_keys() -> tuple[tuple[str, tuple[str, ...]], ...]:
    keys = {}
    for language in ("en", "sr", "sr-latn"):
        with translation.override(language):
            for code, name in countries:
                keys.setdefault(code, set()).add(search_key(str(name)))
    return tuple((code, tuple(sorted(names))) for code, names in sorted(keys.items()))


def countries_matching(text: str) -> list[str]:
    """The codes of the countries whose name, in any of the three languages and scripts,
    contains what was typed, or whose code it is."""
    text = text.strip()
    key = search_key(text)
    codes = []
    if len(text) == 2 and text.isalpha() and text.upper() in dict(countries):
        codes.append(text.upper())
    if len(key) >= MIN_COUNTRY_KEY:
        codes += [code for code, names in _country_keys() if any(key in n for n in names)]
    return sorted(set(codes))


def spellings_in_other_scripts(word: str) -> set[str]:
    """`word` as it may be written in the other script (for text kept as typed)."""
    return (cyrillic_spellings(word) | latin_spellings(word)) - {word}
