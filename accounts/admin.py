"""Django admin for people and organisations. Administrators manage accounts here but
never see an API token or a second-factor secret: the token admin is removed and the
authenticator admin shows only whether a device exists (deleting it resets the second
factor). Role, status and password changes are audited and announced
(accounts/account_changes.py); nobody changes their own role or access."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import TokenProxy

from accounts.account_changes import (
    announce_account_change,
    describe,
    record_second_factor_reset,
    snapshot,
)
from accounts.models import Organisation, User

for _model in (TokenProxy, TOTPDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "code", "registration_number", "country",
                    "referral_due_working_days", "silence_policy"]
    list_filter = ["kind"]
    search_fields = ["name", "registration_number", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation__kind", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        # lazy: the class is built once, at import, and read in each administrator's language
        (gettext_lazy("Person"), {"fields": ["full_name", "role", "organisation", "language"]}),
        (gettext_lazy("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["email", "full_name", "role", "organisation", "language",
                           "password1", "password2"]}),
    ]

    def get_changeform_initial_data(self, request):
        # The authority's staff work in Serbian Cyrillic unless they choose otherwise.
        return {**super().get_changeform_initial_data(request),
                "language": settings.STAFF_LANGUAGE}

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.pk == request.user.pk:
            # Your own role and access are changed by another administrator, never by you.
            readonly += ["role", "organisation", "is_active", "is_staff",
                         "is_superuser", "groups"]
        return readonly

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            if not change:
                super().save_model(request, obj, form, change)
                announce_account_change(actor=request.user, user=obj,
                                        summary=_("account created with role %(role)s")
                                        % {"role": obj.role})
                return
            before = snapshot(User.objects.select_for_update().get(pk=obj.pk))
            after = snapshot(obj)
            if obj.pk == request.user.pk and before != after:
                raise PermissionDenied(_("You cannot change your own role or access."))
            super().save_model(request, obj, form, change)
            if before != after:
                announce_account_change(actor=request.user, user=obj,
                                        summary=describe(before, after))

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = User.objects.get(pk=id)
                announce_account_change(actor=request.user, user=user,
                                        summary=_("password set by an administrator; the "
                                                  "account's API tokens were revoked"))
        return response


@admin.register(TOTPDevice)
class SecondFactorAdmin(admin.ModelAdmin):
    """Which accounts have an authenticator app; never its secret. Deleting one makes its
    owner enrol a new app at next sign-in (audited and announced)."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    search_fields = ["user__email", "user__full_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        with transaction.atomic():
            user = obj.user
            super().delete_model(request, obj)
            record_second_factor_reset(actor=request.user, user=user)

    def delete_queryset(self, request, queryset):
        for device in queryset.select_related("user"):
            self.delete_model(request, device)
