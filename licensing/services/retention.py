"""Retention of personal data of closed requests (issue 12).

A request is closed when it is denied, withdrawn or shipped. When nothing has happened to a
closed request (no audit event) for RETENTION_PERSONAL_DATA_DAYS days, its personal data is
erased:

- parties' names and addresses (an end user or consignee may be a person);
- the uploaded documents' files and original names (the rows stay with their SHA-256);
- the note of the end-user verification;
- the payload (before/after) of its audit events that carried any of these (the request's
  snapshots when created or edited, and document uploads). The events keep their payload
  digest, hash and MAC, so the chain still verifies; `redacted_at` says when.

The erasure is itself an audit event, `retention.personal_data_erased`, naming the events
whose payload it erased; the chain check refuses an erased payload that no such event names.
Events written before version 2 hashes cannot be erased (their hash covers the payload
itself): they are listed as kept."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from licensing.models import (
    AuditEvent,
    Document,
    EndUserVerification,
    Party,
    RequestStatus,
    ShipmentRequest,
)
from licensing.services.audit import record_event

CLOSED_STATUSES = (RequestStatus.DENIED, RequestStatus.WITHDRAWN, RequestStatus.SHIPPED)
ERASED = "[erased]"
ERASURE_ACTION = "retention.personal_data_erased"
PERSONAL_PAYLOAD_ACTIONS = ("request.created", "request.edited", "document.uploaded")


@dataclass(frozen=True)
class Erasure:
    request_id: int
    parties: int
    documents: int
    events_erased: list
    events_kept: list


def due_for_erasure(now=None, days=None):
    """Closed requests idle for the retention period and not erased yet."""
    days = settings.RETENTION_PERSONAL_DATA_DAYS if days is None else days
    if days <= 0:
        return ShipmentRequest.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    erased = AuditEvent.objects.filter(action=ERASURE_ACTION).values("request_id")
    return (ShipmentRequest.objects.filter(status__in=CLOSED_STATUSES)
            .exclude(pk__in=erased)
            .annotate(last_event=Max("audit_events__at"))
            .filter(last_event__lt=cutoff).order_by("pk"))


@transaction.atomic
def erase_personal_data(*, request: ShipmentRequest, actor=None) -> Erasure:
    request = ShipmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in CLOSED_STATUSES:
        raise ValueError("Only a closed request's personal data is erased.")
    parties = Party.objects.filter(request=request).update(name=ERASED, address=ERASED,
                                                            search_key="")
    documents = 0
    for document in Document.objects.filter(request=request).exclude(original_name=ERASED):
        if document.file:
            document.file.delete(save=False)
        Document.objects.filter(pk=document.pk).update(original_name=ERASED, file="")
        documents += 1
    EndUserVerification.objects.filter(request=request).update(note="")
    events = AuditEvent.objects.filter(request=request, action__in=PERSONAL_PAYLOAD_ACTIONS,
                                       redacted_at__isnull=True)
    erasable = list(events.filter(hash_version__gte=2).values_list("pk", flat=True))
    kept = list(events.filter(hash_version__lt=2).values_list("pk", flat=True))
    AuditEvent.objects.filter(pk__in=erasable).erase_payloads(at=timezone.now())
    record_event(actor=actor, action=ERASURE_ACTION, obj=request, request=request,
                 after={"parties": parties, "documents": documents,
                        "events_erased": erasable, "events_kept": kept,
                        "retention_days": settings.RETENTION_PERSONAL_DATA_DAYS},
                 reason="Retention period of personal data elapsed")
    return Erasure(request.pk, parties, documents, erasable, kept)


def erase_expired_personal_data(now=None, actor=None) -> list[Erasure]:
    """Erase every request due (each in its own transaction)."""
    return [erase_personal_data(request=r, actor=actor)
            for r in list(due_for_erasure(now))]
