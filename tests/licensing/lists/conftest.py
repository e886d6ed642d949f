"""Shared inputs for the list-parser tests: real list files, parsed once per session."""

from pathlib import Path

import pytest

from licensing.lists.parsers import parse_list
from tests.reference_data import CSL_GZ, OFAC_2024, OFAC_HISTORY, UN_XML
from tests.reference_data import OFAC_2021_DIR as OFAC_2021

FIXTURES = Path(__file__).resolve().parent.parent / "data"

__all__ = ["CSL_GZ", "FIXTURES", "OFAC_2021", "OFAC_2024", "OFAC_HISTORY", "UN_XML", "by_id"]


def by_id(entries):
    return {entry.source_id: entry for entry in entries}


@pytest.fixture(scope="session")
def sdn_2024():
    return parse_list("ofac", [OFAC_2024])


@pytest.fixture(scope="session")
def sdn_2021_set():
    return parse_list("ofac", [OFAC_2021 / "sdn.csv.gz", OFAC_2021 / "alt.csv.gz",
                                OFAC_2021 / "add.csv.gz"])


@pytest.fixture(scope="session")
def un_list():
    return parse_list("un", [UN_XML])


@pytest.fixture(scope="session")
def csl():
    return parse_list("csl", [CSL_GZ])
