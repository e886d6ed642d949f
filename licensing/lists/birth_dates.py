"""Dates of birth written in list remarks ("DOB 20 Apr 1967; alt. DOB 1968"), as
"YYYY-MM-DD" or "YYYY" strings the name matcher weighs as evidence
(`NameIndex.search(birth_date=...)`). OFAC writes them so in sdn.csv's remarks; a year
range ("DOB 1965 to 1967") gives each year of it, up to ten."""

import re

_MONTHS = {month: number for number, month in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DOB = re.compile(r"\bDOB\s+(?:circa\s+)?([^;]+)", re.IGNORECASE)
_FULL_DATE = re.compile(r"\b(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})\b")
_YEAR_RANGE = re.compile(r"\b(\d{4})\s+to\s+(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d{2}|20\d{2})\b")
_MOST_YEARS = 10


def birth_dates_in_remarks(remarks: str) -> tuple[str, ...]:
    if not remarks or "dob" not in remarks.lower():
        return ()
    found: dict[str, None] = {}
    for match in _DOB.finditer(remarks):
        text = match.group(1)
        full_dates = list(_FULL_DATE.finditer(text))
        for day, month, year in (m.groups() for m in full_dates):
            number = _MONTHS.get(month.lower())
            if number:
                found[f"{year}-{number:02d}-{int(day):02d}"] = None
        if full_dates:
            continue
        years = _YEAR_RANGE.search(text)
        if years and 0 <= int(years.group(2)) - int(years.group(1)) < _MOST_YEARS:
            for year in range(int(years.group(1)), int(years.group(2)) + 1):
                found[str(year)] = None
            continue
        for year in _YEAR.findall(text):
            found[year] = None
    return tuple(found)
