"""Django admin: reference lists and the criteria catalogue. Saves and deletes of
reference entries go through services, so they are audited and trigger re-screening;
case data is read-only here (decisions are made in the case-working screens)."""

from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from licensing.models import (
    ArmsEmbargo,
    AtWarCountry,
    AuditAction,
    AuditEvent,
    CountersignRule,
    Criterion,
    DiversionRiskCountry,
    ExportHalt,
    HaltOverride,
    LicenceCondition,
    LicenceDocument,
    PendingDecision,
    PublicHoliday,
    RoutingRule,
    Shipment,
)
from licensing.services.audit import record_event
from licensing.services.calendar import delete_holiday, save_holiday
from licensing.services.decision_rules import save_decision_rule
from licensing.services.reference import delete_reference_entry, save_reference_entry


class ReferenceEntryAdmin(admin.ModelAdmin):
    def save_model(self, request, obj, form, change):
        save_reference_entry(actor=request.user, entry=obj, reason="Changed in admin")

    def delete_model(self, request, obj):
        delete_reference_entry(actor=request.user, entry=obj, reason="Deleted in admin")

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            self.delete_model(request, entry)


@admin.register(AtWarCountry)
class AtWarCountryAdmin(ReferenceEntryAdmin):
    list_display = ["country", "valid_from", "valid_until", "basis"]
    search_fields = ["country", "basis"]


@admin.register(ArmsEmbargo)
class ArmsEmbargoAdmin(ReferenceEntryAdmin):
    list_display = ["country", "imposer", "scope", "valid_from", "valid_until",
                    "needs_verification"]
    list_filter = ["imposer", "scope", "needs_verification"]
    search_fields = ["country", "legal_basis"]


@admin.register(DiversionRiskCountry)
class DiversionRiskCountryAdmin(ReferenceEntryAdmin):
    list_display = ["country", "valid_from", "valid_until"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "source", "title", "is_active"]
    list_filter = ["source", "is_active"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["actor_label", "action", "object_id", "reason"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Case data: shown to administrators, changed only through the services."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LicenceCondition)
class LicenceConditionAdmin(admin.ModelAdmin):
    """The managed list of conditions an approver attaches to a licence by code. Licences
    keep the text they were issued with, so editing or retiring one changes no licence."""

    list_display = ["code", "text", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "text"]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = None
            if obj.pk:
                old = LicenceCondition.objects.get(pk=obj.pk)
                before = {"code": old.code, "text": old.text, "is_active": old.is_active}
            obj.save()
            record_event(actor=request.user, action=AuditAction.LICENCE_CONDITION_SAVED, obj=obj,
                         before=before, after={"code": obj.code, "text": obj.text,
                                               "is_active": obj.is_active},
                         reason="Changed in admin")

    def has_delete_permission(self, request, obj=None):
        return False  # retire a condition with is_active instead


@admin.register(ExportHalt)
class ExportHaltAdmin(ReadOnlyAdmin):
    """Halts are declared and lifted by approving authorities (API and case screens)."""

    list_display = ["title", "mode", "control_categories", "destinations", "valid_from",
                    "valid_until", "declared_by", "lifted_at"]
    list_filter = ["mode"]
    search_fields = ["title", "public_reason"]


@admin.register(HaltOverride)
class HaltOverrideAdmin(ReadOnlyAdmin):
    list_display = ["halt", "request", "granted_by", "granted_at"]


@admin.register(LicenceDocument)
class LicenceDocumentAdmin(ReadOnlyAdmin):
    list_display = ["licence", "version", "licence_status", "sha256", "size", "generated_at",
                    "superseded_at"]
    search_fields = ["licence__number", "sha256"]


class OverdueFilter(admin.SimpleListFilter):
    title = _("delivery verification")
    parameter_name = "dvc"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("received", _("Received")),
                ("pending", _("Pending"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.filter(delivery_overdue_flagged_at__isnull=False,
                                   delivery_verification__isnull=True)
        if self.value() == "received":
            return queryset.filter(delivery_verification__isnull=False)
        if self.value() == "pending":
            return queryset.filter(delivery_verification__isnull=True,
                                   delivery_overdue_flagged_at__isnull=True)
        return queryset


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyAdmin):
    list_display = ["licence", "shipped_on", "carrier", "customs_declaration",
                    "delivery_verification_due_on", "delivery_verified_at",
                    "delivery_overdue_flagged_at"]
    list_filter = [OverdueFilter]
    search_fields = ["licence__number", "customs_declaration"]


# Denied-party lists: upload, versions, entries, false-positive marks.
from licensing import admin_lists  # noqa: E402, F401


@admin.register(PublicHoliday)
class PublicHolidayAdmin(admin.ModelAdmin):
    """The holiday calendar of the case clock (weekends never count either). Seed further
    years with `manage.py seed_holidays --years 2029 2030`."""

    list_display = ["day", "name", "local_name"]
    date_hierarchy = "day"
    search_fields = ["name", "local_name"]

    def save_model(self, request, obj, form, change):
        save_holiday(actor=request.user, holiday=obj, reason="Changed in admin")

    def delete_model(self, request, obj):
        delete_holiday(actor=request.user, holiday=obj, reason="Deleted in admin")

    def delete_queryset(self, request, queryset):
        for holiday in queryset:
            self.delete_model(request, holiday)


class DecisionRuleAdmin(admin.ModelAdmin):
    """Rules are retired with "active", never deleted; each change is audited."""

    list_filter = ["is_active"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        save_decision_rule(actor=request.user, rule=obj, reason="Changed in admin")

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RoutingRule)
class RoutingRuleAdmin(DecisionRuleAdmin):
    """Which consulted bodies must consent to which requests (docs/consultation.md)."""

    list_display = ["name", "body", "mandatory", "destination_countries",
                    "control_categories", "end_user_types", "min_value", "is_active"]
    list_filter = ["is_active", "mandatory", "body"]


@admin.register(CountersignRule)
class CountersignRuleAdmin(DecisionRuleAdmin):
    """Which grants and denials need a second approver's countersignature."""

    list_display = ["name", "applies_to", "control_categories", "min_value", "is_active"]
    list_filter = ["is_active", "applies_to"]


@admin.register(PendingDecision)
class PendingDecisionAdmin(ReadOnlyAdmin):
    list_display = ["request", "kind", "status", "decided_by", "decided_at",
                    "countersigned_by", "countersigned_at"]
    list_filter = ["status", "kind"]
