"""Export halts as guards: what `SPECIAL_APPROVAL_GUARDS` and `SHIPMENT_GUARDS` add.

A halt in force covers an item when the item's control category is in its scope (or it
names none) and the request's destination is too (or it names none). "deny": nothing in
scope may be approved or shipped. "special approval only": an approving authority may
grant with a written override reason (a HaltOverride), which also lets its shipments go."""


def _describe(halt) -> str:
    until = f" until {halt.valid_until}" if halt.valid_until else ""
    return f"Export halt \"{halt.title}\" (from {halt.valid_from}{until})"


def special_approval_halt_problems(request) -> list[str]:
    from licensing.models import ExportHalt
    from licensing.services.halts import halts_covering, overridden_halt_ids

    halts = halts_covering(request)
    if not halts:
        return []
    overridden = overridden_halt_ids(request)
    problems = []
    for halt in halts:
        if halt.mode == ExportHalt.Mode.DENY:
            problems.append(f"{_describe(halt)} forbids approving this request.")
        elif halt.pk not in overridden:
            problems.append(f"{_describe(halt)} covers this request: an approving authority "
                            "may grant only with a written override reason.")
    return problems


def shipment_halt_problems(licence, quantities, shipped_on) -> list[str]:
    from licensing.models import ExportHalt, LicenceItem
    from licensing.services.halts import halts_covering, overridden_halt_ids

    categories = set(LicenceItem.objects.filter(pk__in=list(quantities))
                     .values_list("line_item__control_category", flat=True))
    halts = halts_covering(licence.request, on=shipped_on, categories=categories)
    if not halts:
        return []
    overridden = overridden_halt_ids(licence.request)
    return [f"{_describe(halt)} covers this shipment: nothing in its scope may be shipped."
            for halt in halts
            if halt.mode == ExportHalt.Mode.DENY or halt.pk not in overridden]


def register() -> None:
    from licensing.workflow.guards import SHIPMENT_GUARDS, SPECIAL_APPROVAL_GUARDS

    if special_approval_halt_problems not in SPECIAL_APPROVAL_GUARDS:
        SPECIAL_APPROVAL_GUARDS.append(special_approval_halt_problems)
    if shipment_halt_problems not in SHIPMENT_GUARDS:
        SHIPMENT_GUARDS.append(shipment_halt_problems)
