"""Reads: which requests a user may see, and the per-user view of what they may do.

Visibility is enforced here and only here; an object outside it is reported as not found
(404), never as forbidden, so its existence is not revealed."""

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from accounts.models import Role
from licensing.models import (
    Finding,
    Licence,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.workflow import guards

# The API names of the transitions (DESIGN.md): hyphenated, and recording a shipment is
# what the applicant does (the last consignment is what moves the request to `shipped`).
TRANSITION_NAMES = {
    "submit": "submit",
    "request_changes": "request-changes",
    "withdraw": "withdraw",
    "deny": "deny",
    "verify_end_user": "verify-end-user",
    "grant_special_approval": "grant-special-approval",
    "mark_shipped": "record-shipment",
}
TRANSITION_PROBLEMS = {
    "submit": guards.submission_problems,
    "verify_end_user": guards.end_user_verification_problems,
    "grant_special_approval": guards.special_approval_problems,
}


def visible_requests(user):
    if not (user and user.is_authenticated and user.is_active):
        return ShipmentRequest.objects.none()
    qs = ShipmentRequest.objects.all()
    if user.role == Role.APPLICANT:
        return qs.filter(organisation_id=user.organisation_id)
    if user.role in (Role.OFFICER, Role.APPROVER, Role.AUDITOR):
        return qs.exclude(status=RequestStatus.DRAFT)
    # Consulted agencies see what is referred to them (consultations issue); admins
    # manage users and lists, not cases.
    return qs.none()


def get_visible_request(user, pk) -> ShipmentRequest:
    try:
        return visible_requests(user).select_related("organisation").get(pk=pk)
    except (ShipmentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request.") from None


def get_visible_licence(user, pk) -> Licence:
    try:
        return Licence.objects.select_related("request").get(
            pk=pk, request__in=visible_requests(user))
    except (Licence.DoesNotExist, ValueError, TypeError):
        raise Http404("No such licence.") from None


def get_visible_finding(user, request, pk) -> Finding:
    try:
        return request.findings.get(pk=pk)
    except (Finding.DoesNotExist, ValueError, TypeError):
        raise Http404("No such finding.") from None


def request_detail_queryset(user):
    return visible_requests(user).select_related(
        "organisation", "end_user_certificate", "end_user_verification", "licence",
        "decided_by",
    ).prefetch_related(
        "parties", "items", "transit_countries", "end_user_certificate__items", "documents",
        "decision_criteria", "licence__items",
    )


def request_list_queryset(user, *, status=None, destination_country=None, organisation=None,
                          submitted_after=None, submitted_before=None):
    qs = visible_requests(user).select_related("organisation").annotate(
        open_findings=Count("findings", filter=Q(
            findings__severity__in=("high", "medium"), findings__cleared_at__isnull=True),
            distinct=True),
    )
    if status:
        qs = qs.filter(status=status)
    if destination_country:
        qs = qs.filter(destination_country=destination_country.upper())
    if organisation:
        qs = qs.filter(organisation_id=organisation)
    if submitted_after:
        qs = qs.filter(submitted_at__date__gte=submitted_after)
    if submitted_before:
        qs = qs.filter(submitted_at__date__lte=submitted_before)
    return qs.order_by("submitted_at", "id") if status != RequestStatus.DRAFT else qs


def latest_screening(request) -> ScreeningRun | None:
    return (request.screening_runs.order_by("-queued_at", "-id")
            .prefetch_related(Prefetch("findings", queryset=Finding.objects
                                       .select_related("cleared_by")))
            .first())


def available_transitions(user, request) -> list[str]:
    """The API names of the transitions `user` may take on `request` right now."""
    names = []
    for transition in request.get_available_user_status_transitions(user):
        if transition.name == "mark_shipped" and request.licence.status != "issued":
            continue
        names.append(TRANSITION_NAMES[transition.name])
    return names


def blocked_transitions(user, request) -> list[dict]:
    """Transitions the user could take from this state but whose conditions are unmet,
    with the reasons, so a screen can say what is missing instead of hiding the button."""
    blocked = []
    for name, problems_of in TRANSITION_PROBLEMS.items():
        meta = getattr(request, name)._django_fsm
        if not (meta.has_transition(request.status)
                and meta.has_transition_perm(request, request.status, user)):
            continue
        problems = problems_of(request)
        if problems:
            blocked.append({"transition": TRANSITION_NAMES[name], "problems": problems})
    return blocked


def licence_transitions(user, licence) -> list[str]:
    return [t.name.replace("_", "-") for t in licence.get_available_user_status_transitions(user)]
