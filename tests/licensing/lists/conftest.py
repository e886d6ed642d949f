"""Shared inputs for the list-parser tests: real list files, parsed once per session."""

from pathlib import Path

import pytest

from licensing.lists.parsers import parse_list
from tests.shared_data import SHARED_DATA

FIXTURES = Path(__file__).resolve().parent.parent / "data"

OFAC_2024 = SHARED_DATA / "ofac" / "2024-05-03" / "sdn.csv"
OFAC_2021 = SHARED_DATA / "ofac" / "2021-07"
OFAC_HISTORY = SHARED_DATA / "ofac" / "history"
UN_XML = SHARED_DATA / "un" / "UN_consolidated_2026-02.xml"
CSL_GZ = SHARED_DATA / "us_csl" / "consolidated_2022-04.csv.gz"


def by_id(entries):
    return {entry.source_id: entry for entry in entries}


@pytest.fixture(scope="session")
def sdn_2024():
    return parse_list("ofac", [OFAC_2024])


@pytest.fixture(scope="session")
def sdn_2021_set():
    return parse_list("ofac", [OFAC_2021 / "sdn.csv", OFAC_2021 / "alt.csv", OFAC_2021 / "add.csv"])


@pytest.fixture(scope="session")
def un_list():
    return parse_list("un", [UN_XML])


@pytest.fixture(scope="session")
def csl():
    return parse_list("csl", [CSL_GZ])
