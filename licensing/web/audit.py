"""The auditor's side: the audit log with filters and full-text search, and its CSV and
JSON exports (streamed, flat in memory). Read-only: nothing here changes anything. The
integrity screen is licensing/web/audit_proof.py; timelines and reconstruction are
licensing/web/audit_tools.py."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import policy
from licensing.selectors_audit import search_audit_events
from licensing.services.audit_export import csv_lines, json_chunks
from licensing.web.audit_forms import AuditSearchForm

PAGE_SIZE = 50


def require_audit_reader(user):
    # The audit trail is the auditors' (and the administrators', who run the system).
    if not policy.may_read_audit_log(user):
        raise PermissionDenied(_("The audit log is for auditors."))


def _filters(http_request):
    form = AuditSearchForm(http_request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@require_GET
@login_required
def audit_log(http_request):
    require_audit_reader(http_request.user)
    form, filters = _filters(http_request)
    paginator = Paginator(search_audit_events(filters), PAGE_SIZE)
    page = paginator.get_page(http_request.GET.get("page"))
    query = http_request.GET.copy()
    query.pop("page", None)
    return render(http_request, "audit/log.html",
                  {"form": form, "page": page, "query": query.urlencode()})


def _export(http_request, chunks, content_type, extension):
    require_audit_reader(http_request.user)
    _, filters = _filters(http_request)
    events = search_audit_events(filters)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(chunks(events), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.{extension}"'
    return response


@require_GET
@login_required
def audit_export(http_request):
    return _export(http_request, csv_lines, "text/csv; charset=utf-8", "csv")


@require_GET
@login_required
def audit_export_json(http_request):
    return _export(http_request, json_chunks, "application/json", "json")
