"""`seed_demo` tells the story out of the box: the snapshot lists are live with their official
sources, and each red flag of the seed is on screen, on the request page an officer opens."""

import pytest
from django.core.management import call_command

from accounts.models import User
from licensing.lists import snapshots
from licensing.management.commands import seed_demo
from licensing.models import DeniedPartyList, ExportHalt, RequestStatus, ShipmentRequest
from licensing.workflow.holds import halts_covering
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_demo", stdout=open(tmp_path / "seed.txt", "w"))  # noqa: SIM115
    return (tmp_path / "seed.txt").read_text()


def findings(reference, check_name):
    request = ShipmentRequest.objects.get(applicant_reference=reference)
    run = request.screening_runs.filter(status="completed").latest("finished_at")
    return request, list(run.findings.filter(check_name=check_name))


def officer_page(client, request):
    sign_in(client, User.objects.get(email="officer@authority.example"))
    response = client.get(f"/requests/{request.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_seed_demo_tells_the_story_and_can_run_again(seeded, client, tmp_path):
    """One test, because seeding imports 30,000 list entries: the lists, each red flag on
    screen, the printed pages, and a second run that changes nothing."""
    check_lists_are_live_with_the_official_urls_as_sources()
    check_every_red_flag_is_on_screen(client)
    check_the_output_lists_each_red_flag_with_its_page(seeded)
    check_running_it_again_changes_nothing(tmp_path)


def check_lists_are_live_with_the_official_urls_as_sources():
    for snapshot in snapshots.LIVE_LISTS:
        dp_list = DeniedPartyList.objects.get(name=snapshot.list_name)
        assert dp_list.live_version.entry_count > 900
        assert dp_list.source.splitlines() == list(snapshot.official_sources)
        assert all(url.startswith("https://") for url in snapshot.official_sources)


def check_every_red_flag_is_on_screen(client):
    request, matches = findings(seed_demo.SANCTIONED_END_USER, "denied_party")
    hit = [f for f in matches if f.evidence["party"]["name"] == "Рособоронэкспорт"
           and f.evidence["list"] == "OFAC SDN"]
    assert hit and hit[0].evidence["entry"]["source_id"] == "18782"
    assert hit[0].evidence["entry"]["name"] == "ROSOBORONEKSPORT OAO"
    page = officer_page(client, request)
    assert "ROSOBORONEKSPORT OAO" in page

    request, at_war = findings(seed_demo.DESTINATION_AT_WAR, "at_war_country")
    assert at_war and request.status == RequestStatus.DENIED

    request, at_war = findings(seed_demo.TRANSIT_AT_WAR, "at_war_country")
    assert [(f.evidence["country"], f.evidence["role"]) for f in at_war] == [
        ("RU", "transit country")]
    assert request.status == RequestStatus.DENIED

    request, reused = findings(seed_demo.REUSED_EUC, "euc_reused")
    assert reused
    assert [o["reference"] for o in reused[0].evidence["other_requests"]] == ["NG-2026-0002"]

    # Whether a deny-mode halt denies the request or puts it on hold, the halt covers it, is
    # named by whatever screening records about it, and is shown to the officer.
    halt = ExportHalt.objects.get(title=seed_demo.DEMO_HALT_TITLE)
    request, halted = findings(seed_demo.HALTED, "export_halt")
    assert halts_covering(request) == [halt]
    assert {f.evidence["halt_id"] for f in halted} <= {halt.pk}
    assert seed_demo.DEMO_HALT_TITLE in officer_page(client, request)


def check_the_output_lists_each_red_flag_with_its_page(seeded):
    for reference, _ in seed_demo.RED_FLAGS:
        request = ShipmentRequest.objects.get(applicant_reference=reference)
        assert f"/requests/{request.pk}/" in seeded


def check_running_it_again_changes_nothing(tmp_path):
    counts = (ShipmentRequest.objects.count(), ExportHalt.objects.count(),
              sum(dp.versions.count() for dp in DeniedPartyList.objects.all()))
    call_command("seed_demo", stdout=open(tmp_path / "again.txt", "w"))  # noqa: SIM115
    assert counts == (ShipmentRequest.objects.count(), ExportHalt.objects.count(),
                      sum(dp.versions.count() for dp in DeniedPartyList.objects.all()))
