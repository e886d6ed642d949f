"""The public holidays the authority seeds its calendar with: those of its country (Serbia,
`HOLIDAY_COUNTRY`), computed by the `holidays` library (Orthodox Easter from Good Friday to
Easter Monday, Orthodox Christmas, and the Monday after a holiday that falls on a Sunday).
The calendar itself is the `PublicHoliday` table, managed in Django admin; this module only
proposes its rows (migration 0009 and `manage.py seed_holidays`)."""

from datetime import date

import holidays as holiday_library

DEFAULT_COUNTRY = "RS"
SEEDED_YEARS = (2026, 2027, 2028)


def public_holidays(years, country: str = DEFAULT_COUNTRY) -> list[tuple[date, str, str]]:
    """(day, English name, name in the country's language), in date order."""
    english = holiday_library.country_holidays(country, years=list(years), language="en_US")
    local_language = holiday_library.country_holidays(country).default_language
    local = holiday_library.country_holidays(country, years=list(years), language=local_language)
    return [(day, name, local.get(day, "")) for day, name in sorted(english.items())]
