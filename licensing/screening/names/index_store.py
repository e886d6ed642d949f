"""The denied-party name index kept on disk, so that a worker or a `screen_parties` run whose
lists have not changed starts screening in about a second instead of rebuilding the index
from the database (8-15 s for 80,000 names).

A file holds one built index (`LiveListIndex`: the matcher's `NameIndex` and the entries it
points to). Its name is a digest of
- the live list versions (the same key the in-process cache uses: version ids and import
  times), so a new version, or a list switched on or off, never loads an old index, and
- the matcher's own source code and the Python version, so a changed matcher or interpreter
  never loads an index built by another one.
The index is derived data: a missing, partial or unreadable file just means building it again.
Files are written to a temporary name and renamed, so processes starting together never read
half a file. No Django here: the caller gives the folder (NAME_INDEX_DIR), which must be
writable by the service only: the file is a pickle, which runs code when it is loaded.
"""

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

PREFIX = "name-index-"
# What the stored objects are made of: a change to any of these makes old files unusable.
_SOURCES = (
    Path(__file__).resolve().parent,  # the matcher: licensing/screening/names/*.py
    Path(__file__).resolve().parents[1] / "checks" / "parties.py",  # ListedEntryInfo
)


def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(sys.version.encode())
    for source in _SOURCES:
        files = sorted(source.glob("*.py")) if source.is_dir() else [source]
        for path in files:
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.digest()


_FINGERPRINT = None


def index_file(key: tuple, folder: str | Path | None) -> Path | None:
    """Where the index of these live versions is kept; None when persistence is off."""
    global _FINGERPRINT
    if not folder:
        return None
    if _FINGERPRINT is None:
        _FINGERPRINT = _code_fingerprint()
    digest = hashlib.sha256(_FINGERPRINT + repr(key).encode()).hexdigest()[:32]
    return Path(folder) / f"{PREFIX}{digest}.pickle"


def load(key: tuple, folder: str | Path | None):
    """The stored index of these live versions, or None (not stored, or unreadable)."""
    path = index_file(key, folder)
    if path is None or not path.is_file():
        return None
    # Hundreds of thousands of objects come back at once: the cycle collector would walk
    # them again and again while they load, for nothing (they hold no cycles to free).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with open(path, "rb") as handle:
            stored = pickle.load(handle)  # noqa: S301 - our own file, see the module docstring
    except Exception as exc:  # noqa: BLE001 - any damage means: build it again
        logger.warning("Name index file %s unreadable (%s); building the index again",
                       path.name, exc)
        return None
    finally:
        if collecting:
            gc.enable()
    if getattr(stored, "key", None) != key:
        return None
    logger.info("Loaded the denied-party name index from %s", path.name)
    return stored


def save(index, folder: str | Path | None) -> None:
    """Store the index (anything with a `key`) for the next process; older files are removed.
    Failing to store (read-only disk, full disk) only costs the next process a rebuild."""
    path = index_file(index.key, folder)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".tmp-", delete=False) as out:
            pickle.dump(index, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)
    except OSError as exc:
        logger.warning("Could not store the name index in %s: %s", path.parent, exc)
        return
    for old in path.parent.glob(f"{PREFIX}*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
