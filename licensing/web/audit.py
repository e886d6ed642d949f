"""The auditor's side: the audit log with filters, its CSV export (streamed) and the
integrity check of the hash chain. Read-only: nothing here changes anything."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.models import Role
from licensing.web import queries
from licensing.web.forms import AuditFilterForm

PAGE_SIZE = 50
CSV_COLUMNS = ["id", "at", "actor", "role", "action", "object_type", "object_id", "request_id",
               "request_reference", "reason", "before", "after", "ip_address", "previous_hash",
               "hash"]


def _require_auditor(user):
    # The audit trail is the auditors' (and the administrators', who run the system).
    if user.role not in (Role.AUDITOR, Role.ADMINISTRATOR):
        raise PermissionDenied("The audit log is for auditors.")


def _filters(http_request):
    form = AuditFilterForm(http_request.GET or None)
    return form, (form.cleaned_data if form.is_valid() else {})


@require_GET
@login_required
def audit_log(http_request):
    _require_auditor(http_request.user)
    form, filters = _filters(http_request)
    paginator = Paginator(queries.audit_events(filters), PAGE_SIZE)
    page = paginator.get_page(http_request.GET.get("page"))
    query = http_request.GET.copy()
    query.pop("page", None)
    return render(http_request, "audit/log.html",
                  {"form": form, "page": page, "query": query.urlencode()})


class _Echo:
    def write(self, value):
        return value


def _csv_safe(value) -> str:
    """Cells that a spreadsheet would run as a formula are prefixed with a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@require_GET
@login_required
def audit_export(http_request):
    _require_auditor(http_request.user)
    _, filters = _filters(http_request)
    events = queries.audit_events(filters).order_by("id")
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(CSV_COLUMNS)
        for e in events.iterator(chunk_size=2000):
            yield writer.writerow([_csv_safe(v) for v in (
                e.pk, e.at.isoformat(), e.actor_label, e.actor_role, e.action, e.object_type,
                e.object_id, e.request_id or "",
                e.request.applicant_reference if e.request_id and e.request else "",
                e.reason, e.before, e.after, e.ip_address, e.previous_hash, e.hash)])

    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
    return response
