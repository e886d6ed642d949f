"""The auditor's tools for one request (issue 12): its timeline with the evidence in force
at each step, and the request reconstructed as it was at a chosen moment. Read-only."""

from datetime import datetime, time

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from licensing.models import ShipmentRequest
from licensing.selectors_audit import reconstruct_request, request_timeline
from licensing.web.audit import require_audit_reader
from licensing.web.audit_forms import MomentForm


@require_GET
@login_required
def request_timeline_page(http_request, pk):
    require_audit_reader(http_request.user)
    request = get_object_or_404(ShipmentRequest, pk=pk)
    return render(http_request, "audit/request_timeline.html",
                  {"req": request, "steps": request_timeline(request)})


def moment_from(form) -> datetime:
    day = form.cleaned_data["date"]
    at = form.cleaned_data.get("time") or time(23, 59, 59, 999999)
    return timezone.make_aware(datetime.combine(day, at))


@require_GET
@login_required
def request_reconstruct_page(http_request, pk):
    require_audit_reader(http_request.user)
    request = get_object_or_404(ShipmentRequest, pk=pk)
    form = MomentForm(http_request.GET or None)
    reconstruction = reconstruct_request(request, moment_from(form)) if form.is_valid() else None
    return render(http_request, "audit/request_reconstruct.html",
                  {"req": request, "form": form, "r": reconstruction})
