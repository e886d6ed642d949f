from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "registration_number", "country"]
    search_fields = ["name", "registration_number"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organisation", "agency", "is_active"]
    list_filter = ["role", "agency", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "role", "organisation", "agency", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "organisation", "agency",
                           "language", "password1", "password2"]}),
    ]

    def get_changeform_initial_data(self, request):
        # The authority's staff work in Serbian Cyrillic unless they choose otherwise.
        return {**super().get_changeform_initial_data(request),
                "language": settings.STAFF_LANGUAGE}
