"""The append-only, hash-chained audit trail. Rows are written only by
`licensing.services.audit.record_event` and never changed or deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    """Every kind of event the trail records; its label is what history pages show."""

    REQUEST_CREATED = "request.created", _("Request drafted")
    REQUEST_EDITED = "request.edited", _("Draft edited")
    REQUEST_SUBMITTED = "request.submitted", _("Submitted")
    REQUEST_CHANGES_REQUESTED = "request.changes_requested", _("Sent back for changes")
    REQUEST_WITHDRAWN = "request.withdrawn", _("Withdrawn by the applicant")
    REQUEST_DENIED = "request.denied", _("Denied")
    REQUEST_DENIED_BY_SYSTEM = "request.denied_by_system", _("Denied by screening")
    REQUEST_END_USER_VERIFIED = "request.end_user_verified", _("End user verified")
    REQUEST_SPECIAL_APPROVAL_GRANTED = ("request.special_approval_granted",
                                        _("Special approval granted"))
    REQUEST_SHIPPED = "request.shipped", _("Last consignment shipped")
    REQUEST_HELD = "request.held", _("Put on hold by an export halt")
    REQUEST_RELEASED = "request.released", _("Released from an export halt")
    DOCUMENT_UPLOADED = "document.uploaded", _("Document uploaded")
    SCREENING_COMPLETED = "screening.completed", _("Screening completed")
    SCREENING_REVIEW_REOPENED = "screening.review_reopened", _("Review reopened by re-screening")
    FINDING_CLEARED = "finding.cleared", _("Finding cleared")
    FALSE_POSITIVE_MARKED = "false_positive.marked", _("Marked as a false positive")
    FALSE_POSITIVE_REVOKED = "false_positive.revoked", _("False-positive mark revoked")
    LICENCE_ISSUED = "licence.issued", _("Licence issued")
    LICENCE_SUSPENDED = "licence.suspended", _("Licence suspended")
    LICENCE_SUSPENDED_BY_SYSTEM = ("licence.suspended_by_system",
                                   _("Licence suspended by the system"))
    LICENCE_REINSTATED = "licence.reinstated", _("Licence reinstated")
    LICENCE_REINSTATED_BY_SYSTEM = ("licence.reinstated_by_system",
                                    _("Licence reinstated by the system"))
    LICENCE_REVOKED = "licence.revoked", _("Licence revoked")
    LICENCE_EXPIRED = "licence.expired", _("Licence expired")
    LICENCE_EXHAUSTED = "licence.exhausted", _("Licence used up")
    LICENCE_DOCUMENT_GENERATED = "licence.document_generated", _("Licence document generated")
    SHIPMENT_RECORDED = "shipment.recorded", _("Shipment recorded")
    SHIPMENT_DELIVERY_VERIFIED = "shipment.delivery_verified", _("Delivery verified")
    SHIPMENT_DELIVERY_VERIFICATION_OVERDUE = ("shipment.delivery_verification_overdue",
                                              _("Delivery verification overdue"))
    HALT_DECLARED = "halt.declared", _("Export halt declared")
    HALT_APPLIED = "halt.applied", _("Export halt applied")
    HALT_LIFTED = "halt.lifted", _("Export halt lifted")
    HALT_OVERRIDDEN = "halt.overridden", _("Export halt overridden")
    AT_WAR_COUNTRY_SAVED = "reference.at_war.saved", _("At-war list changed")
    AT_WAR_COUNTRY_DELETED = "reference.at_war.deleted", _("At-war entry deleted")
    ARMS_EMBARGO_SAVED = "reference.arms_embargoes.saved", _("Arms embargo changed")
    ARMS_EMBARGO_DELETED = "reference.arms_embargoes.deleted", _("Arms embargo deleted")
    DIVERSION_RISK_SAVED = "reference.diversion_risk.saved", _(
        "Diversion-risk list changed")
    DIVERSION_RISK_DELETED = "reference.diversion_risk.deleted", _(
        "Diversion-risk entry deleted")
    DENIED_PARTY_LIST_SAVED = "denied_party_list.saved", _("Denied-party list changed")
    DENIED_PARTY_LIST_IMPORTED = "denied_party_list.imported", _("Denied-party list imported")
    DENIED_PARTY_LIST_IMPORT_REFUSED = ("denied_party_list.import_refused",
                                        _("Denied-party list import refused"))
    LICENCE_CONDITION_SAVED = "licence_condition.saved", _("Licence condition changed")
    DOCUMENT_READ = "document.read", _("Confidential document read")
    USER_CREATED = "user.created", _("User created")
    USER_CHANGED = "user.changed", _("User changed")
    USER_ROLE_CHANGED = "user.role_changed", _("User's role changed")
    USER_PASSWORD_CHANGED = "user.password_changed", _("User's password changed")
    USER_DELETED = "user.deleted", _("User deleted")
    USER_SECOND_FACTOR_RESET = "user.second_factor_reset", _(
        "User's authenticator app removed by an administrator")
    USER_GROUPS_CHANGED = "user.groups_changed", _("User's groups changed")
    USER_PERMISSIONS_CHANGED = "user.permissions_changed", _("User's permissions changed")
    GROUP_CREATED = "group.created", _("Permission group created")
    GROUP_DELETED = "group.deleted", _("Permission group deleted")
    GROUP_PERMISSIONS_CHANGED = "group.permissions_changed", _("Permission group changed")
    AUDIT_ANCHORED = "audit.anchored", _("Audit chain anchored")
    AUDIT_CHAIN_CHECK_REQUESTED = "audit.chain_check_requested", _("Integrity check requested")
    RETENTION_PERSONAL_DATA_ERASED = ("retention.personal_data_erased",
                                      _("Personal data erased (retention)"))
    CASE_ASSIGNED = "case.assigned", _("Case assigned")
    CASE_REASSIGNED = "case.reassigned", _("Case reassigned")
    CASE_UNASSIGNED = "case.unassigned", _("Case released")
    CASE_CLOCK_BREACHED = "case.clock_breached", _("Past a target of the case clock")
    NOTE_ADDED = "note.added", _("Internal note added")
    INFORMATION_REQUESTED = "information.requested", _("Information requested from the applicant")
    INFORMATION_PROVIDED = "information.provided", _("Information provided by the applicant")
    HOLIDAY_SAVED = "holiday.saved", _("Public holiday changed")
    HOLIDAY_DELETED = "holiday.deleted", _("Public holiday deleted")
    APPEAL_LODGED = "appeal.lodged", _("Appeal lodged")
    APPEAL_UPHELD = "appeal.upheld", _("Appeal upheld: back to assessment")
    APPEAL_DISMISSED = "appeal.dismissed", _("Appeal dismissed")
    REFERRAL_MADE = "referral.made", _("Referred to a consulted body")
    REFERRAL_WITHDRAWN = "referral.withdrawn", _("Referral withdrawn")
    REFERRAL_DEEMED_CONSENT = "referral.deemed_consent", _("Silence deemed consent")
    REFERRAL_OVERDUE = "referral.overdue", _("Referral overdue, escalated")
    ADVICE_DRAFTED = "advice.drafted", _("Advice drafted")
    ADVICE_GIVEN = "advice.given", _("Advice given")
    PROVISO_WITHDRAWN = "proviso.withdrawn", _("Proviso withdrawn by its body")
    REFERRAL_QUESTION_ASKED = "referral.question_asked", _("Question to the officer")
    REFERRAL_QUESTION_ANSWERED = "referral.question_answered", _("Question answered")
    CONSULTATION_OVERRIDDEN = "consultation.overridden", _(
        "Consultation overridden by the approving authority")
    CRITERION_ASSESSED = "assessment.recorded", _("Criterion assessed")
    DECISION_AWAITING_COUNTERSIGNATURE = ("decision.awaiting_countersignature",
                                          _("Decided; awaiting a countersignature"))
    DECISION_COUNTERSIGNED = "decision.countersigned", _("Decision countersigned")
    COUNTERSIGNATURE_REFUSED = "decision.countersignature_refused", _(
        "Countersignature refused")
    ROUTING_RULE_SAVED = "routing_rule.saved", _("Consultation routing rule changed")
    COUNTERSIGN_RULE_SAVED = "countersign_rule.saved", _("Countersigning rule changed")
    FALSE_POSITIVE_CONFIRMED = "false_positive.confirmed", _(
        "False-positive mark confirmed by a second official")

    @classmethod
    def internal(cls) -> frozenset:
        """The officials' own case-working: never in the history an applicant sees."""
        return frozenset({cls.CASE_ASSIGNED, cls.CASE_REASSIGNED, cls.CASE_UNASSIGNED,
                          cls.CASE_CLOCK_BREACHED, cls.NOTE_ADDED})

    @classmethod
    def reference_list_change(cls, list_name: str, *, deleted: bool) -> "AuditAction":
        return cls(f"reference.{list_name}.{'deleted' if deleted else 'saved'}")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def erase_payloads(self, *, at) -> int:
        """The one change allowed (retention): drop before/after, keep the digest that the
        hash commits to. The database triggers allow exactly this and nothing else."""
        erasable = self.filter(redacted_at__isnull=True, hash_version__gte=2)
        return models.QuerySet.update(erasable, before=None, after=None, redacted_at=at)

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    at = models.DateTimeField(verbose_name=_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True,
                              blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text=_("Empty when the system acted."))
    actor_label = models.CharField(
        verbose_name=_("actor label"), max_length=254, help_text=_("Email, or 'system'.")
    )
    actor_role = models.CharField(verbose_name=_("actor role"), max_length=20)
    action = models.CharField(
        verbose_name=_("action"), max_length=60, db_index=True, choices=AuditAction.choices
    )
    object_type = models.CharField(verbose_name=_("object type"), max_length=60)
    object_id = models.CharField(verbose_name=_("object ID"), max_length=64)
    request = models.ForeignKey("licensing.ShipmentRequest", verbose_name=_("request"), null=True,
                                blank=True,
                                on_delete=models.PROTECT, related_name="audit_events",
                                db_constraint=False)
    before = models.JSONField(verbose_name=_("before"), null=True, blank=True)
    after = models.JSONField(verbose_name=_("after"), null=True, blank=True)
    reason = models.TextField(verbose_name=_("reason"), blank=True)
    ip_address = models.GenericIPAddressField(verbose_name=_("IP address"), null=True, blank=True)
    correlation_id = models.CharField(
        verbose_name=_("correlation ID"),
        max_length=64, blank=True, db_index=True,
        help_text=_("The id of the HTTP request (X-Request-ID) or of the task it queued."))
    previous_hash = models.CharField(verbose_name=_("previous hash"), max_length=64)
    hash = models.CharField(verbose_name=_("hash"), max_length=64, unique=True)
    # Issue 12 (licensing/services/audit_seal.py): version 2 hashes commit to the payload
    # (before/after) through `payload_digest`, so retention can erase the payload and the
    # chain still verifies; `mac` is an HMAC-SHA-256 of the hash under key `mac_key_id`,
    # a key the database does not hold. Events written before version 2 have no MAC.
    hash_version = models.PositiveSmallIntegerField(verbose_name=_("hash version"), default=2)
    payload_digest = models.CharField(verbose_name=_("payload digest"), max_length=64, blank=True)
    mac_key_id = models.CharField(verbose_name=_("MAC key ID"), max_length=40, blank=True)
    mac = models.CharField(verbose_name=_("MAC"), max_length=64, blank=True)
    redacted_at = models.DateTimeField(verbose_name=_("redacted at"), null=True, blank=True,
                                       help_text=_("When retention erased before/after."))

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")

    @property
    def shown_reason(self) -> str:
        """The reason in the active language when the system worded it as message parts
        (services/audit.py `record_event`); otherwise, and once erased, as stored."""
        from licensing.screening.checks.text import render_json

        parts = (self.after or {}).get("reason_parts") if isinstance(self.after, dict) else None
        return render_json(parts) if parts and self.reason else self.reason


class AuditChainHead(models.Model):
    """Kept beside the audit table, not in it: how many events the chain holds and the
    newest one's hash, advanced in the same transaction as every append. Deleting the
    newest events or emptying the audit table leaves this behind, so the integrity check
    sees that events are missing (licensing/services/audit_head.py). One row."""

    id = models.PositiveSmallIntegerField(verbose_name=_("ID"), primary_key=True, default=1)
    count = models.BigIntegerField(verbose_name=_("count"), default=0)
    last_event_id = models.BigIntegerField(verbose_name=_("last event ID"), null=True, blank=True)
    last_hash = models.CharField(verbose_name=_("last hash"), max_length=64, blank=True)

    def __str__(self):
        return f"{self.count} event(s), last {self.last_event_id}"
