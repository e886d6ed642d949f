"""Django admin for denied-party lists: upload a new version (the same service as
`manage.py import_list`), see versions with their counts and diff, browse entries and
false-positive marks. Nothing here writes except through licensing.services."""

import json
import shutil
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from licensing.errors import InvalidInput, NotPermitted
from licensing.models import (
    DeniedPartyList,
    DeniedPartyListVersion,
    FalsePositiveMark,
    ListedEntry,
)
from licensing.services.list_imports import (
    default_list_name,
    import_denied_party_list,
    save_denied_party_list,
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file reaches the import service, which records it as a refused version.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=DeniedPartyList.Format.choices)
    files = MultipleFileField(label=_("Files"), help_text=_(
        "OFAC: sdn.csv, optionally with alt.csv and add.csv (keep the file names). Other "
        "formats: one file."))
    allow_shrink = forms.BooleanField(
        label=_("Allow shrink"), required=False,
        help_text=_("Accept a shrink beyond LIST_MAX_SHRINK_FRACTION."))
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the audit trail; needed to accept a shrink."))


class ReadOnlyModelAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class VersionInline(admin.TabularInline):
    model = DeniedPartyListVersion
    fields = ["number", "status", "imported_at", "imported_by", "entry_count", "alias_count",
              "added_count", "removed_count", "changed_count", "refusal_reason"]
    readonly_fields = fields
    show_change_link = True
    extra = 0
    max_num = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DeniedPartyList)
class DeniedPartyListAdmin(admin.ModelAdmin):
    list_display = ["name", "format", "is_active", "live_version_number", "live_entries",
                    "upload_link"]
    list_filter = ["format", "is_active"]
    fields = ["name", "format", "source", "is_active"]
    inlines = [VersionInline]
    change_list_template = "admin/licensing/deniedpartylist/change_list.html"

    @admin.display(description=_("live version"))
    def live_version_number(self, obj):
        live = obj.live_version
        return live.number if live else "-"

    @admin.display(description=_("entries"))
    def live_entries(self, obj):
        live = obj.live_version
        return live.entry_count if live else 0

    @admin.display(description="")
    def upload_link(self, obj):
        url = reverse("admin:licensing_deniedpartylist_upload_to", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Upload a new version"))

    def get_readonly_fields(self, request, obj=None):
        # A list's versions were parsed in its format: another format is another list.
        return ["format"] if obj is not None and obj.versions.exists() else []

    def save_model(self, request, obj, form, change):
        try:
            save_denied_party_list(actor=request.user, dp_list=obj, reason="Changed in admin")
        except (InvalidInput, NotPermitted) as exc:
            raise PermissionDenied(str(exc)) from exc

    def has_delete_permission(self, request, obj=None):
        return False  # switch a list off with is_active; versions are history

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view),
                 name="licensing_deniedpartylist_upload"),
            path("<int:list_id>/upload/", self.admin_site.admin_view(self.upload_view),
                 name="licensing_deniedpartylist_upload_to"),
            *super().get_urls(),
        ]

    def upload_view(self, request, list_id=None):
        dp_list = get_object_or_404(DeniedPartyList, pk=list_id) if list_id else None
        initial = {"format": dp_list.format} if dp_list else {}
        form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
        if dp_list is None:
            form.fields["list_name"] = forms.CharField(
                label=_("List name"), max_length=100, required=False,
                help_text=_("Leave empty for the format's usual name (e.g. 'OFAC SDN')."))
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            name = dp_list.name if dp_list else (data.get("list_name") or
                                                 default_list_name(data["format"]))
            version = self._import(request, form, name, data)
            if version is not None:
                target = version.denied_party_list_id
                return redirect("admin:licensing_deniedpartylist_change", target)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "form": form, "dp_list": dp_list,
                   "title": _("Upload a new version of %(list)s") % {"list": dp_list}
                   if dp_list else _("Upload a denied-party list")}
        return TemplateResponse(request, "admin/licensing/deniedpartylist/upload.html",
                                context)

    def _import(self, request, form, name, data):
        workdir = Path(tempfile.mkdtemp(prefix="list-upload-"))
        try:
            paths = []
            for upload in data["files"]:
                target = workdir / (Path(upload.name).name or "upload")
                with open(target, "wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                paths.append(target)
            try:
                version = import_denied_party_list(
                    actor=request.user, list_name=name, fmt=data["format"], paths=paths,
                    allow_shrink=data["allow_shrink"],
                    reason=data["reason"] or "Uploaded in admin")
            except InvalidInput as exc:
                for field, problems in exc.field_errors.items():
                    form.add_error(field if field in form.fields else None, problems)
                return None
            except NotPermitted as exc:
                form.add_error(None, exc.message)
                return None
        finally:
            shutil.rmtree(workdir, ignore_errors=True)
        if version.status == DeniedPartyListVersion.Status.REFUSED:
            messages.error(request, _("%(list)s version %(number)s was refused: %(reason)s")
                           % {"list": name, "number": version.number,
                              "reason": version.refusal_reason})
        else:
            messages.success(request, _(
                "%(list)s version %(number)s is live: %(entries)s entries; %(added)s added, "
                "%(removed)s removed, %(changed)s changed. Open requests are being "
                "re-screened.") % {"list": name, "number": version.number,
                                   "entries": version.entry_count,
                                   "added": version.added_count,
                                   "removed": version.removed_count,
                                   "changed": version.changed_count})
        return version


@admin.register(DeniedPartyListVersion)
class DeniedPartyListVersionAdmin(ReadOnlyModelAdmin):
    list_display = ["denied_party_list", "number", "status", "imported_at", "imported_by",
                    "entry_count", "alias_count", "added_count", "removed_count",
                    "changed_count"]
    list_filter = ["denied_party_list", "status"]
    fields = ["denied_party_list", "number", "status", "imported_at", "imported_by",
              "entry_count", "alias_count", "added_count", "removed_count", "changed_count",
              "refusal_reason", "files_display", "diff_display"]
    readonly_fields = fields

    @admin.display(description=_("files"))
    def files_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.files, indent=2))

    @admin.display(description=_("diff (counts and samples)"))
    def diff_display(self, obj):
        return format_html("<pre>{}</pre>", json.dumps(obj.diff, indent=2, ensure_ascii=False))


@admin.register(ListedEntry)
class ListedEntryAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "source_id", "entity_type", "source_list", "version"]
    list_filter = ["version__denied_party_list", "entity_type"]
    search_fields = ["name", "source_id"]
    list_select_related = ["version__denied_party_list"]
    show_full_result_count = False


@admin.register(FalsePositiveMark)
class FalsePositiveMarkAdmin(ReadOnlyModelAdmin):
    """Marked and revoked by officers on the case (API and case screens)."""

    list_display = ["party_name_key", "denied_party_list", "entry_source_id", "marked_by",
                    "marked_at", "revoked_at"]
    list_filter = ["denied_party_list"]
    search_fields = ["party_name_key", "entry_source_id", "reason"]
