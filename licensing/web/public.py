"""Public licence verification: `/verify/<licence number>/`, no sign-in (the licence's QR
code points here). Shows whether the licence is genuine and its status, and only what a
customs officer needs; an uploaded PDF is checked against every issued document version.
Rate-limited per client address in the shared cache."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.client_address import client_address
from licensing.ratelimit import hit
from licensing.services import licence_documents as documents
from licensing.services.documents import sniff_content_type


def _client(request) -> str:
    return client_address(request) or "unknown"


def _limited(request):
    verdict = hit("public-verify-html", _client(request), settings.PUBLIC_VERIFY_RATE)
    if verdict.allowed:
        return None
    response = render(request, "public/rate_limited.html",
                      {"retry_after": verdict.retry_after}, status=429)
    response["Retry-After"] = str(verdict.retry_after)
    return response


@require_http_methods(["GET"])
def lookup(request):
    """A form to type a licence number; sends the reader to its verification page."""
    number = documents.normalise_number(request.GET.get("number", ""))
    if number:
        return redirect("web:public-verify", number=number)
    return render(request, "public/verify_lookup.html")


@require_http_methods(["GET", "POST"])
def verify(request, number):
    limited = _limited(request)
    if limited is not None:
        return limited
    licence = documents.find_licence(number)
    if licence is None:
        return render(request, "public/verify.html",
                      {"number": documents.normalise_number(number), "licence": None},
                      status=404)
    context = {"number": licence.number, "licence": documents.public_summary(licence),
               "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024)}
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["upload_error"] = _("Choose the licence PDF to check.")
            status = 400
        elif upload.size > settings.MAX_UPLOAD_BYTES:
            context["upload_error"] = _("The file is larger than %(mb)s MB.") % {
                "mb": context["max_mb"]}
            status = 400
        else:
            data = upload.read()
            if sniff_content_type(data) != "application/pdf":
                context["upload_error"] = _("This file is not a PDF.")
                status = 400
            else:
                context["verdict"] = documents.check_document(licence, data)
    response = render(request, "public/verify.html", context, status=status)
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
