"""Screening through a real Celery worker and Redis: queued on submit after commit, a
prohibition denies by itself, and nothing submitted is lost when the broker is down."""

import subprocess
import sys
import textwrap
from datetime import timedelta

import pytest

from licensing.models import AtWarCountry, AuditEvent, Finding, ScreeningRun, ShipmentRequest
from licensing.services import requests, screening
from licensing.tasks import screen_request
from tests import factories
from tests.conftest import REPO_ROOT, _worker_database_url, wait_for


@pytest.mark.django_db(transaction=True)
def test_a_request_to_a_country_at_war_is_denied_by_the_system_citing_the_rule(celery_worker):
    at_war = AtWarCountry.objects.create(country="RU", valid_from="2022-02-24",
                                         basis="national designation")
    request = factories.draft_request(destination_country="RU",
                                      parties=[
                                          {"role": "end_user", "name": "Rosoboronexport",
                                           "country": "RU", "address": "Moscow",
                                           "end_user_type": "trader_broker"},
                                          {"role": "consignee", "name": "Rosoboronexport",
                                           "country": "RU", "address": "Moscow",
                                           "end_user_type": ""}])
    requests.submit_request(actor=request.created_by, request=request)

    def denied():
        """the worker screened and denied the request"""
        return ShipmentRequest.objects.get(pk=request.pk).status == "denied"

    wait_for(denied)
    request.refresh_from_db()
    assert request.decided_by is None
    assert [c.code for c in request.decision_criteria.all()] == ["NAT-WAR"]
    assert "at-war list" in request.decision_reason
    event = AuditEvent.objects.get(request=request, action="request.denied_by_system")
    assert event.actor_label == "system"
    rule = event.after["evidence"]["rules"][0]
    assert rule == {**rule, "rule": "at_war_country", "entry_id": at_war.pk, "country": "RU"}
    run = request.screening_runs.get()
    assert run.status == "completed"
    assert run.list_versions["at_war"] >= 0


@pytest.mark.django_db(transaction=True)
def test_a_request_submitted_while_the_broker_was_down_is_screened_by_the_sweep(celery_worker):
    request = factories.draft_request()
    # Another web process, whose broker is unreachable, takes the submission.
    script = textwrap.dedent(f"""
        from accounts.models import User
        from licensing.models import ShipmentRequest
        from licensing.services.requests import submit_request
        request = ShipmentRequest.objects.get(pk={request.pk})
        submit_request(actor=User.objects.get(pk={request.created_by_id}), request=request)
    """)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script], cwd=REPO_ROOT,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": _worker_database_url(),
             "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"},
        capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "left for the sweep" in result.stderr
    run = ScreeningRun.objects.get(request=request)
    assert run.status == "queued"

    sent = screening.sweep_unscreened_requests(older_than=timedelta(0))
    assert sent == [run.pk]

    def screened():
        """the worker completed the run the sweep sent"""
        return ScreeningRun.objects.get(pk=run.pk).status == "completed"

    wait_for(screened)


@pytest.mark.django_db
def test_running_a_screening_task_twice_changes_nothing_the_second_time():
    from licensing.models import ArmsEmbargo

    ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="non_state", legal_basis="x")
    request = factories.draft_request()
    requests.submit_request(actor=request.created_by, request=request)
    run = request.screening_runs.get()
    assert screen_request.apply(args=[run.pk]).get() == "completed"
    assert screen_request.apply(args=[run.pk]).get() == "already completed"
    assert Finding.objects.filter(run=run).count() == 1
    assert AuditEvent.objects.filter(action="screening.completed").count() == 1


@pytest.mark.django_db
def test_the_sweep_finds_runs_that_were_lost_or_died(settings):
    settings.SCREENING_STALE_AFTER = timedelta(minutes=10)
    queued = factories.draft_request()
    requests.submit_request(actor=queued.created_by, request=queued)
    lost_run = queued.screening_runs.get()
    fresh = factories.draft_request()
    requests.submit_request(actor=fresh.created_by, request=fresh)
    ScreeningRun.objects.filter(pk=lost_run.pk).update(
        queued_at=lost_run.queued_at - timedelta(minutes=5))
    assert screening.sweep_unscreened_requests() == [lost_run.pk]


@pytest.mark.django_db
def test_a_clearance_carries_over_to_a_rerun_that_finds_the_same_thing():
    from licensing.models import ArmsEmbargo
    from licensing.services.screening import clear_finding, screen_now

    ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="non_state", legal_basis="x")
    request = factories.submitted_request()
    finding = request.findings.get()
    clear_finding(actor=factories.OfficerFactory(), finding=finding, reason="State consignee.")
    run = screen_now(request=request, trigger=ScreeningRun.Trigger.MANUAL)
    rerun_finding = run.findings.get()
    assert rerun_finding.cleared_at is not None
    assert rerun_finding.clearance_reason == "State consignee."

    ArmsEmbargo.objects.create(country="SK", imposer="EU", scope="non_state", legal_basis="y")
    run = screen_now(request=request, trigger=ScreeningRun.Trigger.MANUAL)
    assert run.findings.filter(cleared_at__isnull=True).count() == 1


def test_the_periodic_sweep_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "licensing.tasks.sweep_unscreened_requests" in tasks
