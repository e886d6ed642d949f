"""Uploading documents: PDF or image only, judged by content, size-limited, hashed."""

import hashlib

import filetype
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts import policy
from licensing import limits
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import AuditAction, Document, DocumentKind, RequestStatus, ShipmentRequest
from licensing.services.audit import record_event
from licensing.services.uploads import UnsafePdf, inspect_pdf

ALLOWED_CONTENT_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/tiff"}
# Which documents an applicant may add in which states.
UPLOADABLE = {
    DocumentKind.END_USER_CERTIFICATE: {RequestStatus.DRAFT},
    DocumentKind.OTHER: {RequestStatus.DRAFT, RequestStatus.SUBMITTED},
    DocumentKind.DELIVERY_VERIFICATION: {RequestStatus.SPECIAL_APPROVAL, RequestStatus.SHIPPED},
}


def sniff_content_type(data: bytes) -> str | None:
    """The type the bytes really are; the file name and the client's claim are ignored."""
    kind = filetype.guess(data[:8192])
    return kind.mime if kind else None


@transaction.atomic
def upload_document(*, actor, request: ShipmentRequest, kind: str, name: str,
                    data: bytes, for_appeal: bool = False) -> Document:
    """`for_appeal`: a document supporting an appeal against the denial (the appeals
    service has checked that the applicant may appeal now)."""
    if not policy.belongs_to(actor, request.organisation_id):
        raise NotPermitted(_("Only the applicant's organisation may add documents."))
    if not for_appeal and request.status not in UPLOADABLE[kind]:
        raise TransitionConflict(
            f"A {DocumentKind(kind).label.lower()} cannot be added to a request that is "
            f"{request.get_status_display().lower()}.")
    if not data:
        raise InvalidInput({"file": [_("The file is empty.")]})
    problem = limits.too_many(request.documents.count() + 1, limits.max_documents(),
                              "documents")
    if problem:
        raise InvalidInput({"file": [problem]})
    if len(data) > settings.MAX_UPLOAD_BYTES:
        raise InvalidInput({"file": [
            f"The file is larger than {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB."]})
    content_type = sniff_content_type(data)
    if content_type not in ALLOWED_CONTENT_TYPES:
        raise InvalidInput({"file": [_("Upload a PDF or an image (PNG, JPEG or TIFF); this "
                                       "file is not one, whatever its name says.")]})
    if content_type == "application/pdf":
        try:
            inspect_pdf(data)
        except UnsafePdf as exc:
            raise InvalidInput({"file": [str(exc)]}) from None
    digest = hashlib.sha256(data).hexdigest()
    document = Document(request=request, kind=kind, original_name=name[:255],
                        content_type=content_type, size=len(data), sha256=digest,
                        uploaded_by=actor)
    document.file.save(digest, ContentFile(data), save=False)
    try:
        document.save()
        record_event(actor=actor, action=AuditAction.DOCUMENT_UPLOADED, obj=document,
                     request=request,
                     after={"kind": kind, "name": document.original_name, "size": len(data),
                            "sha256": digest, "content_type": content_type,
                            **({"for": "appeal"} if for_appeal else {})})
    except Exception:
        document.file.delete(save=False)  # no stored file without its row
        raise
    return document
