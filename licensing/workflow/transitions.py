"""The rulebook: every transition of the two state machines, declared once.

Each entry says which FSM method it is, its API slug and its words on the page, the states
it leaves and reaches, who may take it, what must hold first (guards.py), the inputs it
needs and the sentences a person reads when it is refused. Everything else derives from
here: the models' django-fsm declarations (`fsm`), what the page and the API offer and why
an action is blocked (engine.py), the API routes, and the service's checks (engine.take).
Adding a transition is one entry here plus its service function (docs/architecture.md).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, transition

from accounts import policy
from licensing.workflow import guards
from licensing.workflow.states import LicenceStatus, RequestStatus

REQUEST = "request"
LICENCE = "licence"


# --- who may take a transition: (the request or licence, the user) -> bool ---

def applicant_of_request(request, user) -> bool:
    return policy.belongs_to(user, request.organisation_id)


def holder_of_licence(licence, user) -> bool:
    return policy.belongs_to(user, licence.request.organisation_id)


def caseworker(obj, user) -> bool:
    return policy.is_caseworker(user)


def approver(obj, user) -> bool:
    return policy.is_approver(user)


def nobody(obj, user) -> bool:
    """Taken only by the system (expiry, exhaustion), never by hand."""
    return False


@dataclass(frozen=True)
class Transition:
    machine: str                 # REQUEST or LICENCE
    name: str                    # the FSM method, and the verb of its service
    slug: str                    # the API path segment and the page's action
    label: Promise               # the action's heading on the page
    button: Promise
    sources: tuple[str, ...]
    target: object               # a state, or RETURN_VALUE(...) when the method chooses
    who: Callable                # (obj, user) -> bool
    service: str                 # dotted path of the service function taking it
    not_permitted: Promise       # the sentence when `who` says no
    not_now: Promise             # ... when the state does not allow it (%(state)s)
    refused: Promise             # ... heading the unmet guards
    done: Promise                # ... after success
    guards: tuple[Callable, ...] = ()        # judged whenever it is offered
    input_guards: tuple[Callable, ...] = ()  # judged on the inputs, when it is taken
    inputs: tuple[str, ...] = ()             # the fields its form and API input carry
    system_may: bool = False                 # the system (actor None) takes it too
    style: str = "primary"

    @property
    def targets(self) -> tuple[str, ...]:
        if isinstance(self.target, RETURN_VALUE):
            return tuple(self.target.allowed_states)
        return (self.target,)


RULEBOOK: tuple[Transition, ...] = (
    # --- the shipment request ---
    Transition(
        REQUEST, "submit", "submit", _("Submit the request"), _("Submit"),
        sources=(RequestStatus.DRAFT,), target=RequestStatus.SUBMITTED,
        who=applicant_of_request, service="licensing.services.requests.submit_request",
        guards=(guards.submission_complete,),
        not_permitted=_("Only an applicant of the organisation that drafted this request may "
                        "submit it."),
        not_now=_("Only a draft can be submitted; this request is %(state)s."),
        refused=_("The request cannot be submitted yet."),
        done=_("Submitted. Screening has started; the result will appear below.")),
    Transition(
        REQUEST, "verify_end_user", "verify-end-user", _("Verify the end user"),
        _("Record the verification"),
        sources=(RequestStatus.SUBMITTED,), target=RequestStatus.END_USER_VERIFIED,
        who=caseworker, service="licensing.services.requests.verify_end_user",
        guards=(guards.screening_finished_and_cleared, guards.not_on_hold),
        inputs=("channel", "reference", "verified_on", "note"),
        not_permitted=_("Only a licensing officer or an approving authority may verify the "
                        "end user."),
        not_now=_("The end user is verified on a submitted request; this one is %(state)s."),
        refused=_("The end user cannot be verified yet."),
        done=_("End user verified.")),
    Transition(
        REQUEST, "grant_special_approval", "grant-special-approval",
        _("Grant special approval and issue the licence"), _("Grant special approval"),
        sources=(RequestStatus.END_USER_VERIFIED,),
        # Where a countersigning rule applies, the grant waits for a second approver.
        target=RETURN_VALUE(RequestStatus.SPECIAL_APPROVAL,
                            RequestStatus.AWAITING_COUNTERSIGNATURE),
        who=approver, service="licensing.services.special_approval.grant_special_approval",
        guards=(guards.not_the_verifier, guards.screening_finished_and_cleared,
                guards.not_on_hold, guards.mandatory_criteria_assessed),
        input_guards=(guards.halts_overridden, guards.consultation_complete),
        inputs=("valid_until", "conditions", "reason", "approved_quantities",
                "halt_override_reason", "consultation_override_reason"),
        not_permitted=_("Only an approving authority may grant special approval."),
        not_now=_("Special approval is granted once the end user is verified; this request "
                  "is %(state)s."),
        refused=_("Special approval cannot be granted yet."),
        done=_("Special approval granted: the licence is issued, or, where a countersigning "
               "rule applies, the decision waits for a second approver's countersignature."),
        style="success"),
    Transition(
        REQUEST, "countersign", "countersign", _("Countersign the decision"),
        _("Countersign"),
        sources=(RequestStatus.AWAITING_COUNTERSIGNATURE,),
        # The decision takes effect: the grant issues the licence, the denial closes the case.
        target=RETURN_VALUE(RequestStatus.SPECIAL_APPROVAL, RequestStatus.DENIED),
        who=approver, service="licensing.services.countersigning.countersign_decision",
        guards=(guards.not_the_decider_nor_the_verifier, guards.decision_still_allowed),
        inputs=("reason",),
        not_permitted=_("Only an approving authority may countersign a decision."),
        not_now=_("Only a decision awaiting countersignature can be countersigned; this "
                  "request is %(state)s."),
        refused=_("The decision cannot be countersigned now."),
        done=_("Countersigned: the decision has taken effect."), style="success"),
    Transition(
        REQUEST, "refuse_countersignature", "refuse-countersignature",
        _("Refuse to countersign"), _("Refuse the countersignature"),
        sources=(RequestStatus.AWAITING_COUNTERSIGNATURE,),
        # Back to the step the decision was taken in, to be decided again.
        target=RETURN_VALUE(RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED),
        who=approver, service="licensing.services.countersigning.refuse_countersignature",
        guards=(guards.not_the_decider_nor_the_verifier,),
        inputs=("reason",),
        not_permitted=_("Only an approving authority may refuse to countersign a decision."),
        not_now=_("Only a decision awaiting countersignature can be refused; this request is "
                  "%(state)s."),
        refused=_("The countersignature cannot be refused now."),
        done=_("Countersignature refused: the case is back to be decided again."),
        style="outline-danger"),
    Transition(
        REQUEST, "record_shipment", "record-shipment", _("Record a shipment"),
        _("Record the shipment"),
        sources=(RequestStatus.SPECIAL_APPROVAL,),
        # A consignment leaves the request where it is; the last one (marked so, or using
        # the licence up) moves it to shipped. The FSM method returns which.
        target=RETURN_VALUE(RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED),
        who=applicant_of_request, service="licensing.services.licences.record_shipment",
        guards=(guards.licence_in_use, guards.findings_cleared_since_licence,
                guards.not_on_hold),
        input_guards=(guards.shipment_date_allowed, guards.quantities_remain,
                      guards.shipment_outside_halts),
        inputs=("shipped_on", "carrier", "customs_declaration", "quantities", "route", "final"),
        not_permitted=_("Only the licence holder's applicants may record shipments."),
        not_now=_("Shipments are recorded against a licence in use; this request is "
                  "%(state)s."),
        refused=_("This shipment cannot be recorded."),
        done=_("Shipment recorded.")),
    Transition(
        REQUEST, "request_changes", "request-changes", _("Ask the applicant for changes"),
        _("Send back for changes"),
        sources=(RequestStatus.SUBMITTED,), target=RequestStatus.DRAFT,
        who=caseworker, service="licensing.services.requests.request_changes",
        inputs=("message",),
        not_permitted=_("Only a licensing officer or an approving authority may send a "
                        "request back for changes."),
        not_now=_("Only a submitted request can be sent back for changes; this one is "
                  "%(state)s."),
        refused=_("The request cannot be sent back now."),
        done=_("Sent back to the applicant for changes. The case waits for the applicant."),
        style="secondary"),
    Transition(
        REQUEST, "deny", "deny", _("Deny the request"), _("Deny"),
        sources=(RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED),
        # Where a countersigning rule applies, the denial waits for a second approver.
        target=RETURN_VALUE(RequestStatus.DENIED, RequestStatus.AWAITING_COUNTERSIGNATURE),
        who=caseworker, service="licensing.services.requests.deny_request", system_may=True,
        inputs=("reason", "criteria"),
        not_permitted=_("Only a licensing officer or an approving authority may deny a "
                        "request."),
        not_now=_("Only a request being decided can be denied; this one is %(state)s."),
        refused=_("The request cannot be denied now."),
        done=_("The request has been denied."), style="danger"),
    Transition(
        REQUEST, "withdraw", "withdraw", _("Withdraw the request"), _("Withdraw"),
        sources=(RequestStatus.DRAFT, RequestStatus.SUBMITTED,
                 RequestStatus.END_USER_VERIFIED),
        target=RequestStatus.WITHDRAWN,
        who=applicant_of_request, service="licensing.services.requests.withdraw_request",
        inputs=("reason",),
        not_permitted=_("Only an applicant of the requesting organisation may withdraw it."),
        not_now=_("A request can be withdrawn until special approval; this one is "
                  "%(state)s."),
        refused=_("The request cannot be withdrawn now."),
        done=_("The request has been withdrawn."), style="outline-danger"),
    Transition(
        REQUEST, "decide_appeal", "decide-appeal", _("Decide the appeal"),
        _("Record the appeal decision"),
        sources=(RequestStatus.DENIED,),
        # Upheld: back to assessment; dismissed: the denial stands and the case is closed.
        target=RETURN_VALUE(RequestStatus.SUBMITTED, RequestStatus.DENIED),
        who=approver, service="licensing.services.appeals.decide_appeal",
        guards=(guards.appeal_lodged, guards.took_no_part_in_the_denial),
        inputs=("outcome", "reason"),
        not_permitted=_("Only an approving authority may decide an appeal."),
        not_now=_("Appeals are against a denial; this request is %(state)s."),
        refused=_("The appeal cannot be decided now."),
        done=_("The appeal has been decided."), style="warning"),
    # --- the licence ---
    Transition(
        LICENCE, "suspend", "suspend", _("Suspend the licence"), _("Suspend"),
        sources=(LicenceStatus.ISSUED,), target=LicenceStatus.SUSPENDED,
        who=approver, service="licensing.services.licences.suspend_licence", system_may=True,
        inputs=("reason",),
        not_permitted=_("Only an approving authority may suspend a licence."),
        not_now=_("Only an issued licence can be suspended; this one is %(state)s."),
        refused=_("The licence cannot be suspended now."),
        done=_("The licence has been suspended."), style="warning"),
    Transition(
        LICENCE, "reinstate", "reinstate", _("Reinstate the licence"), _("Reinstate"),
        sources=(LicenceStatus.SUSPENDED,), target=LicenceStatus.ISSUED,
        who=approver, service="licensing.services.licences.reinstate_licence",
        system_may=True, inputs=("reason",),
        not_permitted=_("Only an approving authority may reinstate a licence."),
        not_now=_("Only a suspended licence can be reinstated; this one is %(state)s."),
        refused=_("The licence cannot be reinstated now."),
        done=_("The licence has been reinstated."), style="success"),
    Transition(
        LICENCE, "revoke", "revoke", _("Revoke the licence"), _("Revoke"),
        sources=(LicenceStatus.ISSUED, LicenceStatus.SUSPENDED), target=LicenceStatus.REVOKED,
        who=approver, service="licensing.services.licences.revoke_licence",
        inputs=("reason",),
        not_permitted=_("Only an approving authority may revoke a licence."),
        not_now=_("Only an issued or suspended licence can be revoked; this one is "
                  "%(state)s."),
        refused=_("The licence cannot be revoked now."),
        done=_("The licence has been revoked."), style="danger"),
    Transition(
        LICENCE, "expire", "expire", _("Expire the licence"), _("Expire"),
        sources=(LicenceStatus.ISSUED, LicenceStatus.SUSPENDED), target=LicenceStatus.EXPIRED,
        who=nobody, service="licensing.services.licences.expire_licence", system_may=True,
        not_permitted=_("A licence expires by itself at the end of its validity."),
        not_now=_("Only an issued or suspended licence can expire; this one is %(state)s."),
        refused=_("The licence cannot expire now."),
        done=_("The licence has expired.")),
    Transition(
        LICENCE, "exhaust", "exhaust", _("Mark the licence used up"), _("Exhaust"),
        sources=(LicenceStatus.ISSUED,), target=LicenceStatus.EXHAUSTED,
        who=nobody, service="licensing.services.licences.record_shipment", system_may=True,
        not_permitted=_("A licence is used up by its shipments, not by hand."),
        not_now=_("Only an issued licence can be used up; this one is %(state)s."),
        refused=_("The licence cannot be marked used up now."),
        done=_("Every approved quantity has been shipped.")),
)

_BY_NAME = {(t.machine, t.name): t for t in RULEBOOK}
_BY_SLUG = {(t.machine, t.slug): t for t in RULEBOOK}


def transitions_of(machine: str) -> tuple[Transition, ...]:
    return tuple(t for t in RULEBOOK if t.machine == machine)


def get(machine: str, name: str) -> Transition:
    return _BY_NAME[(machine, name)]


def by_slug(machine: str, slug: str) -> Transition | None:
    return _BY_SLUG.get((machine, slug))


def fsm(machine: str, name: str):
    """The django-fsm declaration of one transition, from its entry: the model writes
    `@fsm(REQUEST, "submit")` above the method and states nothing else."""
    entry = get(machine, name)
    sources = list(entry.sources)
    return transition(field="status", source=sources if len(sources) > 1 else sources[0],
                      target=entry.target, permission=entry.who)
