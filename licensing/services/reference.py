"""Changes to the reference lists (at-war countries, embargoes, diversion risk).

Every change bumps the list's version and is audited in one transaction; on commit every
open request and unshipped licence is screened again (continuous screening)."""

from django.db import transaction
from django.db.models import F
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import policy
from licensing.errors import NotPermitted
from licensing.models import AuditAction, ReferenceListState
from licensing.reference_data import current_list_versions
from licensing.services.audit import record_event
from licensing.services.background import RESCREEN_EVERYTHING_OPEN, enqueue

__all__ = ["bump_list_version", "current_list_versions", "delete_reference_entry",
           "save_reference_entry", "schedule_continuous_screening"]


def bump_list_version(list_name: str) -> None:
    state, _created = ReferenceListState.objects.get_or_create(list_name=list_name)
    ReferenceListState.objects.filter(pk=state.pk).update(
        version=F("version") + 1, changed_at=timezone.now()
    )


def _require_reference_editor(actor):
    if not policy.may_edit_reference_lists(actor):
        raise NotPermitted(_("Only an approving authority or an administrator may change "
                           "reference lists."))


def _snapshot(entry) -> dict:
    return {k: str(v) if v is not None else None for k, v in model_to_dict(entry).items()}


@transaction.atomic
def save_reference_entry(*, actor, entry, reason: str = "", rescreen: bool = True):
    """Create or change an entry of a reference list (admin, seed and import use this)."""
    _require_reference_editor(actor)
    before = None
    if entry.pk:
        before = _snapshot(type(entry).objects.get(pk=entry.pk))
    entry.full_clean()
    entry.save()
    bump_list_version(entry.LIST_NAME)
    record_event(actor=actor,
                 action=AuditAction.reference_list_change(entry.LIST_NAME, deleted=False),
                 obj=entry,
                 before=before, after=_snapshot(entry), reason=reason)
    if rescreen:
        schedule_continuous_screening(reason=f"{entry.LIST_NAME} changed")
    return entry


@transaction.atomic
def delete_reference_entry(*, actor, entry, reason: str = ""):
    """Reference lists keep their history: prefer ending an entry with `valid_until`.
    Deleting is for entries created in error and is audited like any change."""
    _require_reference_editor(actor)
    before = _snapshot(entry)
    list_name = entry.LIST_NAME
    record_event(actor=actor, action=AuditAction.reference_list_change(list_name, deleted=True),
                 obj=entry,
                 before=before, reason=reason)
    entry.delete()
    bump_list_version(list_name)
    schedule_continuous_screening(reason=f"{list_name} changed")


def schedule_continuous_screening(*, reason: str) -> None:
    """Owe a re-screening of everything open, from the caller's transaction (outbox)."""
    enqueue(RESCREEN_EVERYTHING_OPEN, reason)
