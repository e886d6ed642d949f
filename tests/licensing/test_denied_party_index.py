"""The live denied-party name index: built once per process per set of live versions."""

from pathlib import Path

import pytest

from licensing import denied_party_index
from licensing.services.list_imports import import_denied_party_list

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"


def test_the_index_is_built_once_per_set_of_live_versions(django_assert_max_num_queries):
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[DATA / "national_list.csv"])
    denied_party_index.clear_index_cache()
    first = denied_party_index.live_list_index()
    assert denied_party_index.live_list_index() is first
    assert len(first.entries) == 13
    version = import_denied_party_list(actor=None, list_name="Mine", fmt="national",
                                       paths=[DATA / "national_list.csv"])
    second = denied_party_index.live_list_index()
    assert second is not first
    assert version.pk in {pk for pk, _ in second.key}
    with django_assert_max_num_queries(1):  # only the key is read on a cache hit
        assert denied_party_index.live_list_index() is second


def test_the_versions_name_every_active_list_with_its_live_version():
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[DATA / "national_list.csv"])
    assert denied_party_index.denied_party_list_versions() == {
        "denied_parties:National list": 1}
