"""The auditor's integrity screen (issue 12): start the chain check as a Celery task and
watch its progress; list the signed anchors, download them (to check with openssl), and
ask for a new anchor now. Starting a check or an anchor changes no case data; both are
recorded in the audit trail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from licensing.models import AuditChainCheck
from licensing.services import audit_proof
from licensing.services.audit_anchor import anchor_file, list_anchors
from licensing.web.audit import require_audit_reader

RECENT_CHECKS = 10


@require_GET
@login_required
def integrity(http_request):
    require_audit_reader(http_request.user)
    anchors = list(reversed(list_anchors()))
    return render(http_request, "audit/integrity.html", {
        "anchors": anchors,
        "checks": AuditChainCheck.objects.select_related("requested_by")[:RECENT_CHECKS],
    })


@require_POST
@login_required
def start_check(http_request):
    require_audit_reader(http_request.user)
    check = audit_proof.request_chain_check(actor=http_request.user)
    return redirect("web:audit-check", pk=check.pk)


def _check_context(http_request, pk):
    require_audit_reader(http_request.user)
    return {"check": get_object_or_404(AuditChainCheck, pk=pk)}


@require_GET
@login_required
def check_detail(http_request, pk):
    return render(http_request, "audit/check.html", _check_context(http_request, pk))


@require_GET
@login_required
def check_progress(http_request, pk):
    """The progress panel alone, polled by htmx until the check has finished."""
    return render(http_request, "audit/_check_progress.html", _check_context(http_request, pk))


@require_POST
@login_required
def anchor_now(http_request):
    require_audit_reader(http_request.user)
    reason = _("Anchor requested by %(email)s") % {"email": http_request.user.email}
    audit_proof.request_anchor(actor=http_request.user, reason=reason)
    messages.success(http_request, _("A new anchor is being written; reload in a moment."))
    return redirect("web:audit-integrity")


@require_GET
@login_required
def anchor_download(http_request, name):
    require_audit_reader(http_request.user)
    path = anchor_file(name)
    if path is None:
        raise Http404(_("No such anchor file."))
    content_type = "application/json" if name.endswith(".json") else (
        "application/x-pem-file" if name.endswith(".pem") else "application/octet-stream")
    return FileResponse(path.open("rb"), as_attachment=True, filename=name,
                        content_type=content_type)
