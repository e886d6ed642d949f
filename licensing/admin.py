"""Django admin: reference lists and the criteria catalogue. Saves and deletes of
reference entries go through services, so they are audited and trigger re-screening;
case data is read-only here (decisions are made in the case-working screens)."""

from django.contrib import admin

from licensing.models import (
    ArmsEmbargo,
    AtWarCountry,
    AuditEvent,
    Criterion,
    DiversionRiskCountry,
)
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
