"""Recording a screening run and sending it to a worker. The run and its message are
recorded in the caller's transaction (the outbox, services/background.py); the message is
sent once it commits. If the broker is down the run stays queued and both sweeps find it."""

from licensing.models import ScreeningRun, ShipmentRequest
from licensing.services.background import SCREEN_REQUEST, enqueue, send_now
from licensing.services.open_findings import recount_open_findings


def queue_screening(*, request: ShipmentRequest, trigger: str) -> ScreeningRun:
    run = ScreeningRun.objects.create(request=request, trigger=trigger)
    recount_open_findings(request.pk)  # the latest run has no findings yet
    enqueue(SCREEN_REQUEST, run.pk)
    return run


def send_screening(run_id: int) -> None:
    """Send again a run the database already keeps owed (the screening sweep)."""
    send_now(SCREEN_REQUEST, run_id)
