from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.clickjacking import xframe_options_sameorigin

from accounts import policy
from licensing import selectors
from licensing.services.audit_reads import record_document_read


def home(request):
    """Signed in, each role starts where its work is."""
    if request.user.is_authenticated:
        if policy.home_page(request.user):
            return redirect(policy.home_page(request.user))
        if policy.is_administrator(request.user):
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
