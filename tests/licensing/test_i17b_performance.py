"""Issue 17, second round: the screening worker reads the country lists once per version of
them (per process), a run's queries are few and do not depend on what came before, and
nothing of that changes what a run finds or records. No timings: bench/step_cpu.py and
bench/load.py measure."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from licensing.models import AtWarCountry, ScreeningRun, Severity
from licensing.reference_data import current_list_versions
from licensing.services import requests as request_services
from licensing.services import screening
from licensing.services.reference import save_reference_entry
from tests import factories

COUNTRY_TABLES = ('"licensing_atwarcountry"', '"licensing_armsembargo"',
                  '"licensing_diversionriskcountry"')


def _statements(captured):
    return [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


def _queued_run(applicant, **overrides):
    request = factories.draft_request(applicant, **overrides)
    request_services.submit_request(actor=applicant, request=request)
    return request, request.screening_runs.get()


def _screen(run):
    """What the Celery task does; returns the statements of each of its two parts."""
    with CaptureQueriesContext(connection) as started:
        assert screening.mark_run_started(run.pk) is True
    with CaptureQueriesContext(connection) as executed:
        screening.execute_screening_run(run.pk)
    return _statements(started), _statements(executed)


def _reads_country_lists(statements):
    return [sql for sql in statements if any(t in sql for t in COUNTRY_TABLES)]


@pytest.mark.django_db
def test_a_run_reads_the_country_lists_only_when_they_changed(applicant):
    _first, first_run = _queued_run(applicant)
    _started, executed = _screen(first_run)
    assert len(_reads_country_lists(executed)) == 3  # at war, embargoes, diversion risk
    _second, second_run = _queued_run(applicant)
    started, executed = _screen(second_run)
    assert _reads_country_lists(executed) == []
    # Counted on issue 17's second round (the first round's run made 4 + 27): one UPDATE
    # to start; the run, its request's collections, the lists, the earlier run, the
    # run's UPDATE and the audit event (PostgreSQL adds the chain's advisory lock).
    assert len(started) == 1
    assert len(executed) <= 18
    second_run.refresh_from_db()
    assert second_run.status == ScreeningRun.Status.COMPLETED
    assert second_run.list_versions == current_list_versions()


@pytest.mark.django_db
def test_a_list_changed_through_the_service_is_seen_by_the_next_run(applicant, approver):
    _request, run = _queued_run(applicant)
    _screen(run)  # the lists are now cached
    save_reference_entry(actor=approver, rescreen=False,
                         entry=AtWarCountry(country="PL", valid_from="2026-01-01",
                                            basis="test"))
    request, run = _queued_run(applicant)
    _started, executed = _screen(run)
    assert len(_reads_country_lists(executed)) == 3
    request.refresh_from_db()
    assert request.status == "denied"
    assert run.findings.filter(severity=Severity.PROHIBITION).exists()


@pytest.mark.django_db
def test_a_list_written_without_the_service_or_its_signals_is_seen_too(applicant):
    """bulk_create sends no post_save and bumps no version: the rows' count and highest id,
    read with the versions, tell the cache it is out of date."""
    _request, run = _queued_run(applicant)
    _screen(run)
    AtWarCountry.objects.bulk_create([AtWarCountry(country="PL", valid_from="2026-01-01")])
    request, run = _queued_run(applicant)
    _screen(run)
    request.refresh_from_db()
    assert request.status == "denied"


@pytest.mark.django_db
def test_starting_a_run_counts_the_attempt_and_leaves_a_completed_run_alone(applicant):
    _request, run = _queued_run(applicant)
    assert screening.mark_run_started(run.pk) is True
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ScreeningRun.Status.RUNNING, 1)
    assert run.started_at is not None
    assert screening.mark_run_started(run.pk) is True  # a retry after a failure
    run.refresh_from_db()
    assert run.attempts == 2
    screening.execute_screening_run(run.pk)
    assert screening.mark_run_started(run.pk) is False
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ScreeningRun.Status.COMPLETED, 2)
    with pytest.raises(ScreeningRun.DoesNotExist):
        screening.mark_run_started(run.pk + 1000)


@pytest.mark.django_db
def test_a_request_no_longer_open_is_not_screened(applicant):
    request, run = _queued_run(applicant)
    request_services.withdraw_request(actor=applicant, request=request, reason="test")
    screening.mark_run_started(run.pk)
    screening.execute_screening_run(run.pk)
    run.refresh_from_db()
    assert run.status == ScreeningRun.Status.COMPLETED
    assert run.error.startswith("Not screened") and not run.findings.exists()


# --- the request's detail, built directly ---

def _generic(serializer_class, instance, context):
    """What DRF's own Serializer.to_representation answers for the declared fields."""
    from rest_framework import serializers

    serializer = serializer_class(instance, context=context)
    return serializers.Serializer.to_representation(serializer, instance)


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "submitted", "end_user_verified",
                                   "special_approval", "shipped", "denied", "withdrawn"])
def test_the_detail_built_directly_is_what_drf_would_answer(state, rf, officer):
    import json

    from rest_framework.request import Request
    from rest_framework.utils.encoders import JSONEncoder

    from licensing import selectors
    from licensing.api import outputs
    from licensing.models import Finding

    ArmsEmbargo_partial = {"country": "HU", "imposer": "EU", "scope": "partial",
                           "legal_basis": "x"}
    from licensing.models import ArmsEmbargo

    if state == "submitted":
        ArmsEmbargo.objects.create(**ArmsEmbargo_partial)  # a finding to show
    request = factories.request_in_state(state)
    for user, output in ((request.created_by, outputs.ApplicantRequestOutput),
                         (officer, outputs.OfficialRequestOutput)):
        if not selectors.visible_requests(user).filter(pk=request.pk).exists():
            continue  # a draft, for the officer
        http = rf.get("/api/v1/requests/1/", HTTP_ACCEPT_LANGUAGE="en")
        http.user = user
        context = {"request": Request(http)}
        context["request"]._force_auth_user = user
        context["request"].user = user
        instance = selectors.request_detail_queryset(user).get(pk=request.pk)
        direct = output(instance, context=context).data
        instance = selectors.request_detail_queryset(user).get(pk=request.pk)
        generic = _generic(output, instance, context)
        assert json.loads(json.dumps(direct, cls=JSONEncoder)) == \
            json.loads(json.dumps(generic, cls=JSONEncoder))
        assert list(direct) == list(generic)  # the same order of keys, too
    if state == "submitted":
        assert Finding.objects.filter(request=request).exists()


@pytest.mark.django_db
def test_the_answer_to_create_is_the_request_as_read_back(api, applicant):
    """The create answer leaves out the reads of documents and screening runs (a request
    just created has none), and is otherwise what reading it back answers."""
    from tests.licensing.test_api_requests import body

    client = api.as_user(applicant)
    with CaptureQueriesContext(connection) as create:
        created = client.post("/api/v1/requests/", body(), format="json")
    assert created.status_code == 201
    read = client.get(f"/api/v1/requests/{created.json()['id']}/")
    assert created.json() == read.json()
    assert created.json()["documents"] == []
    assert created.json()["screening"]["status"] == "not_screened"
    tables = " ".join(_statements(create))
    assert '"licensing_document"' not in tables and '"licensing_screeningrun"' not in tables
    # Counted on the second round: 18 statements besides savepoints (the first round: 19).
    assert len(_statements(create)) <= 18
