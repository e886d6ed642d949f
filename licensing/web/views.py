from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from licensing import selectors


def home(request):
    return render(request, "home.html")


@login_required
def document_download(request, pk, document_id):
    """Documents are streamed only to someone who may see the request."""
    shipment_request = selectors.get_visible_request(request.user, pk)
    document = shipment_request.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            filename=document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response
