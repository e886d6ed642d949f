"""Dates of birth read from list remarks, for the matcher to weigh."""

import pytest

from licensing.lists.birth_dates import birth_dates_in_remarks


@pytest.mark.parametrize("remarks, expected", [
    ("DOB 20 Apr 1967; Secondary sanctions risk: ...", ("1967-04-20",)),
    ("DOB 1968; alt. DOB 1969; nationality Iraq", ("1968", "1969")),
    ("DOB circa 1960; POB Kandahar", ("1960",)),
    ("DOB 1965 to 1967;", ("1965", "1966", "1967")),
    ("DOB 01 Jan 1970 to 31 Dec 1971;", ("1970-01-01", "1971-12-31")),
    ("Website http://example.com; Organization Established Date 19 Nov 1991", ()),
    ("", ()),
])
def test_dates_of_birth_in_ofac_remarks(remarks, expected):
    assert birth_dates_in_remarks(remarks) == expected
