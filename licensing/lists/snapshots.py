"""The reference snapshots shipped in the repository's data/ folder (data/README.md): which
files make up each list, and where each list is published today.

Pure data and paths, no Django: the benchmarks use it before Django is set up. The folder is
REFERENCE_DATA_DIR (default: data/ in the repository)."""

from dataclasses import dataclass
from pathlib import Path

REPO_DATA = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class Snapshot:
    list_name: str
    format: str
    files: tuple[str, ...]  # relative to the data folder
    # The publisher's current files, re-imported daily (LIST_REIMPORT_HOURS); one per line in
    # DeniedPartyList.source.
    official_sources: tuple[str, ...] = ()

    def paths(self, data_dir: Path | str = REPO_DATA) -> list[Path]:
        return [Path(data_dir) / name for name in self.files]


OFAC_SDN = Snapshot(
    "OFAC SDN", "ofac", ("ofac/2024-05-03/sdn.csv.gz",),
    ("https://www.treasury.gov/ofac/downloads/sdn.csv",
     "https://www.treasury.gov/ofac/downloads/alt.csv",
     "https://www.treasury.gov/ofac/downloads/add.csv"))
UN_CONSOLIDATED = Snapshot(
    "UN Security Council", "un", ("un/UN_consolidated_2026-02.xml.gz",),
    ("https://scsanctions.un.org/resources/xml/en/consolidated.xml",))
US_CSL = Snapshot(
    "US Consolidated Screening List", "csl", ("us_csl/consolidated_2022-04.csv.gz",),
    ("https://data.trade.gov/downloaded_files/consolidated.csv",))
# The July 2021 set has OFAC's alias and address files too (benchmarks, parser tests).
OFAC_SDN_2021 = Snapshot(
    "OFAC SDN 2021 (with aliases)", "ofac",
    ("ofac/2021-07/sdn.csv.gz", "ofac/2021-07/alt.csv.gz", "ofac/2021-07/add.csv.gz"))

# What the demo imports as its live lists.
LIVE_LISTS = (OFAC_SDN, UN_CONSOLIDATED, US_CSL)
# Everything the benchmarks load.
ALL_LISTS = (OFAC_SDN, OFAC_SDN_2021, UN_CONSOLIDATED, US_CSL)

AT_WAR_COUNTRIES = "reference/at_war_countries.csv"
ARMS_EMBARGOES = "reference/arms_embargoes_2024_2025.csv"
