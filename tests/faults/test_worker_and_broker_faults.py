"""Faults with real services: a worker SIGKILLed in the middle of a screening, and Redis
stopped while applicants submit. Nothing is lost: every screening completes once a worker
and the broker are back, through the stale-run sweep (what beat runs every
SCREENING_SWEEP_SECONDS)."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings

from licensing.models import ScreeningRun
from licensing.services import requests as request_services
from licensing.services.screening import sweep_unscreened_requests
from tests import factories
from tests.conftest import TEST_BROKER_URL, wait_for
from tests.faults.workers import RedisServer, Worker, route_screening_to

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _sweep_until(predicate, timeout):
    """Do what beat does (run the sweep) until `predicate` holds."""
    def swept():
        sweep_unscreened_requests()
        return predicate()
    swept.__doc__ = predicate.__doc__
    return wait_for(swept, timeout=timeout, interval=1.0)


def test_the_defaults_recover_a_killed_screening_within_a_minute():
    """The stale threshold plus the sweep interval bound how long a lost run waits."""
    sweep_every = django_settings.CELERY_BEAT_SCHEDULE["sweep-unscreened-requests"]["schedule"]
    assert django_settings.SCREENING_STALE_AFTER + sweep_every <= timedelta(minutes=1)
    assert django_settings.SCREENING_QUEUED_GRACE + sweep_every <= timedelta(minutes=1)
    # Redis must not hand a running task to a second worker: longer than any task runs.
    assert django_settings.CELERY_VISIBILITY_TIMEOUT_SECONDS >= 300


def test_a_screening_whose_worker_is_killed_is_run_again(settings, monkeypatch, tmp_path):
    settings.SCREENING_STALE_AFTER = timedelta(seconds=3)
    queue = f"fault-{uuid.uuid4().hex[:10]}"
    route_screening_to(monkeypatch, queue=queue, broker_url=TEST_BROKER_URL)
    slow = Worker(tmp_path, queue=queue, broker_url=TEST_BROKER_URL,
                  include="tests.faults.slow_screening")
    replacement = None
    try:
        request = factories.draft_request()
        request_services.submit_request(actor=request.created_by, request=request)
        run = request.screening_runs.get()

        def running():
            """the slow worker started the screening"""
            return ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.RUNNING
        wait_for(running, timeout=60)
        slow.kill()  # in the middle of the screening
        assert ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.RUNNING

        replacement = Worker(tmp_path, queue=queue, broker_url=TEST_BROKER_URL)

        def completed():
            """the sweep re-sent the lost run and the new worker completed it"""
            return ScreeningRun.objects.get(pk=run.pk).status == ScreeningRun.Status.COMPLETED
        _sweep_until(completed, timeout=90)
        run.refresh_from_db()
        assert run.attempts == 2
    except AssertionError:
        print(slow.tail(), replacement.tail() if replacement else "")
        raise
    finally:
        slow.stop()
        if replacement:
            replacement.stop()


def test_submissions_while_redis_is_down_are_all_screened_when_it_returns(
        settings, monkeypatch, tmp_path, api):
    redis_server = RedisServer(tmp_path).start()
    queue = f"fault-{uuid.uuid4().hex[:10]}"
    route_screening_to(monkeypatch, queue=queue, broker_url=redis_server.url)
    worker = Worker(tmp_path, queue=queue, broker_url=redis_server.url)
    try:
        applicant = factories.ApplicantFactory()
        drafts = [factories.draft_request(applicant) for _ in range(4)]
        client = api.as_user(applicant)
        # One submission with Redis up, then Redis stops and three more come in.
        assert client.post(f"/api/v1/requests/{drafts[0].pk}/submit/", {},
                           format="json").status_code == 200
        redis_server.stop()
        for draft in drafts[1:]:
            response = client.post(f"/api/v1/requests/{draft.pk}/submit/", {}, format="json")
            assert response.status_code == 200, response.content  # accepted, not lost
        runs = ScreeningRun.objects.filter(request__in=drafts)
        assert runs.count() == 4
        redis_server.start()  # the worker reconnects by itself
        settings.SCREENING_QUEUED_GRACE = timedelta(0)

        def all_completed():
            """every submission made while Redis was down was screened"""
            return not runs.exclude(status=ScreeningRun.Status.COMPLETED).exists()
        _sweep_until(all_completed, timeout=120)
    except AssertionError:
        print(worker.tail())
        raise
    finally:
        worker.stop()
        redis_server.stop()
