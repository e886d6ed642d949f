"""The name index is kept on disk under the live list versions, so the next process with the
same versions loads it instead of building it; any other versions, or a damaged file, build."""

from pathlib import Path

import pytest

from licensing import denied_party_index
from licensing.screening.names import index_store
from licensing.services import party_screening
from licensing.services.list_imports import import_denied_party_list

pytestmark = pytest.mark.django_db

NATIONAL = Path(__file__).resolve().parents[1] / "data" / "national_list.csv"


def import_national(name="National list"):
    return import_denied_party_list(actor=None, list_name=name, fmt="national",
                                    paths=[NATIONAL])


@pytest.fixture
def builds(monkeypatch):
    """How many times the index was built from the database (a new process each time:
    the in-process cache is cleared before every look-up)."""
    built = []
    build = denied_party_index.build_live_index

    def counting(key):
        built.append(key)
        return build(key)

    monkeypatch.setattr(denied_party_index, "build_live_index", counting)
    return built


def fresh_process_index():
    denied_party_index.clear_index_cache()
    return denied_party_index.live_list_index()


def test_the_next_process_loads_the_stored_index(builds, settings):
    import_national()
    first = fresh_process_index()
    assert len(builds) == 1
    stored = list(Path(settings.NAME_INDEX_DIR).glob("name-index-*.pickle"))
    assert len(stored) == 1

    second = fresh_process_index()
    assert len(builds) == 1  # loaded, not built
    assert second.key == first.key and second.entries == first.entries
    hits = party_screening.search_lists("Balkan Defence Trade")
    assert hits and hits[0].source_id == "NAT-0002"


def test_new_live_versions_build_and_replace_the_stored_index(builds, settings):
    import_national()
    fresh_process_index()
    import_national("Another list")
    index = fresh_process_index()
    assert len(builds) == 2
    assert len(index.key) == 2
    assert len(list(Path(settings.NAME_INDEX_DIR).glob("name-index-*.pickle"))) == 1


def test_a_damaged_file_is_built_again(builds, settings):
    import_national()
    key = fresh_process_index().key
    index_store.index_file(key, settings.NAME_INDEX_DIR).write_bytes(b"\x80\x05 cut off")
    assert fresh_process_index().key == key
    assert len(builds) == 2


def test_no_folder_means_no_file(builds, settings):
    settings.NAME_INDEX_DIR = ""
    import_national()
    fresh_process_index()
    fresh_process_index()
    assert len(builds) == 2
