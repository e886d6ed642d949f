"""Taking one django-fsm transition the same way everywhere: state, then permission, then
guards, then the optimistic-locked save; each failure becomes a clear ServiceError."""

from collections.abc import Callable

from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from licensing.services.errors import NotPermitted, TransitionConflict, TransitionRefused


def ensure_transition_allowed(instance, name: str, *, actor) -> None:
    """Refuse a transition the current state does not offer (409) or the actor may not
    take (403). `actor=None` is the system, which needs no permission."""
    method = getattr(instance, name)
    label = name.replace("_", " ")
    state = instance.status
    if not can_proceed(method, check_conditions=False):
        noun = "request" if instance._meta.model_name == "shipmentrequest" else "licence"
        raise TransitionConflict(f"Cannot {label} a {noun} that is {state.replace('_', ' ')}.")
    if actor is not None and not method._django_fsm.has_transition_perm(instance, state, actor):
        raise NotPermitted(f"You may not {label} this.")


def take_transition(instance, name: str, *, actor, problems: Callable[[], list[str]] | None = None):
    """Run `instance.<name>()` and save it: state, then permission, then guards, then the
    optimistic-locked save. Call inside `transaction.atomic()` with the audit write."""
    ensure_transition_allowed(instance, name, actor=actor)
    label = name.replace("_", " ")
    state = instance.status
    unmet = problems() if problems else []
    if unmet:
        raise TransitionRefused(f"Cannot {label} yet.", unmet)
    try:
        getattr(instance, name)()
    except TransitionNotAllowed as exc:
        raise TransitionRefused(f"Cannot {label} yet.") from exc
    try:
        instance.save()
    except ConcurrentTransition as exc:
        raise TransitionConflict(
            "Someone else changed this at the same moment; reload and try again."
        ) from exc
    return state
