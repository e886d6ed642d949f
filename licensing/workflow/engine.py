"""Running the rulebook: what a user is offered on a case now, and taking a transition.

`offers` is what the page's actions, the API's `available_transitions` and
`blocked_transitions` show; `take` is what every service calls. Both judge a case with
the same entries and guards, so what is offered is what the service then allows."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from licensing.errors import NotPermitted, TransitionConflict, TransitionRefused
from licensing.workflow import transitions
from licensing.workflow.facts import LicenceFacts, RequestFacts
from licensing.workflow.transitions import LICENCE, REQUEST, Transition


def machine_of(obj) -> str:
    return REQUEST if obj._meta.model_name == "shipmentrequest" else LICENCE


def facts_for(obj, *, actor=None, inputs: dict | None = None):
    facts_class = RequestFacts if machine_of(obj) == REQUEST else LicenceFacts
    return facts_class(obj, actor=actor, inputs=inputs)


@dataclass(frozen=True)
class Offer:
    """A transition the user may take from this state: available when nothing blocks it,
    otherwise blocked with the reasons; `notices` are what its inputs must satisfy."""

    transition: Transition
    problems: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def available(self) -> bool:
        return not self.problems

    @property
    def slug(self) -> str:
        return self.transition.slug


def offers(user, obj) -> list[Offer]:
    """In the rulebook's order (the usual next step first)."""
    facts = facts_for(obj, actor=user)
    result = []
    for entry in transitions.transitions_of(machine_of(obj)):
        if obj.status not in entry.sources or not entry.who(obj, user):
            continue
        result.append(Offer(
            entry,
            problems=[p for guard in entry.guards for p in guard(facts)],
            notices=[p for guard in entry.input_guards for p in guard(facts)]))
    return result


def available_slugs(user, obj, judged: list[Offer] | None = None) -> list[str]:
    """`judged`: the offers() already made for this user and case (a response that shows
    available, blocked and requirements judges the guards once, not three times)."""
    return [offer.slug for offer in (judged if judged is not None else offers(user, obj))
            if offer.available]


def blocked(user, obj, judged: list[Offer] | None = None) -> list[dict]:
    return [{"transition": offer.slug, "label": str(offer.transition.label),
             "problems": offer.problems}
            for offer in (judged if judged is not None else offers(user, obj))
            if not offer.available]


def requirements(user, obj, judged: list[Offer] | None = None) -> list[dict]:
    return [{"transition": offer.slug, "label": str(offer.transition.label),
             "requirements": offer.notices}
            for offer in (judged if judged is not None else offers(user, obj))
            if offer.available and offer.notices]


def state_label(obj) -> str:
    return str(obj.get_status_display()).lower()


def ensure_allowed(obj, name: str, *, actor) -> Transition:
    """The state offers it (else 409) and the actor may take it (else 403). `actor=None`
    is the system, allowed where the rulebook says so."""
    entry = transitions.get(machine_of(obj), name)
    if obj.status not in entry.sources:
        raise TransitionConflict(entry.not_now % {"state": state_label(obj)})
    allowed = entry.system_may if actor is None else entry.who(obj, actor)
    if not allowed:
        raise NotPermitted(entry.not_permitted)
    return entry


def take(obj, name: str, *, actor, inputs: dict | None = None, method_arguments=None) -> str:
    """Judge and take one transition and save it (optimistic lock): state, then who, then
    every guard, then the save. Returns the state it left. Call inside the service's
    `transaction.atomic()`, beside its audit event."""
    entry = ensure_allowed(obj, name, actor=actor)
    facts = facts_for(obj, actor=actor, inputs=inputs)
    # Each guard judged once: a state guard about the actor makes it a 403, the rest 400.
    judged = [(getattr(guard, "about_the_actor", False), guard(facts)) for guard in entry.guards]
    personal = [p for about_the_actor, found in judged if about_the_actor for p in found]
    if personal:
        raise NotPermitted(personal[0], personal)
    problems = [p for _about, found in judged for p in found]
    problems += [p for guard in entry.input_guards for p in guard(facts)]
    if problems:
        raise TransitionRefused(str(entry.refused), problems)
    state = obj.status
    try:
        getattr(obj, name)(**(method_arguments or {}))
    except TransitionNotAllowed as exc:
        raise TransitionRefused(str(entry.refused)) from exc
    try:
        obj.save()
    except ConcurrentTransition as exc:
        raise TransitionConflict(
            _("Someone else changed this at the same moment; reload and try again.")) from exc
    return state
