"""The officials' work queue: what needs a decision, oldest first, filtered and searched,
with age in working days and open findings, at a constant number of SQL queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from licensing.models import Referral, ShipmentRequest
from licensing.services import clock, notes
from licensing.working_days import date_working_days_before, working_days_between
from tests import factories

pytestmark = pytest.mark.django_db


def rows(response):
    return [row.applicant_reference for row in response.context["page"].object_list]


def test_working_days_skip_weekends():
    friday = date(2026, 11, 20)
    assert working_days_between(friday, friday + timedelta(days=3)) == 1  # to Monday
    assert working_days_between(friday, friday + timedelta(days=14)) == 10
    assert working_days_between(friday, friday) == 0
    monday = date(2026, 11, 23)
    assert working_days_between(date_working_days_before(monday, 20), monday) == 20


def test_the_queue_lists_cases_needing_a_decision_oldest_first(signed_in, officer):
    newer = factories.submitted_request(applicant_reference="NEWER")
    older = factories.verified_request(applicant_reference="OLDER")
    factories.request_in_state("shipped", applicant_reference="DONE")
    factories.draft_request(applicant_reference="DRAFT")
    ShipmentRequest.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=40))
    response = signed_in(officer).get("/queue/")
    assert response.status_code == 200
    assert rows(response) == ["OLDER", "NEWER"]
    html = response.content.decode()
    assert f"/requests/{newer.pk}/" in html
    page_rows = {r.applicant_reference: r for r in response.context["page"].object_list}
    assert page_rows["OLDER"].age_working_days >= 20
    assert page_rows["OLDER"].overdue
    assert "over target" in html


def test_filters_and_search(signed_in, officer, transit_embargo):
    flagged = factories.submitted_request(applicant_reference="FLAGGED")  # transit HU
    clean = factories.submitted_request(applicant_reference="CLEAN", transit_countries=[])
    other = factories.submitted_request(
        applicant_reference="OTHER", transit_countries=[], destination_country="DE",
        items=[{"description": "Rifles", "control_category": "ML1", "quantity": 10,
                "unit": "pieces", "value": "1000.00", "currency": "EUR",
                "for_assembly_abroad": False}],
        parties=[{"role": "end_user", "name": "Bundeswehr Beschaffungsamt", "country": "DE",
                  "address": "Koblenz", "end_user_type": "armed_forces"},
                 {"role": "consignee", "name": "BAAINBw", "country": "DE", "address": "Koblenz",
                  "end_user_type": ""}])
    client = signed_in(officer)
    open_rows = client.get("/queue/?findings=open").context["page"].object_list
    assert "FLAGGED" in [r.applicant_reference for r in open_rows]
    assert [r.open_findings for r in open_rows if r.applicant_reference == "FLAGGED"] == [1]
    assert "CLEAN" in rows(client.get("/queue/?findings=none"))
    assert "FLAGGED" not in rows(client.get("/queue/?findings=none"))
    assert rows(client.get("/queue/?destination=DE")) == ["OTHER"]
    assert rows(client.get("/queue/?category=ML1")) == ["OTHER"]
    assert rows(client.get("/queue/?q=beschaffungs")) == ["OTHER"]
    euc = clean.end_user_certificate.number
    assert rows(client.get(f"/queue/?q={euc}")) == ["CLEAN"]
    assert rows(client.get("/queue/?q=flagg")) == ["FLAGGED"]
    assert rows(client.get(f"/queue/?organisation={other.organisation_id}")) == ["OTHER"]
    assert rows(client.get("/queue/?state=end_user_verified")) == []
    ShipmentRequest.objects.filter(pk=flagged.pk).update(
        submitted_at=timezone.now() - timedelta(days=35))
    clock.refresh_due_dates()  # as the daily job does
    assert rows(client.get("/queue/?age=overdue")) == ["FLAGGED"]
    assert set(rows(client.get("/queue/?age=recent"))) == {"CLEAN", "OTHER"}
    assert rows(client.get("/queue/?age=overdue&q=clean")) == []


def test_the_queue_is_for_officials(signed_in, applicant):
    assert signed_in(applicant).get("/queue/").status_code == 403


def _queue_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/queue/?state=all&per_page=100")
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_the_number_of_queries_does_not_grow_with_the_rows(signed_in, officer, transit_embargo):
    client = signed_in(officer)
    for _ in range(5):
        factories.submitted_request()
    few_queries, few_rows = _queue_queries(client)
    for _ in range(45):
        factories.submitted_request()
    many_queries, many_rows = _queue_queries(client)
    assert (few_rows, many_rows) == (5, 50)
    assert many_queries == few_queries


def test_pages_and_counts(signed_in, officer):
    for _ in range(27):
        factories.submitted_request()
    client = signed_in(officer)
    first = client.get("/queue/")
    assert (first.context["page"].paginator.count, len(first.context["page"].object_list)) \
        == (27, 25)
    second = client.get("/queue/?page=2")
    assert len(second.context["page"].object_list) == 2
    assert set(rows(first)).isdisjoint(rows(second))
    one_page = client.get("/queue/?per_page=50")
    assert one_page.context["page"].paginator.count == 27
    assert one_page.context["page"].paginator.num_pages == 1
    assert "27 requests" in one_page.content.decode()
    nothing = client.get("/queue/?q=no-such-reference")
    assert nothing.context["page"].paginator.count == 0
    assert "No requests match." in nothing.content.decode()


# The queue's search: references, certificate numbers, party names in their own script
# and folded to one script (search_key, for a search typed in the other script).
TRIGRAM_INDEXES = {"licensing_request_reference_trgm", "licensing_party_name_trgm",
                   "licensing_euc_number_trgm", "licensing_party_search_key_trgm"}


def test_the_search_uses_trigram_indexes_on_postgresql_and_works_without_them(officer):
    """pg_trgm is PostgreSQL's: there the search must use the indexes; on SQLite (for
    development) the migration adds none and the same search still finds the request."""
    from licensing.web.queries import work_queue

    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%trgm%'")
            assert cursor.fetchall() == []
        request = factories.submitted_request()
        assert list(work_queue(officer, {"q": "Armed"}).values_list("pk", flat=True)) == [
            request.pk]
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE %s",
                       ["licensing_%_trgm"])
        assert {name for (name,) in cursor.fetchall()} == TRIGRAM_INDEXES
    factories.submitted_request()
    sql, params = work_queue(officer, {"q": "Armed"}).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test table is tiny: force it
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())
    for name in TRIGRAM_INDEXES:
        assert name in plan, plan


def test_the_age_filters_and_due_date_order_follow_the_clock_with_its_stops(signed_in,
                                                                          officer):
    """Two cases submitted 35 days ago: the one whose applicant has owed an answer for 30
    of them is not overdue; a case whose clock stands still now is under "clock stopped"."""
    late = factories.submitted_request(applicant_reference="LATE")
    waited = factories.submitted_request(applicant_reference="WAITED")
    waiting = factories.submitted_request(applicant_reference="WAITING")
    recent = factories.submitted_request(applicant_reference="RECENT")
    long_ago = timezone.now() - timedelta(days=35)
    ShipmentRequest.objects.filter(pk__in=[late.pk, waited.pk]).update(submitted_at=long_ago)
    answered = notes.ask_applicant(actor=officer, request=waited, question="Consignee?")
    notes.answer_information_request(actor=waited.created_by, information_request=answered,
                                     answer="Agencja Uzbrojenia.")
    type(answered).objects.filter(pk=answered.pk).update(
        asked_at=long_ago + timedelta(days=1), answered_at=long_ago + timedelta(days=31))
    notes.ask_applicant(actor=officer, request=waiting, question="Route?")
    clock.refresh_due_dates()

    client = signed_in(officer)
    assert rows(client.get("/queue/?age=overdue")) == ["LATE"]
    assert set(rows(client.get("/queue/?age=recent"))) == {"WAITED", "RECENT"}
    assert rows(client.get("/queue/?age=stopped")) == ["WAITING"]
    assert rows(client.get("/queue/?sort=due")) == ["LATE", "WAITED", "RECENT", "WAITING"]
    del recent


def test_the_consultation_filter(signed_in, officer):
    waiting = factories.verified_request(consulted=False, applicant_reference="WAITING")
    objected = factories.verified_request(consulted=False, applicant_reference="OBJECTED")
    for referral in objected.referrals.all():
        factories.give_advice(referral, "objection" if referral.body.code == "security"
                              else "consent", criteria=["7"], reasoning="Diversion risk.")
    factories.verified_request(applicant_reference="DONE")
    factories.submitted_request(applicant_reference="NEW")
    client = signed_in(officer)
    assert rows(client.get("/queue/?consultation=waiting")) == ["WAITING"]
    assert rows(client.get("/queue/?consultation=objection")) == ["OBJECTED"]
    assert set(rows(client.get("/queue/?consultation=complete"))) == {"OBJECTED", "DONE"}
    assert rows(client.get("/queue/?consultation=none")) == ["NEW"]
    Referral.objects.filter(request=waiting, body__code="defence").update(
        due_on=timezone.localdate() - timedelta(days=1))
    assert rows(client.get("/queue/?consultation=overdue")) == ["WAITING"]

