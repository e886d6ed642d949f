"""What the guards know about a case: read from the database once, on first use.

A `RequestFacts` is made for one request, one actor and the inputs given (none when a page
or the API only asks what is on offer); every guard of every transition reads the same
object, so offering seven actions costs the queries of one."""

from functools import cached_property

from django.utils import timezone

from licensing.models import (
    Advice,
    Appeal,
    AppealStatus,
    Assessment,
    AuditAction,
    AuditEvent,
    Criterion,
    DocumentKind,
    ExportHalt,
    Finding,
    LicenceItem,
    PartyRole,
    PendingDecision,
    Referral,
    ScreeningRun,
    Severity,
)
from licensing.reference_data import current_list_versions
from licensing.workflow import holds


class RequestFacts:
    def __init__(self, request, *, actor=None, inputs: dict | None = None):
        self.subject = request
        self.actor = actor
        self.inputs = inputs or {}
        self.today = timezone.localdate()

    # --- contents ---

    @cached_property
    def _party_roles(self) -> set[str]:
        return {party.role for party in self.subject.parties.all()}

    @property
    def has_items(self) -> bool:
        return bool(self.subject.items.all())

    @property
    def has_end_user(self) -> bool:
        return PartyRole.END_USER in self._party_roles

    @property
    def has_consignee(self) -> bool:
        return PartyRole.CONSIGNEE in self._party_roles

    @cached_property
    def certificate(self):
        return getattr(self.subject, "end_user_certificate", None)

    @property
    def has_certificate_document(self) -> bool:
        return any(d.kind == DocumentKind.END_USER_CERTIFICATE
                   for d in self.subject.documents.all())

    @cached_property
    def verified_by_id(self):
        verification = getattr(self.subject, "end_user_verification", None)
        return verification.verified_by_id if verification else None

    @cached_property
    def pending_decision(self):
        """The grant or denial awaiting a countersignature, if any."""
        return (PendingDecision.objects.filter(request=self.subject,
                                               status=PendingDecision.Status.AWAITING)
                .first())

    # --- screening ---

    @cached_property
    def latest_run(self):
        return self.subject.screening_runs.order_by("-queued_at", "-id").first()

    @property
    def latest_run_completed(self) -> bool:
        return self.latest_run is not None and \
            self.latest_run.status == ScreeningRun.Status.COMPLETED

    @cached_property
    def screening_current(self) -> bool:
        return self.latest_run.list_versions == current_list_versions()

    @cached_property
    def open_findings(self) -> int:
        return Finding.objects.filter(run=self.latest_run).open().count()

    @cached_property
    def has_prohibition(self) -> bool:
        return Finding.objects.filter(run=self.latest_run,
                                      severity=Severity.PROHIBITION).exists()

    @cached_property
    def open_findings_of_last_completed_run(self) -> int:
        last = (self.subject.screening_runs.filter(status=ScreeningRun.Status.COMPLETED)
                .order_by("-finished_at", "-id").first())
        return 0 if last is None else Finding.objects.filter(run=last).open().count()

    # --- appeals ---

    @cached_property
    def pending_appeal(self):
        return (Appeal.objects.filter(request=self.subject, status=AppealStatus.LODGED)
                .order_by("-lodged_at").first())

    @cached_property
    def denial_participant_ids(self) -> set[int]:
        """Whoever denied the request (and, later, countersigned the denial): the actors of
        its denial events."""
        ids = set(AuditEvent.objects.filter(request=self.subject,
                                            action=AuditAction.REQUEST_DENIED,
                                            actor__isnull=False)
                  .values_list("actor_id", flat=True))
        if self.subject.decided_by_id:
            ids.add(self.subject.decided_by_id)
        for decided_by, countersigned_by in PendingDecision.objects.filter(
                request=self.subject, kind="denial").values_list("decided_by_id",
                                                                  "countersigned_by_id"):
            ids.update(i for i in (decided_by, countersigned_by) if i)
        return ids

    # --- halts ---

    @cached_property
    def _halts(self) -> list[ExportHalt]:
        return holds.halts_covering(self.subject)

    @cached_property
    def _overridden(self) -> set[int]:
        return holds.overridden_halt_ids(self.subject)

    @property
    def holding_halts(self) -> list[ExportHalt]:
        return [h for h in self._halts if h.mode == ExportHalt.Mode.DENY]

    @property
    def halts_needing_override(self) -> list[ExportHalt]:
        return [h for h in self._halts if h.mode == ExportHalt.Mode.SPECIAL_APPROVAL_ONLY
                and h.pk not in self._overridden]

    @property
    def halts_stopping_shipment(self) -> list[ExportHalt]:
        shipped_on = self.inputs.get("shipped_on")
        quantities = self.inputs.get("quantities")
        if shipped_on is None or not quantities:
            return []
        categories = {self.licence_items[pk].line_item.control_category
                      for pk in quantities if pk in self.licence_items}
        halts = holds.halts_covering(self.subject, on=shipped_on, categories=categories)
        return [h for h in halts
                if h.mode == ExportHalt.Mode.DENY or h.pk not in self._overridden]

    # --- consultation and assessment ---

    @cached_property
    def referrals(self) -> list[Referral]:
        """The referrals still standing (not withdrawn), with their advice."""
        return list(self.subject.referrals.exclude(status=Referral.Status.WITHDRAWN)
                    .select_related("body", "advice")
                    .prefetch_related("advice__criteria").order_by("body__name"))

    @property
    def referrals_without_consent(self) -> list[Referral]:
        """Referred, and neither consent (given or deemed) nor objection yet."""
        return [r for r in self.referrals if not r.consents and not r.objects_to]

    @property
    def objections(self) -> list[Advice]:
        return [r.advice for r in self.referrals if r.objects_to]

    @cached_property
    def unassessed_mandatory_criteria(self) -> list[str]:
        assessed = set(Assessment.objects.filter(request=self.subject)
                       .values_list("criterion_id", flat=True))
        return [code for pk, code in Criterion.objects.filter(mandatory=True, is_active=True)
                .order_by("source", "code").values_list("pk", "code") if pk not in assessed]

    # --- the licence ---

    @cached_property
    def licence(self):
        return getattr(self.subject, "licence", None)

    @cached_property
    def licence_items(self) -> dict[int, LicenceItem]:
        if self.licence is None:
            return {}
        return {item.pk: item for item in
                LicenceItem.objects.filter(licence=self.licence).select_related("line_item")}


class LicenceFacts:
    """The licence's own transitions have no guards yet; the actor and inputs are kept so
    that a guard added to the rulebook finds them."""

    def __init__(self, licence, *, actor=None, inputs: dict | None = None):
        self.subject = licence
        self.actor = actor
        self.inputs = inputs or {}
        self.today = timezone.localdate()
