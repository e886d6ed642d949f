"""The holiday calendar the case clock counts with (licensing/working_days.py). Every change
is audited; `seed_public_holidays` adds the country's holidays for given years (the
`holidays` library's computation) without touching days already in the calendar."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from licensing.errors import NotPermitted
from licensing.holiday_calendar import public_holidays
from licensing.models import AuditAction, PublicHoliday
from licensing.services.audit import record_event


def _check(actor):
    if actor is not None and not policy.may_manage_holiday_calendar(actor):
        raise NotPermitted(_("Only an administrator manages the holiday calendar."))


def _snapshot(holiday: PublicHoliday) -> dict:
    return {"day": holiday.day, "name": holiday.name}


@transaction.atomic
def save_holiday(*, actor, holiday: PublicHoliday, reason: str = "") -> PublicHoliday:
    _check(actor)
    before = None
    if holiday.pk:
        before = _snapshot(PublicHoliday.objects.get(pk=holiday.pk))
    holiday.save()
    record_event(actor=actor, action=AuditAction.HOLIDAY_SAVED, obj=holiday, before=before,
                 after=_snapshot(holiday), reason=reason)
    return holiday


@transaction.atomic
def delete_holiday(*, actor, holiday: PublicHoliday, reason: str = "") -> None:
    _check(actor)
    record_event(actor=actor, action=AuditAction.HOLIDAY_DELETED, obj=holiday,
                 before=_snapshot(holiday), reason=reason)
    holiday.delete()


def seed_public_holidays(*, actor, years, country: str) -> int:
    """Add the holidays of `country` in `years` that the calendar lacks. Returns how many."""
    added = 0
    existing = set(PublicHoliday.objects.values_list("day", flat=True))
    for day, name, local_name in public_holidays(years, country):
        if day not in existing:
            save_holiday(actor=actor, holiday=PublicHoliday(day=day, name=name,
                                                            local_name=local_name),
                         reason=f"Seeded: {country} public holidays")
            added += 1
    return added
