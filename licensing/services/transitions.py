"""Taking one django-fsm transition the same way everywhere: state, then permission, then
guards, then the optimistic-locked save; each failure becomes a clear ServiceError."""

from collections.abc import Callable

from django_fsm import ConcurrentTransition, TransitionNotAllowed, can_proceed

from licensing.services.errors import NotPermitted, TransitionConflict, TransitionRefused


def take_transition(instance, name: str, *, actor, problems: Callable[[], list[str]] | None = None):
    """Run `instance.<name>()` and save it. `actor=None` is the system, which needs no
    permission. Call inside `transaction.atomic()` with the audit write."""
    method = getattr(instance, name)
    label = name.replace("_", " ")
    state = instance.status
    if not can_proceed(method, check_conditions=False):
        raise TransitionConflict(f"Cannot {label} a request that is {state.replace('_', ' ')}."
                                 if instance._meta.model_name == "shipmentrequest" else
                                 f"Cannot {label} a licence that is {state}.")
    if actor is not None and not method._django_fsm.has_transition_perm(instance, state, actor):
        raise NotPermitted(f"You may not {label} this.")
    unmet = problems() if problems else []
    if unmet:
        raise TransitionRefused(f"Cannot {label} yet.", unmet)
    try:
        method()
    except TransitionNotAllowed as exc:
        raise TransitionRefused(f"Cannot {label} yet.") from exc
    try:
        instance.save()
    except ConcurrentTransition as exc:
        raise TransitionConflict(
            "Someone else changed this at the same moment; reload and try again."
        ) from exc
    return state
