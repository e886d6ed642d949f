"""Parsers for the official denied-party list formats, all producing `ListEntry` objects.

Pure functions (no Django, no database): the importer calls `parse_list` and stores the
result only if it returns; a missing, empty, truncated or malformed file raises
`ListFileError` instead of yielding a partial list that would replace the live one.
"""

from collections.abc import Callable, Sequence
from pathlib import Path

from ..entries import ListEntry
from . import csl, national, ofac, opensanctions, un
from .common import ListFileError

Parser = Callable[[list[Path]], list[ListEntry]]

PARSERS: dict[str, Parser] = {
    "ofac": ofac.parse,
    "un": un.parse,
    "csl": csl.parse,
    "opensanctions": opensanctions.parse,
    "national": national.parse,
}


def parse_list(fmt: str, paths: Sequence[Path | str]) -> list[ListEntry]:
    """All entries of a list given in format `fmt` (a key of PARSERS) from its file(s).

    OFAC takes sdn.csv with optional alt.csv and add.csv in any order; the other formats
    take exactly one file. Raises ValueError for an unknown format and ListFileError
    (a ValueError) for any problem with the files.
    """
    try:
        parser = PARSERS[fmt]
    except KeyError:
        raise ValueError(f"unknown list format {fmt!r}; known: {', '.join(PARSERS)}") from None
    if isinstance(paths, str | Path):
        raise TypeError("paths must be a list of paths, not a single path")
    if not paths:
        raise ListFileError(f"{fmt}: no file given")
    return parser([Path(path) for path in paths])


__all__ = ["PARSERS", "ListEntry", "ListFileError", "parse_list"]
