"""Denied-party name matching: normalisation, transliteration, indexing and scoring.

Pure Python (rapidfuzz, jellyfish, Unidecode); no Django. Typical use::

    index = NameIndex(IndexedName(entry_key, name, is_alias, countries, entity_type) ...)
    for match in index.search("ООО «Ромашка»", country="RU"):
        match.entry_key, match.matched_name, match.score, match.reasons
"""

from .index import IndexedName, NameIndex, NameMatch
from .normalise import name_tokens, normalise_name
from .scoring import PRODUCTION_THRESHOLD
from .transliterate import latin_variants

__all__ = [
    "PRODUCTION_THRESHOLD",
    "IndexedName",
    "NameIndex",
    "NameMatch",
    "latin_variants",
    "name_tokens",
    "normalise_name",
]
