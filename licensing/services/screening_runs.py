"""Recording a screening run and sending it to a worker. The run is recorded in the
database first, in the caller's transaction; the message goes once it commits, and if the
broker is down the run stays queued and the sweep (services/screening.py) sends it again."""

from django.db import transaction

from licensing.models import ScreeningRun, ShipmentRequest


def queue_screening(*, request: ShipmentRequest, trigger: str) -> ScreeningRun:
    run = ScreeningRun.objects.create(request=request, trigger=trigger)
    transaction.on_commit(lambda: send_screening(run.pk))
    return run


def send_screening(run_id: int) -> None:
    from licensing.tasks import screen_request, send_task_safely  # until the outbox lands

    send_task_safely(screen_request, run_id)
