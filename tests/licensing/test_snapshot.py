"""A page reads one moment: a commit made by another connection while the page is being
built is not half-seen (the finished screening run beside the status from before).

On PostgreSQL the other connection commits at once and the snapshot hides it; on SQLite it
waits for the page's transaction to end. Either way the page sees it only afterwards."""

import threading

import pytest
from django.db import connection

from licensing.models import RequestStatus, ShipmentRequest
from licensing.snapshot import one_snapshot
from tests import factories


def _status(pk):
    return ShipmentRequest.objects.values_list("status", flat=True).get(pk=pk)


@pytest.mark.django_db(transaction=True)
def test_a_commit_made_during_the_snapshot_is_seen_only_after_it():
    request = factories.submitted_request()

    def worker_denies():
        try:
            ShipmentRequest.objects.filter(pk=request.pk).update(status=RequestStatus.DENIED)
        finally:
            connection.close()

    with one_snapshot():
        assert _status(request.pk) == RequestStatus.SUBMITTED
        worker = threading.Thread(target=worker_denies)
        worker.start()
        worker.join(timeout=10 if connection.vendor == "postgresql" else 0.5)
        if connection.vendor == "postgresql":
            assert not worker.is_alive(), "the other connection should have committed by now"
        assert _status(request.pk) == RequestStatus.SUBMITTED
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert _status(request.pk) == RequestStatus.DENIED


@pytest.mark.django_db
def test_inside_a_transaction_already_reading_it_joins_that_transaction():
    """PostgreSQL refuses to change the isolation of a transaction that has read already."""
    request = factories.submitted_request()
    with one_snapshot():
        assert _status(request.pk) == RequestStatus.SUBMITTED
