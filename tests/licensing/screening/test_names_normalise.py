"""Normalisation of party and list names: Unicode, punctuation, legal forms (no database)."""

import pytest

from licensing.screening.names import name_tokens, normalise_name
from licensing.screening.names.legal_forms import is_legal_form, strip_legal_forms
from licensing.screening.names.normalise import analyse_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  BANCO   NACIONAL de CUBA ", "banco nacional de cuba"),
        ("ＡＢＣ　Ｔｒａｄｉｎｇ", "abc trading"),  # full-width (NFKC)
        ("Müller Straße", "muller strasse"),  # casefold, accents
        ("Đorđević", "djordjevic"),  # đ is dj, not d
        ("Łukasz Øberg", "lukasz oberg"),
        ("AL-ZOMOR, Abboud", "al zomor abboud"),
        ("O'NEIL", "oneil"),  # apostrophes join, not split
        ("'ABBAS, Rim", "abbas rim"),
        ("Мар'яна", "маряна"),
        ("M & S", "m and s"),
    ],
)
def test_unicode_case_accents_and_punctuation(raw, expected):
    assert normalise_name(raw) == expected


def test_cyrillic_short_i_and_yo_keep_their_identity():
    # й, ё, ї transliterate differently from и, е, і: they must survive accent stripping
    assert normalise_name("Андрей Фёдоров") == "андрей фёдоров"
    assert normalise_name("Їжак") == "їжак"


def test_look_alike_letters_of_the_other_script_are_read_in_the_majority_script():
    latin_with_cyrillic_o = "R\u043emashka"  # Cyrillic "о" typed inside a Latin word
    assert normalise_name(latin_with_cyrillic_o) == "romashka"
    cyrillic_with_latin_o = "Р" + "o" + "машка"
    assert normalise_name(cyrillic_with_latin_o) == "ромашка"


@pytest.mark.parametrize(
    ("raw", "expected", "forms"),
    [
        ("ООО «Ромашка»", "ромашка", ("ооо",)),
        ("ROMASHKA LLC", "romashka", ("llc",)),
        ("ANGLO-CARIBBEAN CO., LTD.", "anglo caribbean", ("co ltd",)),
        ("GAZPROM INVEST, OOO", "gazprom invest", ("ooo",)),
        ("Kowalski Sp. z o.o.", "kowalski", ("sp z oo",)),
        ("Jugoimport-SDPR a.d.", "jugoimport sdpr", ("ad",)),
        ("Југоимпорт СДПР а.д.", "југоимпорт сдпр", ("ад",)),
        ("Наночип д.о.о.", "наночип", ("доо",)),
        ("ТОВ «Гарант»", "гарант", ("тов",)),
        ("ПАО Сбербанк", "сбербанк", ("пао",)),
        ("Siemens AG", "siemens", ("ag",)),
        ("Acme GmbH & Co. KG", "acme", ("kg", "and co", "gmbh")),
        ("ACME S.A. DE C.V.", "acme", ("sa de cv",)),
        ("Petrolera SRL", "petrolera", ("srl",)),
        ("Example Kft.", "example", ("kft",)),
        ("Gulf Star FZE", "gulf star", ("fze",)),
        ("PT Maju Jaya", "maju jaya", ("pt",)),
        (
            "OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU ROMASHKA",
            "romashka",
            ("obshchestvo s ogranichennoi otvetstvennostyu",),
        ),
        ("JOINT STOCK COMPANY SOVCOMFLOT", "sovcomflot", ("joint stock company",)),
    ],
)
def test_legal_forms_in_many_languages_are_dropped(raw, expected, forms):
    analysed = analyse_name(raw)
    assert " ".join(analysed.words) == expected
    assert analysed.legal_forms == forms


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("AG", "ag"),  # a name that is only a legal form is still a name
        ("LLC", "llc"),
        ("ООО", "ооо"),
        ("AS-SAHAB MEDIA", "as sahab media"),  # Arabic article, not Norwegian "AS"
        ("KIM, Se", "kim se"),  # a Korean given name, not Societas Europaea
        ("CO OPERATIVE BANK", "co operative bank"),  # "CO" is only a form at the end
        ("Maju PT", "maju pt"),  # "PT" is only a form at the start
    ],
)
def test_ambiguous_forms_are_kept_where_they_are_no_legal_form(raw, expected):
    assert normalise_name(raw) == expected


def test_dotted_abbreviations_are_one_word():
    assert normalise_name("A.I. Berg") == "ai berg"
    assert normalise_name("A. I. Berg") == "a i berg"


def test_name_tokens():
    assert name_tokens("SHCHERBAKOV, Aleksandr Viktorovich") == [
        "shcherbakov",
        "aleksandr",
        "viktorovich",
    ]
    assert name_tokens("") == []


def test_middle_names_and_patronymics_are_droppable():
    assert analyse_name("SHCHERBAKOV, Aleksandr Viktorovich").droppable == (False, False, True)
    assert analyse_name("Щербаков Александр Викторович").droppable == (False, True, True)
    assert analyse_name("Doku Umarov").droppable == (False, False)
    # a Serbian surname ending in -ić is no patronymic
    assert analyse_name("Dragan Đorđević").droppable == (False, False)


def test_legal_form_table_helpers():
    assert is_legal_form("llc") and is_legal_form("sp z oo") and not is_legal_form("romashka")
    assert strip_legal_forms(["ooo", "romashka", "llc"]) == (["romashka"], ["ooo", "llc"])
