"""Reads: which requests a user may see, and the per-user view of what they may do.

Visibility is enforced here and only here; an object outside it is reported as not found
(404), never as forbidden, so its existence is not revealed."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts import policy
from licensing.models import (
    Advice,
    FalsePositiveMark,
    Finding,
    Licence,
    Proviso,
    Referral,
    RequestStatus,
    ScreeningRun,
    ShipmentRequest,
)
from licensing.workflow import engine
from licensing.workflow.states import OPEN_STATUSES


def visible_requests(user):
    if not (user and user.is_authenticated and user.is_active):
        return ShipmentRequest.objects.none()
    qs = ShipmentRequest.objects.all()
    if policy.is_applicant(user):
        return qs.filter(organisation_id=user.organisation_id)
    if policy.sees_every_case(user):
        # A draft that was never submitted is the applicant's alone; one sent back for
        # changes stays on the officials' desks, waiting for the applicant.
        return qs.exclude(status=RequestStatus.DRAFT, submitted_at__isnull=True)
    if policy.is_agency_reviewer(user):
        # A consulted body's reviewers see only the requests referred to their body.
        return qs.filter(pk__in=_referrals_of_body(user.organisation_id).values("request_id"))
    # Administrators manage users and lists, not cases.
    return qs.none()


# --- consultation (docs/consultation.md) ---

def _referrals_of_body(body_id):
    return Referral.objects.filter(body_id=body_id).exclude(status=Referral.Status.WITHDRAWN)


def visible_referrals(user):
    """Every referral for caseworkers and auditors; a reviewer's own body's, otherwise."""
    if not (user and user.is_authenticated and user.is_active):
        return Referral.objects.none()
    if policy.sees_every_referral(user):
        return Referral.objects.all()
    if policy.is_agency_reviewer(user):
        return _referrals_of_body(user.organisation_id)
    return Referral.objects.none()


def referral_queryset(user):
    return (visible_referrals(user)
            .select_related("body", "request__organisation", "advice", "advice__submitted_by")
            .prefetch_related("advice__criteria", "advice__provisos", "questions"))


def get_visible_referral(user, pk) -> Referral:
    try:
        return referral_queryset(user).get(pk=pk)
    except (Referral.DoesNotExist, ValueError, TypeError):
        raise Http404("No such referral.") from None


def reviewer_queue(user):
    """The agency reviewer's home: his body's referrals still waiting for advice on a case
    being decided, the oldest due first, then the rest (answered, or the case decided)."""
    return (referral_queryset(user)
            .annotate(waiting=Case(When(status__in=(Referral.Status.PENDING,
                                                    Referral.Status.OVERDUE),
                                        request__status__in=OPEN_STATUSES, then=Value(0)),
                                   default=Value(1), output_field=IntegerField()))
            .order_by("waiting", "due_on", "id"))


def shown_advice(user, referral) -> Advice | None:
    """The advice `user` may read: submitted advice to whoever sees the referral, a draft
    only to its own body's reviewers."""
    advice = getattr(referral, "advice", None)
    if advice is None:
        return None
    if advice.is_submitted or policy.reviews_for(user, referral.body_id):
        return advice
    return None


def consultation_of(user, request) -> list[Referral]:
    """The request's referrals as `user` may see them, each with `shown` (its advice as
    above). A reviewer sees the other bodies' referrals too, with their advice once given."""
    referrals = list(request.referrals.select_related("body", "advice", "advice__submitted_by")
                     .prefetch_related("advice__criteria", "advice__provisos", "questions")
                     .order_by("body__name"))
    if not (policy.sees_every_referral(user) or policy.is_agency_reviewer(user)):
        return []
    for referral in referrals:
        referral.shown = shown_advice(user, referral)
    return referrals


def get_visible_proviso(user, pk) -> Proviso:
    try:
        return Proviso.objects.select_related("body", "advice__referral").get(
            pk=pk, advice__submitted_at__isnull=False,
            advice__referral__in=visible_referrals(user))
    except (Proviso.DoesNotExist, ValueError, TypeError):
        raise Http404("No such condition.") from None


def with_consultation_state(queryset):
    """Annotate each request with its consultation: `referrals_total` (standing),
    `referrals_consented` (consent given or deemed), `referrals_overdue`,
    `referrals_objecting`."""
    standing = Referral.objects.filter(request_id=OuterRef("pk")).exclude(
        status=Referral.Status.WITHDRAWN).order_by().values("request_id")

    def count(**conditions):
        return Coalesce(Subquery(standing.filter(**conditions).annotate(n=Count("*"))
                                 .values("n")[:1], output_field=IntegerField()), Value(0))

    return queryset.annotate(
        referrals_total=count(),
        referrals_consented=count(status=Referral.Status.DEEMED_CONSENT) + count(
            status=Referral.Status.ADVICE_GIVEN,
            advice__outcome__in=(Advice.Outcome.CONSENT, Advice.Outcome.CONSENT_WITH_CONDITIONS)),
        referrals_overdue=count(status=Referral.Status.OVERDUE),
        referrals_objecting=count(status=Referral.Status.ADVICE_GIVEN,
                                  advice__outcome=Advice.Outcome.OBJECTION))


def assessments_of(request):
    return (request.assessments.select_related("criterion", "party", "item", "assessed_by")
            .prefetch_related("documents"))


def get_visible_request(user, pk) -> ShipmentRequest:
    try:
        return visible_requests(user).select_related("organisation").get(pk=pk)
    except (ShipmentRequest.DoesNotExist, ValueError, TypeError):
        raise Http404("No such request.") from None


def get_visible_licence(user, pk) -> Licence:
    """A licence of a request `user` sees, if he may see licences at all (a consulted body's
    reviewer sees the case referred to it, not the licence it led to)."""
    if not policy.may_see_licences(user):
        raise Http404("No such licence.")
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


def request_detail_queryset(user, *, just_created: bool = False):
    """The request with everything its detail shows. `just_created`: for the answer to the
    request that created it, whose documents and screening runs cannot exist yet (a draft
    gets them from later requests, which need its id from this answer): both are left
    empty instead of read, two queries fewer."""
    queryset = visible_requests(user).select_related(
        "organisation", "end_user_certificate", "end_user_verification", "licence",
        "decided_by",
    )
    if just_created:
        return _NothingYet(queryset.prefetch_related(
            "parties", "items", "transit_countries", "end_user_certificate__items"))
    return queryset.prefetch_related(
        "parties", "items", "transit_countries", "end_user_certificate__items", "documents",
        "licence__items",
        # Every run, newest first, in one query: the latest and the last completed come
        # from it (request_screening_runs below). The decision's criteria are read only
        # for a decided request, when the response shows them.
        Prefetch("screening_runs", to_attr="screening_runs_newest_first",
                 queryset=ScreeningRun.objects.order_by("-queued_at", "-id")),
    )


class _NothingYet:
    """`.get(pk=…)` of a just-created request, its documents and runs set to none."""

    def __init__(self, queryset):
        self.queryset = queryset

    def get(self, **lookups):
        request = self.queryset.get(**lookups)
        documents = request.documents.all()
        documents._result_cache, documents._prefetch_done = [], True
        request._prefetched_objects_cache["documents"] = documents
        request.screening_runs_newest_first = []
        return request


def held_for_detail(request, *, organisation=None, runs=None, history=None):
    """Ready `request` for the detail output (outputs.request_output_for) from rows the
    caller already holds, so the answer to a write is built without reading the request
    back (issue 17, third round). The caller must have left in the instance's prefetch
    cache what the detail shows (parties, items, transit countries, documents, the
    certificate with its items), and gives `organisation` (else read), `runs` (the screening
    runs, any order; None: read) and `history` (the request's audit events in id order, all
    of them, internal ones included; None: read). Licence and end-user verification must be
    cached on the instance (select_related) or absent from the database."""
    if organisation is not None:
        request.organisation = organisation
    if runs is not None:
        request.screening_runs_newest_first = sorted(
            runs, key=lambda run: (run.queued_at, run.pk), reverse=True)
    if history is not None:
        request.history_events = list(history)
    return request


def held_as_created(request, *, organisation, event):
    """`held_for_detail` for a request created in this request's transaction, whose rows
    services.requests.create_request(keep_written=True) left on it: it has no documents,
    screening runs, licence or verification yet (later requests need its id from this
    answer), and its history is the one event that created it."""
    documents = request.documents.all()
    documents._result_cache, documents._prefetch_done = [], True
    request._prefetched_objects_cache["documents"] = documents
    request._state.fields_cache.setdefault("licence", None)
    request._state.fields_cache.setdefault("end_user_verification", None)
    return held_for_detail(request, organisation=organisation, runs=[], history=[event])


def request_list_queryset(user, *, status=None, destination_country=None, organisation=None,
                          submitted_after=None, submitted_before=None):
    qs = with_open_findings(visible_requests(user).select_related("organisation"))
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


def _with_findings():
    return Prefetch("findings", queryset=Finding.objects.select_related("cleared_by"))


def latest_screening(request) -> ScreeningRun | None:
    """The run queued last (what the guards judge), with its findings."""
    return (request.screening_runs.order_by("-queued_at", "-id")
            .prefetch_related(_with_findings()).first())


def request_screening_runs(request) -> list[ScreeningRun]:
    """The request's screening runs, newest first (prefetched by request_detail_queryset,
    else read now)."""
    runs = getattr(request, "screening_runs_newest_first", None)
    if runs is None:
        runs = list(request.screening_runs.order_by("-queued_at", "-id"))
    return runs


def latest_and_last_completed_runs(request, *, with_findings=False):
    """(the run queued last, the run that finished last), either None; `with_findings`
    loads the latest run's findings (and who cleared each) in one query."""
    runs = request_screening_runs(request)
    latest = runs[0] if runs else None
    finished = [run for run in runs if run.finished_at]
    last_completed = max(finished, key=lambda run: run.finished_at) if finished else None
    if with_findings and latest is not None:
        prefetch_related_objects([latest], _with_findings())
    return latest, last_completed


@dataclass(frozen=True)
class ScreeningOverview:
    """What a page says about a request's screening.

    `latest` is the run queued last (perhaps still queued or running, or failed and to be
    retried); `last_completed` the completed run that finished last — when the request was
    last screened; `shown` the run whose findings count: the latest when it has completed,
    otherwise the last completed one (a run in progress has no findings yet)."""

    latest: ScreeningRun | None
    last_completed: ScreeningRun | None
    shown: ScreeningRun | None

    @property
    def in_progress(self) -> bool:
        return self.latest is not None and self.latest.status in (
            ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING)

    @property
    def last_screened_at(self):
        return self.last_completed.finished_at if self.last_completed else None


def screening_overview(request) -> ScreeningOverview:
    runs = getattr(request, "screening_runs_newest_first", None)
    if runs is not None:
        # Prefetched by request_detail_queryset (newest first, as latest_screening orders):
        # the latest and the last completed come from that list, not two more queries.
        latest = runs[0] if runs else None
        if latest is None:
            return ScreeningOverview(None, None, None)
        prefetch_related_objects([latest], _with_findings())
        completed = [run for run in runs if run.status == ScreeningRun.Status.COMPLETED]
        # A completed run has its finished_at; the order is -finished_at, -id as below.
        last_completed = max(completed, default=None,
                             key=lambda run: (run.finished_at is not None,
                                              run.finished_at or run.queued_at, run.pk))
    else:
        latest = latest_screening(request)
        if latest is None:
            return ScreeningOverview(None, None, None)
        last_completed = (request.screening_runs.filter(status=ScreeningRun.Status.COMPLETED)
                          .order_by("-finished_at", "-id").first())
    if last_completed is not None and last_completed.pk == latest.pk:
        last_completed = latest  # its findings are loaded already
    shown = latest if latest.status == ScreeningRun.Status.COMPLETED else last_completed
    if shown is not None and shown is not latest:
        prefetch_related_objects([shown], _with_findings())
    return ScreeningOverview(latest, last_completed, shown)


def party_names_by_key(request) -> dict[str, list[str]]:
    """The request's parties' and applicant organisation's names by their normalised form,
    which screening matches and a false-positive mark is keyed by."""
    from licensing.screening.names import normalise_name

    names: dict[str, list[str]] = {}
    for name in [party.name for party in request.parties.all()] + [request.organisation.name]:
        if name and name.strip():
            names.setdefault(normalise_name(name), [])
            if name not in names[normalise_name(name)]:
                names[normalise_name(name)].append(name)
    return names


def party_name_keys(request) -> set[str]:
    return set(party_names_by_key(request))


def false_positive_marks_for(request) -> list[FalsePositiveMark]:
    """Every false-positive mark on a party name of the request: active ones first, then
    revoked ones, newest first; each with `party_names`, the request's names it covers."""
    names = party_names_by_key(request)
    marks = (FalsePositiveMark.objects.filter(party_name_key__in=set(names))
             .select_related("denied_party_list", "marked_by", "revoked_by")
             .order_by("-marked_at", "-id"))
    marks = sorted(marks, key=lambda mark: mark.revoked_at is not None)
    for mark in marks:
        mark.party_names = names.get(mark.party_name_key, [])
    return marks


def get_false_positive_mark_for(request, pk) -> FalsePositiveMark:
    """A mark on one of the request's party names; any other is not found from here."""
    try:
        return FalsePositiveMark.objects.get(pk=pk,
                                             party_name_key__in=party_name_keys(request))
    except (FalsePositiveMark.DoesNotExist, ValueError, TypeError):
        raise Http404("No such false-positive mark on this request.") from None


def latest_run_of(outer="pk"):
    return (ScreeningRun.objects.filter(request_id=OuterRef(outer))
            .order_by("-queued_at", "-id"))


def open_findings_of_latest_run():
    """The open findings of a request's latest screening run (an earlier run's findings
    are superseded), as one correlated subquery over the request's `pk`; also what
    services/open_findings.py stores as `open_findings_count`."""
    open_findings = (Finding.objects.open()
                     .filter(request_id=OuterRef("pk"),
                             run_id=Subquery(latest_run_of(OuterRef("pk")).values("pk")[:1]))
                     .order_by().values("request_id")
                     .annotate(n=Count("*")).values("n")[:1])
    return Coalesce(Subquery(open_findings, output_field=IntegerField()), Value(0))


def with_open_findings(queryset):
    """Annotate each request with `open_findings` (`open_findings_of_latest_run`)."""
    return queryset.annotate(open_findings=open_findings_of_latest_run())


def transition_offers(user, obj) -> list[engine.Offer]:
    """Every transition of the rulebook `user` is offered on `obj` now, its guards judged
    once; pass it to the three functions below to show them without judging again."""
    return engine.offers(user, obj)


def available_transitions(user, obj, offers=None) -> list[str]:
    """The API slugs of the transitions `user` may take on the request or licence now."""
    return engine.available_slugs(user, obj, offers)


def blocked_transitions(user, obj, offers=None) -> list[dict]:
    """Transitions the user could take from this state but for unmet conditions, with the
    reasons, so a screen says what is missing instead of hiding the action."""
    return engine.blocked(user, obj, offers)


def transition_requirements(user, obj, offers=None) -> list[dict]:
    return engine.requirements(user, obj, offers)


def licence_transitions(user, licence) -> list[str]:
    return engine.available_slugs(user, licence)
