"""A name typed with a slip or two is the listed name, counted over the whole name."""

import pytest

from licensing.screening.names.typing_slips import (
    MIN_LETTERS,
    name_letters,
    slip_score,
    slips_between,
)


def slips(party: str, listed: str) -> int | None:
    return slips_between(name_letters(party), name_letters(listed))


@pytest.mark.parametrize(
    ("party", "listed", "expected"),
    [
        ("DAGHIR, Aki Ashour", "DAGHIR, Ali Ashour", 1),  # a slip in a three-letter word
        ("ART HOUSE GMH", "ART HOUSE GMBH", 1),  # ... in a legal form
        ("CONSORCIO RIRFUS, S.A. DE .V.", "CONSORCIO RIRFUS, S.A. DE C.V.", 1),
        ("SHUEN WAE HOLDING LIMITED", "SHUEN WAI HOLDING LIMITED", 1),
        ("DUQGHMA, Dureid", "DURGHAM, Dureid", 2),  # two letters swapped count once
        ("IRASCO S.RRR.L.", "IRASCO S.R.L.", 2),  # letters typed twice
        ("PROFINET PTE. HT.", "PROFINET PTE. LTD.", 2),  # a legal form mistyped twice
        ("EUROBET TRADING UODO", "EUROBET TRADING EOOD", 2),
    ],
)
def test_slips_are_counted_over_the_whole_name(party, listed, expected):
    assert slips(party, listed) == expected


@pytest.mark.parametrize(
    ("party", "listed"),
    [
        ("Davis Inc", "Navis"),  # the listed name is too short for a slip to leave no doubt
        ("DAGHIR, Omar Ashour", "DAGHIR, Ali Ashour"),  # a word replaced, not mistyped
        ("YUN HO-NI", "YUN HO-JIN"),  # two slips in a word of three letters make another
        ("ROSOBORONEKSPORT", "ROSOBORONIMPORT"),  # three slips
        ("ООО Ромашка", "OOO ROMASHKA"),  # Cyrillic is compared after transliteration
    ],
)
def test_other_names_are_not_slips(party, listed):
    assert slips(party, listed) is None


def test_short_listed_names_allow_no_slip():
    assert len("".join(name_letters("NAVIS INC"))) == MIN_LETTERS
    assert slips("DAVIS INC", "NAVIS INC") == 1
    assert slips("DAVIS", "NAVIS") is None


def test_scores_fall_per_slip_and_stay_below_exact():
    assert slip_score(0) == 100.0
    assert 100.0 > slip_score(1) > slip_score(2)


def test_name_letters_keep_legal_forms_and_only_latin_names():
    assert name_letters("Art House, GmbH") == ("art", "house", "gmbh")
    assert name_letters("ООО «Ромашка»") == ()
