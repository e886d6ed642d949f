"""Who may take which transition: `permission=` callables for django-fsm.

Each takes (instance, user). `user` is None only for the system itself, which never
passes these checks: system transitions are taken by services that do not ask."""

from accounts.models import Role


def _is(user, *roles) -> bool:
    return user is not None and user.is_authenticated and user.is_active and user.role in roles


def is_applicant_of(request, user) -> bool:
    return _is(user, Role.APPLICANT) and user.organisation_id == request.organisation_id


def is_caseworker(request, user) -> bool:
    return _is(user, Role.OFFICER, Role.APPROVER)


def is_approver(request, user) -> bool:
    return _is(user, Role.APPROVER)


def is_approver_other_than_verifier(request, user) -> bool:
    """Four eyes: whoever verified the end user may not also grant special approval."""
    if not is_approver(request, user):
        return False
    verification = getattr(request, "end_user_verification", None)
    return verification is None or verification.verified_by_id != user.pk


def is_licence_holder(licence, user) -> bool:
    return is_applicant_of(licence.request, user)


def is_licence_approver(licence, user) -> bool:
    return _is(user, Role.APPROVER)


def system_only(instance, user) -> bool:
    """Transitions nobody takes by hand (expiry, exhaustion)."""
    return False
