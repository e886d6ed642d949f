"""The repository's reference snapshots (data/, see data/README.md) and the small excerpts
under tests/fixtures/ (see its README): everything the tests read lives in the repository."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA = REPO_ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

OFAC_2024 = DATA / "ofac" / "2024-05-03" / "sdn.csv.gz"
OFAC_2021_DIR = DATA / "ofac" / "2021-07"
OFAC_2021 = [OFAC_2021_DIR / f"{kind}.csv.gz" for kind in ("sdn", "alt", "add")]
OFAC_HISTORY = DATA / "ofac" / "history"
OFAC_2022_02 = OFAC_HISTORY / "sdn_2022-02-17.csv.gz"
OFAC_2023_02 = OFAC_HISTORY / "sdn_2023-02-10.csv.gz"
UN_XML = DATA / "un" / "UN_consolidated_2026-02.xml.gz"
CSL_GZ = DATA / "us_csl" / "consolidated_2022-04.csv.gz"


def raw_bytes(path: Path) -> bytes:
    """The publisher's file as published: the snapshot decompressed (for tests that cut,
    count or read it independently of the parsers)."""
    import gzip

    return gzip.decompress(path.read_bytes())


def raw_lines(path: Path) -> list[str]:
    """The publisher's file as text lines, line endings kept (csv.reader input)."""
    return raw_bytes(path).decode("utf-8-sig", errors="replace").splitlines(keepends=True)
