"""Working days between two dates: Monday to Friday for now. The one place a holiday
calendar will plug in (pass `holidays`, a set of dates that are not working days)."""

from datetime import date, timedelta

NO_HOLIDAYS: frozenset = frozenset()


def working_days_between(start: date, end: date, holidays=NO_HOLIDAYS) -> int:
    """Working days after `start` up to and including `end` (a decision on the day of
    submission took 0 days; submitted on Friday, decided on Monday: 1)."""
    if end <= start:
        return 0
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    for offset in range(1, rest + 1):
        if (start + timedelta(days=offset)).weekday() < 5:
            count += 1
    if holidays:
        count -= sum(1 for h in holidays if start < h <= end and h.weekday() < 5)
    return count
