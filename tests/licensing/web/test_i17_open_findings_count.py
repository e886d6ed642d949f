"""Issue 17, pages at a million requests: the stored count of open findings the queue sorts
on ("most open findings first") stays what the findings say when they are opened by a
screening, cleared, and screened again, and the migration's refill computes it; the
queue's count stops at a cap and says so; the queue and the request page make the same
queries whatever the matches and whether the case is held."""

from datetime import timedelta

import pytest
from django.utils import timezone

from licensing.models import Finding, ShipmentRequest
from licensing.selectors import with_open_findings
from licensing.services import screening
from licensing.services.open_findings import refill_open_findings
from tests import factories

pytestmark = pytest.mark.django_db


def stored(request):
    return ShipmentRequest.objects.get(pk=request.pk).open_findings_count


def counted(request):
    return with_open_findings(ShipmentRequest.objects.filter(pk=request.pk)).get().open_findings


def test_the_count_follows_screening_clearing_and_rescreening(officer, transit_embargo):
    flagged = factories.submitted_request(applicant_reference="FLAGGED")  # transit HU
    clean = factories.submitted_request(applicant_reference="CLEAN", transit_countries=[])
    assert (stored(flagged), stored(clean)) == (1, 0)
    assert stored(flagged) == counted(flagged)

    # Screened again: while the new run is queued it has no findings; once it completes,
    # its own (uncleared) finding counts.
    screening.queue_rescreening(request_ids=[flagged.pk], trigger="list_change")
    assert stored(flagged) == counted(flagged) == 0
    factories.run_queued_screening(flagged)
    assert stored(flagged) == counted(flagged) == 1

    finding = Finding.objects.open().get(request=flagged, run=flagged.screening_runs.order_by(
        "-queued_at", "-id").first())
    screening.clear_finding(actor=officer, finding=finding, reason="Transit by air only.")
    assert stored(flagged) == counted(flagged) == 0

    # The clearance is carried to the next run's same finding: it stays cleared.
    screening.screen_now(request=flagged, trigger="before_approval")
    assert stored(flagged) == counted(flagged) == 0


def test_clearing_several_findings_at_once_recounts_once(officer, transit_embargo):
    flagged = factories.submitted_request(transit_countries=["HU", "AT"])
    ids = list(Finding.objects.open().filter(request=flagged).values_list("pk", flat=True))
    assert stored(flagged) == len(ids) >= 1
    screening.clear_findings(actor=officer, request=flagged, finding_ids=ids, reason="Checked.")
    assert stored(flagged) == counted(flagged) == 0


def test_most_open_findings_first_sorts_on_the_stored_count(signed_in, officer,
                                                           transit_embargo):
    older_clean = factories.submitted_request(applicant_reference="CLEAN", transit_countries=[])
    flagged = factories.submitted_request(applicant_reference="FLAGGED")
    ShipmentRequest.objects.filter(pk=older_clean.pk).update(
        submitted_at=timezone.now() - timedelta(days=5))
    client = signed_in(officer)
    order = [r.applicant_reference
             for r in client.get("/queue/?sort=findings").context["page"].object_list]
    assert order == ["FLAGGED", "CLEAN"]
    finding = Finding.objects.open().get(request=flagged)
    screening.clear_finding(actor=officer, finding=finding, reason="Checked.")
    order = [r.applicant_reference
             for r in client.get("/queue/?sort=findings").context["page"].object_list]
    assert order == ["CLEAN", "FLAGGED"]  # no open finding left: oldest first


def test_the_refill_computes_every_count_from_the_findings(transit_embargo):
    flagged = factories.submitted_request()
    clean = factories.submitted_request(transit_countries=[])
    ShipmentRequest.objects.filter(pk=flagged.pk).update(open_findings_count=0)
    ShipmentRequest.objects.filter(pk=clean.pk).update(open_findings_count=7)
    refill_open_findings()
    assert (stored(flagged), stored(clean)) == (counted(flagged), 0) == (1, 0)


def test_the_count_stops_at_the_cap_and_says_so(signed_in, officer, monkeypatch):
    from licensing.web.queries import CappedPaginator

    for _ in range(3):
        factories.submitted_request()
    client = signed_in(officer)
    exact = client.get("/queue/")
    assert (exact.context["page"].paginator.count, exact.context["page"].paginator.more) \
        == (3, False)
    assert "3 requests" in exact.content.decode()
    monkeypatch.setattr(CappedPaginator, "COUNT_CAP", 2)
    capped = client.get("/queue/?per_page=25")
    paginator = capped.context["page"].paginator
    assert paginator.more and paginator.num_pages == 1
    html = capped.content.decode()
    assert "More than 2 requests" in html and "3 requests" not in html


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_a_search_makes_the_same_queries_for_one_match_or_a_full_page(signed_in, officer):
    """The count is made whether or not the first page is full (it was skipped when it was
    not, so the same search made one query more as the data grew)."""
    requests = [factories.submitted_request() for _ in range(26)]
    client = signed_in(officer)
    one, response = _queries(client, f"/queue/?q={requests[0].applicant_reference}")
    assert len(response.context["page"].object_list) == 1
    full, response = _queries(client, "/queue/?q=Polish+Armed")  # every factory end user
    assert len(response.context["page"].object_list) == 25
    default, _response = _queries(client, "/queue/")
    assert one == full == default


def test_the_request_page_makes_the_same_queries_held_or_not(signed_in, officer):
    from licensing.services import assignment

    held, free = factories.submitted_request(), factories.submitted_request()
    assignment.assign_case(actor=officer, request=held, officer=officer)
    client = signed_in(officer)
    _queries(client, f"/requests/{free.pk}/")  # warm the per-process caches
    held_count, response = _queries(client, f"/requests/{held.pk}/")
    assert response.context["holder"] == officer
    free_count, response = _queries(client, f"/requests/{free.pk}/")
    assert response.context["holder"] is None
    assert held_count == free_count


def test_the_request_page_reads_the_screening_runs_from_the_request_it_loaded(
        signed_in, officer):
    """The latest run and the last completed one come from the runs read with the request
    (request_detail_queryset), not from two more queries (44 -> 42 on the bench page)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from licensing.models import ScreeningRun
    from licensing.services import screening as screening_services

    shipment_request = factories.submitted_request()
    first = shipment_request.screening_runs.get()
    again = screening_services.queue_screening(request=shipment_request,
                                               trigger=ScreeningRun.Trigger.MANUAL)
    client = signed_in(officer)
    url = f"/requests/{shipment_request.pk}/"
    client.get(url)  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert (response.context["latest_run"].pk, response.context["last_screened"].pk,
            response.context["run"].pk) == (again.pk, first.pk, first.pk)
    runs_read = [q["sql"] for q in queries.captured_queries
                 if q["sql"].startswith('SELECT "licensing_screeningrun"."id"')]
    # The request's prefetch, and the rulebook's latest run (licensing.workflow.facts).
    assert len(runs_read) == 2  # was 4: latest_screening and the last completed run again


def test_the_clock_reads_its_times_and_stops_in_one_query(django_assert_num_queries):
    """The first completed run, the verification, the send-backs, the questions to the
    applicant and the upheld appeals in one UNION ALL (was five queries): four in all, the
    consulted bodies' questions, the referrals and the holidays being the other three."""
    from django.utils import timezone

    from licensing import case_clock
    from licensing.models import ShipmentRequest

    submitted, verified = factories.submitted_request(), factories.verified_request()
    rows = list(ShipmentRequest.objects.filter(pk__in=[submitted.pk, verified.pk]))
    with django_assert_num_queries(4):
        clocks = case_clock.clocks_for(rows)
    # Verified: its last step (special approval) started on the verification's day.
    assert clocks[verified.pk].steps[-1].started_on == timezone.localdate(
        verified.end_user_verification.recorded_at)
    assert clocks[verified.pk].steps[-1].ended_on is None
    assert len(clocks[submitted.pk].steps) < len(clocks[verified.pk].steps)
