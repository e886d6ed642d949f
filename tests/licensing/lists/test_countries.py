"""Country names as list publishers spell them map to ISO alpha-2 codes."""

import pytest

from licensing.lists.parsers.countries import country_code, iso_code


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Korea, North", "KP"),
        ("Democratic People's Republic of Korea", "KP"),
        ("Korea, South", "KR"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("Iran", "IR"),
        ("Iran (Islamic Republic of)", "IR"),
        ("Burma", "MM"),
        ("Congo, Democratic Republic of the", "CD"),
        ("Congo, Republic of the", "CG"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("Venezuela", "VE"),
        ("Bolivia", "BO"),
        ("Tanzania", "TZ"),
        ("United Republic of Tanzania", "TZ"),
        ("Moldova", "MD"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Laos", "LA"),
        ("Cote d Ivoire", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("Bahamas, The", "BS"),
        ("The Gambia", "GM"),
        ("Man, Isle of", "IM"),
        ("Virgin Islands, British", "VG"),
        ("St. Kitts & Nevis", "KN"),
        ("Macedonia, The Former Yugoslav Republic of", "MK"),
        ("United Kingdom of Great Britain and Northern Ireland", "GB"),
        ("China, Hong Kong Special Administrative Region", "HK"),
        ("Serbia", "RS"),
        ("Kosovo", "XK"),
        ("Region: Crimea", "UA"),
        ("Palestinian", "PS"),
    ],
)
def test_publisher_spellings_map_to_iso_codes(name, code):
    assert country_code(name) == code


@pytest.mark.parametrize(
    "name",
    ["", "na", "undetermined", "None Identified", "former Soviet Union", "Region: Kafia Kingi"],
)
def test_non_countries_and_disputed_regions_are_not_guessed(name):
    assert country_code(name) is None


def test_codes_are_accepted_in_any_case_but_must_exist():
    assert iso_code("rs") == "RS"
    assert iso_code("XK") == "XK"
    assert iso_code("ZZ") is None
    assert iso_code("Serbia") is None
