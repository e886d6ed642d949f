"""The daily re-import without network: the live version (the demo's snapshot) stays, the task
ends quietly after its retries, and a reachable source records when it was checked."""

from pathlib import Path

import pytest

from licensing.models import DeniedPartyList
from licensing.services.list_imports import import_denied_party_list, save_denied_party_list
from licensing.tasks import LIST_FETCH_RETRIES, reimport_denied_party_list

pytestmark = pytest.mark.django_db

NATIONAL = Path(__file__).resolve().parent / "data" / "national_list.csv"


def live_national_list(source: str) -> DeniedPartyList:
    version = import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                       paths=[NATIONAL])
    dp_list = version.denied_party_list
    dp_list.source = source
    return save_denied_party_list(actor=None, dp_list=dp_list)


def test_an_unreachable_source_keeps_the_live_version_and_ends_quietly(tmp_path):
    dp_list = live_national_list("http://127.0.0.1:9/national_list.csv")  # nothing listens
    live = dp_list.live_version
    # The last attempt (earlier ones are retried a minute apart by the worker).
    result = reimport_denied_party_list.apply(args=(dp_list.pk,), retries=LIST_FETCH_RETRIES)
    assert result.successful() and result.get() == "source unavailable"
    dp_list.refresh_from_db()
    assert dp_list.live_version == live and dp_list.versions.count() == 1
    assert dp_list.checked_at is None


def test_a_reachable_unchanged_source_records_the_check():
    dp_list = live_national_list(str(NATIONAL))
    assert reimport_denied_party_list.apply(args=(dp_list.pk,)).get() == "unchanged"
    dp_list.refresh_from_db()
    assert dp_list.checked_at is not None
