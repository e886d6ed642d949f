"""Verifying the audit trail: the hash chain, each event's MAC and every anchor.

The walk reads the table in id order in batches (no long transaction: the table only ever
grows at the end, so events up to the last id seen at the start are a fixed list) and
reports progress, so it can run as a Celery task with a progress bar."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from licensing.models import AuditEvent
from licensing.services.audit import event_content_hash
from licensing.services.audit_anchor import list_anchors
from licensing.services.audit_head import head_disagrees, recorded_head
from licensing.services.audit_seal import (
    check_mac,
    content_hash_v2,
    mac_keys,
    payload_digest,
)

GENESIS_HASH = "0" * 64
ERASURE_ACTION = "retention.personal_data_erased"  # licensing/services/retention.py


@dataclass(frozen=True)
class ChainVerdict:
    checked: int
    first_broken_id: int | None = None
    problem: str = ""
    anchors_checked: int = 0
    unsealed: int = 0  # events from before MACs existed (all at the start of the chain)
    erased: int = 0  # events whose payload retention erased (the digest still verifies)

    @property
    def intact(self) -> bool:
        return self.first_broken_id is None and not self.problem


def _content_problem(event) -> str:
    if event.hash_version >= 2:
        if event.redacted_at is None and payload_digest(event.before,
                                                        event.after) != event.payload_digest:
            return _("its before/after do not match their digest")
        if content_hash_v2(event) != event.hash:
            return _("its content does not match its hash")
        return ""
    if event_content_hash(event) != event.hash:
        return _("its content does not match its hash")
    return ""


def verify_audit_chain(batch_size: int = 5000, *,
                       progress: Callable[[int, int], None] | None = None) -> ChainVerdict:
    """Walk the chain in order; name the first event whose content, link, MAC or anchor is
    wrong. `progress(checked, total)` is called after every batch."""
    keys = mac_keys()
    anchors = list_anchors()
    for anchor in anchors:
        if not anchor.signature_ok:
            return ChainVerdict(0, None, _("anchor %(name)s is not genuine: %(problem)s") % {
                "name": anchor.name, "problem": anchor.problem})
    pending = sorted((a for a in anchors if a.event_count > 0), key=lambda a: a.event_count)
    # The head is read before the last id: every event it counts is at or below that id.
    head = recorded_head()
    head_seen = head is None or head.count == 0
    last = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    total = AuditEvent.objects.filter(id__lte=last).count()
    expected_previous = GENESIS_HASH
    checked = unsealed = erased = 0
    anchors_checked = len(anchors) - len(pending)  # anchors of an empty chain
    seen_sealed = False
    erased_unexplained: set[int] = set()  # payloads erased, not (yet) named by an erasure
    after_id = 0
    confirmed_up_to = None  # the head event of the last anchor that agreed
    while True:
        batch = list(AuditEvent.objects.filter(id__gt=after_id, id__lte=last)
                     .order_by("id")[:batch_size])
        if not batch:
            break
        for event in batch:
            if event.previous_hash != expected_previous:
                return ChainVerdict(checked, event.pk, _(
                    "its link does not match the previous event's hash (an event before it "
                    "was changed, deleted or moved)"), anchors_checked, unsealed, erased)
            problem = _content_problem(event)
            if problem:
                return ChainVerdict(checked, event.pk, problem, anchors_checked, unsealed,
                                    erased)
            if event.mac:
                seen_sealed = True
                problem = check_mac(event, keys)
                if problem:
                    return ChainVerdict(checked, event.pk, problem, anchors_checked,
                                        unsealed, erased)
            elif seen_sealed or event.hash_version >= 2:
                return ChainVerdict(checked, event.pk, _(
                    "it has no MAC although events before it are sealed"), anchors_checked,
                    unsealed, erased)
            else:
                unsealed += 1
            if event.redacted_at is not None:
                erased += 1
                erased_unexplained.add(event.pk)
            elif event.action == ERASURE_ACTION:
                erased_unexplained.difference_update((event.after or {}).get("events_erased",
                                                                             []))
            expected_previous = event.hash
            checked += 1
            if head is not None and event.pk == head.last_event_id:
                problem = head_disagrees(head, checked, event.hash)
                if problem:
                    return ChainVerdict(checked, None, problem, anchors_checked, unsealed,
                                        erased)
                head_seen = True
            while pending and pending[0].event_count == checked:
                anchor = pending.pop(0)
                if anchor.head_hash != event.hash or anchor.head_event_id != event.pk:
                    since = (_(", after event %(id)s, which an earlier anchor confirms") %
                             {"id": confirmed_up_to}) if confirmed_up_to else ""
                    return ChainVerdict(checked - 1, event.pk, _(
                        "it disagrees with anchor %(name)s, which recorded event %(anchor_id)s "
                        "with hash %(hash)s as event number %(count)s: the history up to "
                        "here was rewritten%(since)s") % {
                        "name": anchor.name, "anchor_id": anchor.head_event_id,
                        "hash": anchor.head_hash[:16] + "…", "count": anchor.event_count,
                        "since": since}, anchors_checked, unsealed, erased)
                anchors_checked += 1
                confirmed_up_to = event.pk
        after_id = batch[-1].pk
        if progress:
            progress(checked, total)
    if pending:
        anchor = pending[0]
        return ChainVerdict(checked, anchor.head_event_id, _(
            "anchor %(name)s recorded %(count)s events ending with event %(anchor_id)s, but "
            "the chain has only %(checked)s: events were deleted from the end") % {
            "name": anchor.name, "count": anchor.event_count,
            "anchor_id": anchor.head_event_id, "checked": checked},
            anchors_checked, unsealed, erased)
    if not head_seen:
        return ChainVerdict(checked, None, head_disagrees(head, checked, expected_previous),
                            anchors_checked, unsealed, erased)
    if erased_unexplained:
        return ChainVerdict(checked, min(erased_unexplained), _(
            "its payload was erased, but no retention erasure event names it"),
            anchors_checked, unsealed, erased)
    return ChainVerdict(checked, None, "", anchors_checked, unsealed, erased)
