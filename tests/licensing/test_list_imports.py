"""Importing denied-party lists: every importer through the service on the real files, the
refusal of empty, damaged and shrunken files, the diff between versions, and the command."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from licensing.errors import InvalidInput, NotPermitted
from licensing.lists.parsers import parse_list
from licensing.models import AuditEvent, DeniedPartyList, DeniedPartyListVersion, ListedEntry
from licensing.services.list_imports import import_denied_party_list
from licensing.services.reference import current_list_versions
from tests import factories
from tests.reference_data import (
    CSL_GZ,
    OFAC_2021,
    OFAC_2021_DIR,
    OFAC_2022_02,
    OFAC_2023_02,
    OFAC_2024,
    UN_XML,
    raw_bytes,
)

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
Status = DeniedPartyListVersion.Status


def _import(fmt, paths, name=None, **kwargs):
    return import_denied_party_list(actor=None, list_name=name or f"{fmt} list", fmt=fmt,
                                    paths=paths, **kwargs)


def test_ofac_2024_imports_every_entry_as_the_live_version():
    version = _import("ofac", [OFAC_2024], name="OFAC SDN")
    assert version.status == Status.LIVE
    assert version.number == 1
    assert version.entry_count == 14_965
    assert version.entries.count() == 14_965
    assert version.added_count == 14_965
    assert version.files[0]["name"] == "sdn.csv.gz" and len(version.files[0]["sha256"]) == 64
    entry = version.entries.get(source_id="18782")
    assert entry.name == "ROSOBORONEKSPORT OAO"
    assert len(entry.content_hash) == 64
    event = AuditEvent.objects.get(action="denied_party_list.imported")
    assert event.after["entry_count"] == 14_965
    assert current_list_versions()["denied_parties:OFAC SDN"] == 1


def test_ofac_2021_set_imports_entries_with_their_aliases_and_addresses():
    version = _import("ofac", OFAC_2021)
    parsed = parse_list("ofac", OFAC_2021)
    assert version.entry_count == 8_976
    assert version.alias_count == sum(len(e.aliases) for e in parsed) > 11_910
    entry = version.entries.get(source_id="18782")
    assert "ROSOBORONEXPORT" in entry.aliases
    assert entry.countries == ["RU"]
    assert ListedEntry.objects.filter(version=version).exclude(addresses=[]).count() > 5_000


def test_un_consolidated_list_imports_individuals_and_entities():
    version = _import("un", [UN_XML])
    assert version.entry_count == 1_003
    kinds = dict(version.entries.values_list("entity_type").annotate(n=Count("id")))
    assert kinds == {"individual": 730, "entity": 273}


def test_csl_rows_are_all_read_and_the_one_duplicate_is_merged():
    """The April 2022 CSL has 14,160 rows; Capta List entry 15268 is in it twice (identical
    but for a URL), so the version holds 14,159 entries and says which one was merged."""
    version = _import("csl", [CSL_GZ])
    assert version.diff["source_rows"] == 14_160
    assert version.diff["duplicates_merged"] == ["Capta List (CAP) - Treasury Department:15268"]
    assert version.entry_count == 14_159 == version.entries.count()
    # The CSL reuses OFAC's ids across its sub-lists: same id, different sub-list.
    assert set(version.entries.filter(source_id="18782").values_list(
        "source_list", flat=True)) == {
        "Specially Designated Nationals (SDN) - Treasury Department",
        "Sectoral Sanctions Identifications List (SSI) - Treasury Department"}


def test_opensanctions_and_national_fixtures_import():
    opensanctions = _import("opensanctions", [DATA / "opensanctions_targets.simple.csv"])
    national = _import("national", [DATA / "national_list.csv"])
    assert opensanctions.entry_count == len(parse_list(
        "opensanctions", [DATA / "opensanctions_targets.simple.csv"]))
    assert national.entry_count == len(parse_list("national", [DATA / "national_list.csv"]))
    entry = national.entries.get(source_id="NAT-0001")
    assert entry.name == "ООО Спецтехимпорт"
    assert "OOO Spetstekhimport" in entry.aliases


def test_the_diff_between_two_ofac_snapshots_counts_added_removed_and_changed():
    before = {e.source_id for e in parse_list("ofac", [OFAC_2022_02])}
    after = {e.source_id for e in parse_list("ofac", [OFAC_2023_02])}
    first = _import("ofac", [OFAC_2022_02], name="OFAC SDN")
    second = _import("ofac", [OFAC_2023_02], name="OFAC SDN")
    first.refresh_from_db()
    assert first.status == Status.SUPERSEDED
    assert second.status == Status.LIVE and second.number == 2
    assert second.added_count == len(after - before) == 2_660
    assert second.removed_count == len(before - after) == 133
    assert second.changed_count == 623
    assert second.diff["previous_version"] == 1
    added = {row["key"]: row["name"] for row in second.diff["added"]}
    assert len(added) == 50  # samples, not the whole list
    assert all(key.startswith("SDN:") for key in added)
    # Russia's invasion of Ukraine: VTB Bank was added, and existing entries gained programs.
    vtb = ListedEntry.objects.get(version=second, source_id="17013")
    assert vtb.name == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    old = ListedEntry.objects.get(version=first, source_id="16673")
    new = ListedEntry.objects.get(version=second, source_id="16673")
    assert old.content_hash != new.content_hash
    assert "RUSSIA-EO14024" in new.programs and "RUSSIA-EO14024" not in old.programs
    assert DeniedPartyList.objects.get(name="OFAC SDN").live_version == second


@pytest.mark.parametrize("content", [b"", b"   \n", b"36,\"ACME"])
def test_an_empty_or_damaged_file_is_refused_and_the_live_version_stays(tmp_path, content):
    live = _import("national", [DATA / "national_list.csv"], name="National list")
    bad = tmp_path / "national_list.csv"
    bad.write_bytes(content)
    refused = _import("national", [bad], name="National list")
    assert refused.status == Status.REFUSED
    assert refused.number == 2
    assert refused.refusal_reason
    assert refused.entries.count() == 0
    live.refresh_from_db()
    assert live.status == Status.LIVE
    assert DeniedPartyList.objects.get(name="National list").live_version == live
    event = AuditEvent.objects.get(action="denied_party_list.import_refused")
    assert event.reason == refused.refusal_reason
    assert event.after["live_version"] == 1
    assert current_list_versions()["denied_parties:National list"] == 1


def test_a_missing_file_is_refused(tmp_path):
    refused = _import("un", [tmp_path / "nowhere.xml"])
    assert refused.status == Status.REFUSED
    assert "cannot read" in refused.refusal_reason
    assert refused.files == [{"name": "nowhere.xml", "sha256": None, "size": None}]


def test_a_sharply_shrunken_list_is_refused_unless_accepted_with_a_reason():
    """From 14,965 entries to 9,056 (an older file given by mistake) is a 39% shrink."""
    live = _import("ofac", [OFAC_2024], name="OFAC SDN")
    refused = _import("ofac", [OFAC_2022_02], name="OFAC SDN")
    assert refused.status == Status.REFUSED
    assert "shrank from 14965 to 9056" in refused.refusal_reason
    live.refresh_from_db()
    assert live.status == Status.LIVE
    with pytest.raises(InvalidInput) as error:
        _import("ofac", [OFAC_2022_02], name="OFAC SDN", allow_shrink=True)
    assert "reason" in error.value.field_errors
    accepted = _import("ofac", [OFAC_2022_02], name="OFAC SDN", allow_shrink=True,
                       reason="Publisher delisted entries; confirmed by phone.")
    assert accepted.status == Status.LIVE and accepted.number == 3
    assert accepted.removed_count > 5_000


def _national_file(path, count):
    rows = [f"NAT-{n:04d},Test Entity {n},entity,,RS,NAT-ARMS,\n" for n in range(1, count + 1)]
    path.write_text("id,name,type,aliases,countries,programs,remarks\n" + "".join(rows),
                    encoding="utf-8")
    return path


def test_a_shrink_within_the_allowed_fraction_is_accepted(tmp_path):
    _import("national", [_national_file(tmp_path / "a.csv", 10)])
    version = _import("national", [_national_file(tmp_path / "b.csv", 8)])  # 20% fewer
    assert version.status == Status.LIVE
    assert version.removed_count == 2
    assert [row["key"] for row in version.diff["removed"]] == [
        "National list:NAT-0009", "National list:NAT-0010"]
    refused = _import("national", [_national_file(tmp_path / "c.csv", 6)])  # 25% fewer
    assert refused.status == Status.REFUSED


def test_the_shrink_threshold_is_a_setting(tmp_path, settings):
    settings.LIST_MAX_SHRINK_FRACTION = 0.5
    _import("national", [_national_file(tmp_path / "a.csv", 10)])
    assert _import("national", [_national_file(tmp_path / "b.csv", 6)]).status == Status.LIVE


def test_an_import_schedules_continuous_screening_on_commit_and_a_refusal_does_not(
        django_capture_on_commit_callbacks, tmp_path):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _import("national", [DATA / "national_list.csv"])
    assert len(callbacks) == 1
    empty = tmp_path / "national_list.csv"
    empty.write_bytes(b"")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _import("national", [empty])
    assert callbacks == []


def test_only_administrators_approvers_and_the_system_import():
    with pytest.raises(NotPermitted):
        import_denied_party_list(actor=factories.OfficerFactory(), list_name="X",
                                 fmt="national", paths=[DATA / "national_list.csv"])
    version = import_denied_party_list(actor=factories.AdministratorFactory(), list_name="X",
                                       fmt="national", paths=[DATA / "national_list.csv"])
    assert version.imported_by.role == "administrator"


def test_bad_arguments_are_refused_with_field_messages():
    with pytest.raises(InvalidInput) as error:
        import_denied_party_list(actor=None, list_name="", fmt="pdf", paths=[])
    assert set(error.value.field_errors) == {"format", "list_name", "paths"}
    _import("national", [DATA / "national_list.csv"], name="Mine")
    with pytest.raises(InvalidInput) as error:
        _import("un", [UN_XML], name="Mine")
    assert "format" in error.value.field_errors
    assert DeniedPartyListVersion.objects.count() == 1


def test_import_list_command_uses_the_default_list_name(capsys):
    call_command("import_list", "--format", "national", str(DATA / "national_list.csv"))
    out = capsys.readouterr().out
    assert "National list version 1 is live" in out
    assert DeniedPartyList.objects.get(name="National list").live_version.entry_count > 0


def test_import_list_command_fails_on_a_refused_file(tmp_path):
    empty = tmp_path / "sdn.csv"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="refused"):
        call_command("import_list", "--format", "ofac", str(empty))
    assert DeniedPartyListVersion.objects.get().status == Status.REFUSED


# --- the scheduled re-import from configured sources ---

@pytest.fixture
def http_server(tmp_path):
    """A local web server publishing tmp_path/www."""
    import functools
    import http.server
    import threading

    root = tmp_path / "www"
    root.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_list_is_re_imported_from_its_urls_only_when_they_change(http_server):
    from licensing.services.list_imports import refresh_list_from_source, save_denied_party_list

    root, base = http_server
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        (root / name).write_bytes(raw_bytes(OFAC_2021_DIR / f"{name}.gz"))
    dp_list = save_denied_party_list(actor=None, dp_list=DeniedPartyList(
        name="OFAC SDN", format="ofac",
        source=f"{base}/sdn.csv\n{base}/alt.csv\n# addresses too\n{base}/add.csv"))
    version = refresh_list_from_source(dp_list.pk)
    assert version.status == Status.LIVE
    assert version.entry_count == 8_976
    assert sorted(f["name"] for f in version.files) == ["add.csv", "alt.csv", "sdn.csv"]
    assert refresh_list_from_source(dp_list.pk) is None  # same bytes: nothing to import
    assert dp_list.versions.count() == 1


def test_an_unreachable_source_raises_for_a_retry_and_changes_nothing(http_server):
    from licensing.services.list_imports import (
        SourceUnavailable,
        refresh_list_from_source,
        save_denied_party_list,
    )

    _, base = http_server
    dp_list = save_denied_party_list(actor=None, dp_list=DeniedPartyList(
        name="UN", format="un", source=f"{base}/missing.xml"))
    with pytest.raises(SourceUnavailable):
        refresh_list_from_source(dp_list.pk)
    dp_list.source = "ftp://example.org/list.xml"
    save_denied_party_list(actor=None, dp_list=dp_list)
    with pytest.raises(SourceUnavailable, match="only paths"):
        refresh_list_from_source(dp_list.pk)
    assert dp_list.versions.count() == 0
