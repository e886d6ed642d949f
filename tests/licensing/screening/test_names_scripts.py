"""Korean and Chinese names against their romanisations, and English names written the
way they sound in Cyrillic."""

import pytest

from licensing.screening.names import PRODUCTION_THRESHOLD, IndexedName, NameIndex
from licensing.screening.names.scripts import han_readings, hangul_readings, korean_key

LISTED = [
    IndexedName("kju", "KIM, Jong Un", False, ("KP",), "individual"),
    IndexedName("ri", "RI, Pyong Chol", False, ("KP",), "individual"),
    IndexedName("choe", "CHOE, Ryong Hae", False, ("KP",), "individual"),
    IndexedName("jang", "JANG, Song Thaek", False, ("KP",), "individual"),
    IndexedName("li", "LI, Fangwei", False, ("CN",), "individual"),
    IndexedName("zhang", "ZHANG, Lei", False, ("CN",), "individual"),
    IndexedName("chiang", "CHIANG, Chieh-shih", False, ("TW",), "individual"),
    IndexedName("kwangsong", "KOREA KWANGSONG TRADING CORPORATION", False, ("KP",), "entity"),
    IndexedName("general", "GENERAL TECHNOLOGY INTERNATIONAL LIMITED", False, ("HK",), "entity"),
]


@pytest.fixture(scope="module")
def index():
    return NameIndex(LISTED)


def best(index, name):
    matches = index.search(name, threshold=0)
    return matches[0] if matches else None


def test_hangul_is_read_in_revised_mccune_reischauer_and_dprk_romanisation():
    readings = hangul_readings(("김정은",))
    assert ("gim", "jeong", "eun") in readings  # Revised Romanization
    assert ("kim", "chong", "un") in readings  # McCune-Reischauer, no breves
    assert ("kim", "jong", "un") in readings  # the DPRK's variant
    assert ("kim", "jongun") in readings  # given name joined


@pytest.mark.parametrize("spellings", [("jeong", "chong", "jong"), ("lee", "ri", "yi", "i"),
                                       ("park", "pak", "bak"), ("choi", "choe")])
def test_korean_romanisations_of_one_syllable_fold_together(spellings):
    assert len({korean_key(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize("name, expected", [
    ("김정은", "kju"), ("리평철", "ri"), ("이평철", "ri"), ("최룡해", "choe"), ("장성택", "jang"),
])
def test_a_korean_name_in_hangul_finds_its_romanised_listing(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD


def test_chinese_characters_are_read_in_pinyin_and_wade_giles():
    assert ("li", "fangwei") in han_readings(("李方伟",))
    assert ("chiang", "chiehshih") in han_readings(("蒋介石",))


@pytest.mark.parametrize("name, expected", [("李方伟", "li"), ("张磊", "zhang"),
                                            ("蒋介石", "chiang")])
def test_a_chinese_name_finds_its_pinyin_or_wade_giles_listing(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD


def test_another_korean_name_is_no_match(index):
    match = best(index, "박민수")  # Park Min-su
    assert match is None or match.score < PRODUCTION_THRESHOLD


@pytest.mark.parametrize("name, expected", [
    ("Корея Квангсонг Трейдинг Корпорейшн", "kwangsong"),
    ("Дженерал Текнолоджи Интернешнл Лимитед", "general"),
])
def test_an_english_name_written_as_it_sounds_in_cyrillic_is_found(index, name, expected):
    match = best(index, name)
    assert match.entry_key == expected and match.score >= PRODUCTION_THRESHOLD
