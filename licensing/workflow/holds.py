"""Which export halts reach a request: reads shared by the guards, the halt service and the
pages.

A halt in force covers an item when the item's control category is in its scope (or it
names none) and the request's destination is too (or it names none). In "deny" mode it
holds every open request in scope and stops shipments; in "special approval only" mode
an approving authority may grant with a written override reason (a HaltOverride), which
also lets the licence's shipments go."""

from datetime import date

from licensing.models import ExportHalt, HaltOverride, ShipmentRequest


def halts_covering(request: ShipmentRequest, on: date | None = None,
                   categories: set[str] | None = None) -> list[ExportHalt]:
    destination = str(request.destination_country)
    if categories is None:
        categories = {item.control_category for item in request.items.all()}
    return [halt for halt in ExportHalt.in_force(on)
            if any(halt.covers(control_category=c, destination=destination)
                   for c in categories)]


def holding_halts(request: ShipmentRequest, on: date | None = None) -> list[ExportHalt]:
    """The halts in "deny" mode that hold the request (nothing moves while they last)."""
    return [h for h in halts_covering(request, on) if h.mode == ExportHalt.Mode.DENY]


def overridden_halt_ids(request: ShipmentRequest) -> set[int]:
    return set(HaltOverride.objects.filter(request=request).values_list("halt_id", flat=True))
