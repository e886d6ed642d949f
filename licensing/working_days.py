"""Working days: the unit of every deadline and target the authority keeps (the case clock,
referral due dates, delivery verification). Weekends do not count; neither do the public
holidays of the managed calendar (`PublicHoliday`, Django admin), which `holidays` below is
the one place to read.

Each function reads the calendar once per call; callers that count many spans (the work
queue, the daily reminders) read it once with `holidays(...)` and pass it as `off`."""

from datetime import date, timedelta

from licensing.models.casework import PublicHoliday


def holidays(start: date, end: date) -> frozenset[date]:
    """Public holidays between `start` and `end` inclusive."""
    if end < start:
        return frozenset()
    return frozenset(PublicHoliday.objects.filter(day__range=(start, end))
                     .values_list("day", flat=True))


def is_working_day(day: date, off: frozenset[date] = frozenset()) -> bool:
    return day.weekday() < 5 and day not in off


def working_days_between(start: date, end: date, off: frozenset[date] | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when `end <= start`)."""
    if end <= start:
        return 0
    if off is None:
        off = holidays(start, end)
    return sum(1 for offset in range(1, (end - start).days + 1)
               if is_working_day(start + timedelta(days=offset), off))


def add_working_days(start: date, count: int, off: frozenset[date] | None = None) -> date:
    """The day `count` working days after `start` (a due date)."""
    day, remaining = start, count
    if off is None:
        off = holidays(start, start + timedelta(days=count * 2 + 14))
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, off):
            remaining -= 1
    return day


def date_working_days_before(end: date, count: int) -> date:
    """The latest date from which `count` working days have passed by `end`."""
    day, remaining = end, count
    off = holidays(end - timedelta(days=count * 2 + 14), end)
    while remaining > 0:
        day -= timedelta(days=1)
        if is_working_day(day, off):
            remaining -= 1
    return day
