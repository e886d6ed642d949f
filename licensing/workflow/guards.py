"""What must be true before a transition, as DESIGN.md's tables say.

Each `*_problems` function returns the unmet conditions as sentences for the user (empty
when the transition may go ahead); the boolean wrappers are the django-fsm `conditions`.
Later features add to `SPECIAL_APPROVAL_GUARDS` and `SHIPMENT_GUARDS` rather than editing
the services."""

from collections.abc import Callable

from django.utils import timezone


def submission_problems(request) -> list[str]:
    from licensing.models import DocumentKind, PartyRole

    problems = []
    if not request.items.exists():
        problems.append("Add at least one item.")
    roles = set(request.parties.values_list("role", flat=True))
    if PartyRole.END_USER not in roles:
        problems.append("Name the end user.")
    if PartyRole.CONSIGNEE not in roles:
        problems.append("Name the consignee.")
    certificate = getattr(request, "end_user_certificate", None)
    if certificate is None:
        problems.append("Give the end-user certificate.")
    if not request.documents.filter(kind=DocumentKind.END_USER_CERTIFICATE).exists():
        problems.append("Upload the end-user certificate document.")
    return problems


def screening_problems(request) -> list[str]:
    """Screening finished, current (no list changed since), and every finding that
    needs an officer has been cleared with a reason."""
    from licensing.models import ScreeningRun
    from licensing.services.reference import current_list_versions

    latest = request.screening_runs.order_by("-queued_at", "-id").first()
    if latest is None:
        return ["Screening has not run yet."]
    if latest.status != ScreeningRun.Status.COMPLETED:
        return ["Screening is still running."]
    problems = []
    if latest.list_versions != current_list_versions():
        problems.append("A reference list changed since the last screening; it is re-running.")
    uncleared = latest.findings.filter(severity__in=("high", "medium"), cleared_at__isnull=True)
    if uncleared.exists():
        problems.append(f"{uncleared.count()} screening finding(s) must be cleared with a reason.")
    if latest.findings.filter(severity="prohibition").exists():
        problems.append("Screening found a prohibition.")
    return problems


def end_user_verification_problems(request) -> list[str]:
    return screening_problems(request)


# Each takes the request and returns problems. Export halts and consultations add theirs.
SPECIAL_APPROVAL_GUARDS: list[Callable] = [screening_problems]


def special_approval_problems(request) -> list[str]:
    return [problem for guard in SPECIAL_APPROVAL_GUARDS for problem in guard(request)]


def _licence_in_force(licence, quantities, shipped_on) -> list[str]:
    from licensing.models import LicenceStatus

    problems = []
    if licence.status != LicenceStatus.ISSUED:
        problems.append(f"The licence is {licence.get_status_display().lower()}.")
    if not licence.is_within_validity(shipped_on):
        problems.append(
            f"The shipment date {shipped_on} is outside the licence's validity "
            f"({licence.valid_from} to {licence.valid_until})."
        )
    if shipped_on > timezone.localdate():
        problems.append("A shipment cannot be recorded before it happens.")
    return problems


def _quantities_remain(licence, quantities, shipped_on) -> list[str]:
    problems = []
    items = {item.pk: item for item in licence.items.all()}
    for licence_item_id, quantity in quantities.items():
        item = items.get(licence_item_id)
        if item is None:
            problems.append(f"Item {licence_item_id} is not on this licence.")
        elif quantity > item.remaining_quantity:
            problems.append(
                f"{quantity} exceeds the {item.remaining_quantity} remaining of "
                f"'{item.line_item.description}'."
            )
    return problems


# Each takes (licence, {licence_item_id: quantity}, shipped_on) and returns problems.
SHIPMENT_GUARDS: list[Callable] = [_licence_in_force, _quantities_remain]


def shipment_problems(licence, quantities, shipped_on) -> list[str]:
    return [p for guard in SHIPMENT_GUARDS for p in guard(licence, quantities, shipped_on)]


# django-fsm conditions: the same rules, as booleans.
def ready_to_submit(request) -> bool:
    return not submission_problems(request)


def ready_for_end_user_verification(request) -> bool:
    return not end_user_verification_problems(request)


def ready_for_special_approval(request) -> bool:
    return not special_approval_problems(request)
