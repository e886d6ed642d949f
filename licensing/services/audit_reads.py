"""Reads that the audit trail records: opening a confidential document (an uploaded
end-user certificate, delivery verification certificate or other evidence). Who read what,
when, from where and through which channel, as its own audit event."""

from django.db import transaction

from licensing.services.audit import record_event


def record_document_read(*, actor, document, channel: str) -> None:
    """Called by every view that streams a request's document, before it streams."""
    with transaction.atomic():
        record_event(actor=actor, action="document.read", obj=document,
                     request=document.request,
                     after={"kind": document.kind, "sha256": document.sha256,
                            "channel": channel})
