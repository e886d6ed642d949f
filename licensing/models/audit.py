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

    @classmethod
    def reference_list_change(cls, list_name: str, *, deleted: bool) -> "AuditAction":
        return cls(f"reference.{list_name}.{'deleted' if deleted else 'saved'}")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+",
                              help_text="Empty when the system acted.")
    actor_label = models.CharField(max_length=254, help_text="Email, or 'system'.")
    actor_role = models.CharField(max_length=20)
    action = models.CharField(max_length=60, db_index=True, choices=AuditAction.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    request = models.ForeignKey("licensing.ShipmentRequest", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="audit_events",
                                db_constraint=False)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
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
