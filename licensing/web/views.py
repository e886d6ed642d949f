from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from accounts.models import Role
from licensing import selectors
from licensing.services.audit_reads import record_document_read

HOME_BY_ROLE = {
    Role.APPLICANT: "web:request-list",
    Role.OFFICER: "web:queue",
    Role.APPROVER: "web:queue",
    Role.AUDITOR: "web:audit-log",
}


def home(request):
    """Signed in, each role starts where its work is."""
    if request.user.is_authenticated:
        if request.user.role in HOME_BY_ROLE:
            return redirect(HOME_BY_ROLE[request.user.role])
        if request.user.role == Role.ADMINISTRATOR:
            return redirect("admin:index")
    return render(request, "home.html")


@login_required
@xframe_options_sameorigin
def document_download(request, pk, document_id):
    """Documents are streamed only to someone who may see the request; shown inline (the
    request page embeds the certificate), never as an executable page of this site."""
    shipment_request = selectors.get_visible_request(request.user, pk)
    document = shipment_request.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    record_document_read(actor=request.user, document=document, channel="web")
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    # A PDF must reach the browser's own viewer (a sandboxed document cannot load it);
    # it may not run script of this origin or load anything else.
    if document.content_type == "application/pdf":
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
