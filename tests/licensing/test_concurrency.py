"""Two people acting on one request at once: one wins, everyone else gets a conflict.

On PostgreSQL this is a real race between connections; on SQLite writers are serialised
and the later ones find the state already changed. Either way: exactly one success."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from licensing.errors import TransitionConflict, TransitionRefused
from licensing.models import AuditEvent, EndUserVerification
from licensing.services import requests
from tests import factories

ATTEMPTS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_verifications_give_exactly_one_success():
    request = factories.submitted_request()
    officers = [factories.OfficerFactory() for _ in range(ATTEMPTS)]
    start = threading.Barrier(ATTEMPTS)
    outcomes = []

    def attempt(officer):
        try:
            start.wait()
            requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                     reference=f"Note by {officer.pk}",
                                     verified_on=timezone.localdate())
            outcomes.append("success")
        except TransitionConflict:
            outcomes.append("conflict")
        except TransitionRefused as refusal:  # named with its reasons, should it happen
            outcomes.append(("refused", [str(problem) for problem in refusal.problems]))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("success") == 1, outcomes
    assert outcomes.count("conflict") == ATTEMPTS - 1, outcomes
    request.refresh_from_db()
    assert request.status == "end_user_verified"
    assert EndUserVerification.objects.filter(request=request).count() == 1
    assert AuditEvent.objects.filter(request=request,
                                     action="request.end_user_verified").count() == 1
