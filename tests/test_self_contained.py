"""The repository stands on its own: nothing reads outside it unless a setting says so, and
the reference snapshots in data/ are the files data/README.md describes.

The proof in full is to run the suite from a copy of the repository in a folder with no
`shared/` beside it (README, "The two commands"); these tests keep it true between such runs."""

import gzip
import hashlib
import os
import re
from pathlib import Path

from django.conf import settings

from tests.reference_data import DATA, FIXTURES, OFAC_2021_DIR, raw_bytes

REPO_ROOT = Path(__file__).resolve().parent.parent
CODE_SUFFIXES = {".py", ".sh", ".toml", ".cfg", ".ini", ".txt"}
CODE_NAMES = {"Makefile", "run"}
SKIPPED_DIRS = {".git", ".venv", "var", "data", "__pycache__", "node_modules", "staticfiles",
                "test-results"}
# ../shared, or a path built from a parent folder and "shared".
OUTSIDE = re.compile(r"\.\./shared|parents?(\[\d\])?\s*/\s*[\"']shared[\"']")


def code_files():
    for folder, dirs, files in os.walk(REPO_ROOT):
        dirs[:] = [d for d in dirs if d not in SKIPPED_DIRS]
        for name in files:
            path = Path(folder) / name
            if path.suffix in CODE_SUFFIXES or name in CODE_NAMES:
                yield path


def test_no_code_path_refers_to_a_folder_outside_the_repository():
    offenders = [str(path.relative_to(REPO_ROOT)) for path in code_files()
                 if path != Path(__file__) and OUTSIDE.search(path.read_text(errors="replace"))]
    assert offenders == []


def test_reference_data_defaults_to_the_repository():
    if "REFERENCE_DATA_DIR" not in os.environ:
        assert Path(settings.REFERENCE_DATA_DIR).resolve() == DATA.resolve()
    for snapshot in ("ofac/2024-05-03/sdn.csv.gz", "un/UN_consolidated_2026-02.xml.gz",
                     "us_csl/consolidated_2022-04.csv.gz", "reference/at_war_countries.csv"):
        assert (DATA / snapshot).is_file()


def readme_checksums() -> dict[str, str]:
    text = (DATA / "README.md").read_text()
    listed = {}
    for line in text.splitlines():
        match = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line.strip())
        if match:
            listed.setdefault(match.group(2), match.group(1))
    return listed


def test_every_snapshot_is_described_with_its_checksum():
    listed = readme_checksums()
    stored = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.is_file()
              and p.name != "README.md"}
    assert set(listed) >= stored
    for name in stored:
        assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == listed[name], name
    # The publisher's bytes, before compression, are listed too.
    for name in stored:
        if name.endswith(".gz") and name[:-3] in listed:
            original = gzip.decompress((DATA / name).read_bytes())
            assert hashlib.sha256(original).hexdigest() == listed[name[:-3]], name


def test_the_excerpts_are_rows_of_the_snapshot_byte_for_byte():
    for kind in ("sdn", "alt", "add"):
        snapshot = set(raw_bytes(OFAC_2021_DIR / f"{kind}.csv.gz").splitlines())
        excerpt = (FIXTURES / "ofac-2021-07-excerpt" / f"{kind}.csv").read_bytes().splitlines()
        assert excerpt and set(excerpt) <= snapshot, kind
