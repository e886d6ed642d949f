"""Shared by the screening benchmarks: the real lists, query variants, unlisted names.

Everything that generates test queries lives here and is deliberately independent of the
matcher: the transliteration tables below are written from the published schemes, not
imported from `licensing.screening.names`, so a bug shared by both cannot hide itself.
"""

import os
import random
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import OSA

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from licensing.lists.parsers import parse_list  # noqa: E402
from licensing.screening.names import IndexedName  # noqa: E402

DATA = Path(os.environ.get("REFERENCE_DATA_DIR") or REPO_ROOT / "data")

LIST_FILES = {
    "ofac-2024": ("ofac", ["ofac/2024-05-03/sdn.csv.gz"]),
    "ofac-2021": ("ofac", ["ofac/2021-07/sdn.csv.gz", "ofac/2021-07/alt.csv.gz",
                          "ofac/2021-07/add.csv.gz"]),
    "un": ("un", ["un/UN_consolidated_2026-02.xml.gz"]),
    "csl": ("csl", ["us_csl/consolidated_2022-04.csv.gz"]),
}
# Programs and countries whose names are Slavic in origin (used for the cross-script classes:
# a Russian, Ukrainian, Belarusian or Serbian name is what gets written in Cyrillic).
SLAVIC_PROGRAMS = ("RUSSIA", "UKRAINE", "BELARUS", "BALKANS", "MAGNIT", "CYBER", "ELECTION")
SLAVIC_COUNTRIES = {"RU", "UA", "BY", "RS", "BA", "ME", "MK", "BG", "KZ", "KG", "MD"}


@dataclass(frozen=True)
class Listed:
    key: str  # "<list>:<source id>"
    name: str
    aliases: tuple[str, ...]
    entity_type: str
    countries: tuple[str, ...]
    slavic: bool


def load_lists() -> list[Listed]:
    """Every entry of every list in data/ (REFERENCE_DATA_DIR), as the project parses it."""
    listed = []
    for list_name, (fmt, files) in LIST_FILES.items():
        for entry in parse_list(fmt, [DATA / file for file in files]):
            slavic = bool(set(entry.countries) & SLAVIC_COUNTRIES) or any(
                marker in program for program in entry.programs for marker in SLAVIC_PROGRAMS
            )
            listed.append(
                Listed(
                    key=f"{list_name}:{entry.source_id}",
                    name=entry.name,
                    aliases=tuple(entry.aliases),
                    entity_type=entry.entity_type,
                    countries=tuple(entry.countries),
                    slavic=slavic,
                )
            )
    return listed


def indexed_names(listed: list[Listed]) -> list[IndexedName]:
    names = []
    for item in listed:
        for number, name in enumerate((item.name, *item.aliases)):
            names.append(
                IndexedName(item.key, name, number > 0, item.countries, item.entity_type)
            )
    return names


# --- a plain normaliser of the benchmark's own, for word statistics and de-duplication ----

_WORDS = re.compile(r"[^\w]+")
_DOTTED = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?")


def plain_words(name: str) -> list[str]:
    """Casefolded words without accents; "S.A." stays one word ("sa") as people read it."""
    name = _DOTTED.sub(lambda match: match.group().replace(".", ""), name)
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    return [word for word in _WORDS.split(text.replace("'", "")) if word]


# --- Latin -> Cyrillic, the way Russian, Ukrainian and Serbian writers spell foreign names --

_TO_RUSSIAN = [
    ("shch", "щ"), ("sch", "ш"), ("tch", "ч"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("tz", "ц"), ("ph", "ф"), ("th", "т"), ("gh", "г"), ("dh", "д"),
    ("ck", "к"), ("ee", "и"), ("oo", "у"), ("ou", "у"), ("yo", "ё"), ("ya", "я"), ("yu", "ю"),
    ("ye", "е"), ("iu", "ю"), ("dj", "дж"), ("x", "кс"), ("w", "в"), ("q", "к"), ("j", "дж"),
    ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"),
    ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"),
    ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("h", "х"), ("y", "ы"),
]  # fmt: skip
_TO_UKRAINIAN = [
    ("shch", "щ"), ("zgh", "зг"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"), ("sh", "ш"),
    ("ts", "ц"), ("dj", "дж"), ("ph", "ф"), ("th", "т"), ("ee", "і"), ("oo", "у"), ("ou", "у"),
    ("ya", "я"), ("yu", "ю"), ("ye", "є"), ("yi", "ї"), ("ia", "я"), ("iu", "ю"), ("ie", "є"),
    ("x", "кс"), ("w", "в"), ("q", "к"), ("j", "дж"), ("a", "а"), ("b", "б"), ("v", "в"),
    ("g", "г"), ("d", "д"), ("e", "е"), ("z", "з"), ("i", "і"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "г"), ("y", "и"),
]  # fmt: skip
_TO_SERBIAN = [
    ("dzh", "џ"), ("dj", "ђ"), ("lj", "љ"), ("nj", "њ"), ("zh", "ж"), ("kh", "х"),
    ("ch", "ч"), ("sh", "ш"), ("ts", "ц"), ("ph", "ф"), ("th", "т"), ("ck", "к"), ("ee", "и"),
    ("oo", "у"), ("ya", "ја"), ("yu", "ју"), ("ye", "је"), ("yo", "јо"), ("x", "кс"),
    ("w", "в"), ("q", "к"), ("j", "ј"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("y", "и"), ("c", "ц"),
]  # fmt: skip
_RUSSIAN_ENDINGS = [("skiy", "ский"), ("skii", "ский"), ("sky", "ский"), ("iy", "ий"),
                    ("yy", "ый"), ("ii", "ий"), ("ay", "ай"), ("ey", "ей"), ("oy", "ой")]
_UKRAINIAN_ENDINGS = [("skyi", "ський"), ("skyy", "ський"), ("sky", "ський"), ("iy", "ій"),
                      ("yi", "ий"), ("ii", "ій")]


# Slavic names keep Slavic "j" (= й): "JUGOIMPORT" is "Югоимпорт" in Russian, not
# "Джугоимпорт"; and Serbian "-ić" is "-ич" in Russian and Ukrainian, "-ић" in Serbian.
_SLAVIC_J = {"ju": "ю", "ja": "я", "je": "е", "jo": "йо", "j": "й"}
_SLAVIC_ENDINGS = {"ru": [("ic", "ич")], "uk": [("ic", "іч")], "sr": [("ic", "ић")]}


def _to_cyrillic_word(word: str, table, endings, *, soft_c: bool, slavic: bool) -> str:
    serbian = table is _TO_SERBIAN
    tail = ""
    for latin, cyrillic in endings:
        if word.endswith(latin) and len(word) > len(latin) + 1:
            word, tail = word[: -len(latin)], cyrillic
            break
    out = []
    i = 0
    while i < len(word):
        slavic_j = next((j for j in _SLAVIC_J if word.startswith(j, i)), None)
        digraph = next(
            (pair for pair in table if len(pair[0]) > 1 and word.startswith(pair[0], i)), None
        )
        if slavic and slavic_j and not serbian and not word.startswith("dj", i - 1 if i else i):
            out.append(_SLAVIC_J[slavic_j])
            i += len(slavic_j)
        elif digraph:
            out.append(digraph[1])
            i += len(digraph[0])
        elif word[i] == "c" and soft_c:
            # c is "к" before a back vowel or consonant, "ц" before e/i/y (Cuba, Cicero)
            out.append("ц" if word[i + 1 : i + 2] in ("e", "i", "y") else "к")
            i += 1
        elif word[i] == "j" and serbian and not slavic:
            out.append("џ")  # Serbian writes English "j" as "џ": "Jamal" -> "Џамал"
            i += 1
        elif word[i] == "y" and (i == 0 or word[i - 1] in "aeiou"):
            out.append("й")  # "Nayef" -> "Найеф", "Yrysbek" -> "Йрысбек"
            i += 1
        else:
            out.append(dict(table).get(word[i], word[i]))
            i += 1
    return "".join(out) + tail


# Legal forms are translated, not transliterated: a Russian writes "ООО", not "Лимитед
# Лиабилити Компани"; foreign forms with no local equivalent stay in Latin ("Скайпартс FZCO").
_CYRILLIC_FORMS = {
    "limited liability company": {"ru": "ООО", "uk": "ТОВ", "sr": "д.о.о."},
    "llc": {"ru": "ООО", "uk": "ТОВ", "sr": "д.о.о."},
    "ooo": {"ru": "ООО", "uk": "ТОВ", "sr": "д.о.о."},
    "open joint stock company": {"ru": "ОАО", "uk": "ВАТ", "sr": "а.д."},
    "closed joint stock company": {"ru": "ЗАО", "uk": "ЗАТ", "sr": "а.д."},
    "public joint stock company": {"ru": "ПАО", "uk": "ПАТ", "sr": "а.д."},
    "joint stock company": {"ru": "АО", "uk": "АТ", "sr": "а.д."},
    "ojsc": {"ru": "ОАО", "uk": "ВАТ", "sr": "а.д."},
    "oao": {"ru": "ОАО", "uk": "ВАТ", "sr": "а.д."},
    "cjsc": {"ru": "ЗАО", "uk": "ЗАТ", "sr": "а.д."},
    "zao": {"ru": "ЗАО", "uk": "ЗАТ", "sr": "а.д."},
    "pjsc": {"ru": "ПАО", "uk": "ПАТ", "sr": "а.д."},
    "pao": {"ru": "ПАО", "uk": "ПАТ", "sr": "а.д."},
    "jsc": {"ru": "АО", "uk": "АТ", "sr": "а.д."},
    "ao": {"ru": "АО", "uk": "АТ", "sr": "а.д."},
    "ood": {"ru": "ООД", "uk": "ООД", "sr": "ООД"},
    "eood": {"ru": "ЕООД", "uk": "ЕООД", "sr": "ЕООД"},
    "ad": {"ru": "АД", "uk": "АД", "sr": "а.д."},
    "doo": {"ru": "ДОО", "uk": "ДОО", "sr": "д.о.о."},
    "d o o": {"ru": "ДОО", "uk": "ДОО", "sr": "д.о.о."},
}
_FOREIGN_FORMS = {"ltd", "limited", "co", "inc", "corp", "corporation", "company", "gmbh",
                  "ag", "fze", "fzco", "llp", "plc", "sa", "srl", "bv", "nv", "pte", "dmcc",
                  "oy", "oyj", "ab", "as", "sas", "sarl", "spa", "sro", "kft", "ltda", "bhd",
                  "sdn", "pvt", "llc"}  # fmt: skip


def _split_legal_form(words: list[str], alphabet: str) -> tuple[list[str], str, str]:
    """(words without a translatable legal form, the form in Cyrillic, foreign forms)."""
    text = " ".join(words)
    for latin, cyrillic in sorted(_CYRILLIC_FORMS.items(), key=lambda item: -len(item[0])):
        if text.startswith(latin + " "):
            return text[len(latin) + 1 :].split(), cyrillic[alphabet], ""
        if text.endswith(" " + latin):
            return text[: -len(latin) - 1].split(), cyrillic[alphabet], ""
    foreign = []
    while len(words) > 1 and words[-1] in _FOREIGN_FORMS:
        foreign.insert(0, words.pop().upper())
    # a form inside the name ("MARKOM METAL COMMERCE DOO ZVECAN") is written in Cyrillic too
    words = [_CYRILLIC_FORMS[word][alphabet] if word in _CYRILLIC_FORMS else word
             for word in words]  # fmt: skip
    return words, "", " ".join(foreign)


def to_cyrillic(name: str, alphabet: str, *, slavic: bool = False) -> str:
    """A Cyrillic spelling of a Latin name in "ru", "uk" or "sr" conventions."""
    table, endings = {
        "ru": (_TO_RUSSIAN, _RUSSIAN_ENDINGS),
        "uk": (_TO_UKRAINIAN, _UKRAINIAN_ENDINGS),
        "sr": (_TO_SERBIAN, []),
    }[alphabet]
    if slavic:
        endings = endings + _SLAVIC_ENDINGS[alphabet]
    soft_c = not (alphabet == "sr" and slavic)
    plain = plain_words(name.replace("đ", "dj").replace("Đ", "Dj"))
    plain, form, foreign = _split_legal_form(plain, alphabet)
    words = [
        word if not word.isascii() else
        _to_cyrillic_word(word, table, endings, soft_c=soft_c, slavic=slavic).capitalize()
        for word in plain
    ]  # fmt: skip
    if form:
        # Russian and Ukrainian put the form first and quote the name; Serbian puts it last.
        words = [*words, form] if alphabet == "sr" else [form, f"«{' '.join(words)}»"]
    if foreign:
        words.append(foreign)
    return " ".join(words)


# --- Cyrillic -> Latin, by the published schemes -------------------------------------------

_BASE = dict(zip("абвгдезийклмнопрстуфхцчшщъыьэюяё", [
    "a", "b", "v", "g", "d", "e", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t",
    "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya", "e"], strict=True))
_BASE.update({"ж": "zh", "є": "ye", "і": "i", "ї": "yi", "ґ": "g", "ђ": "dj", "ј": "j",
              "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz"})
TO_LATIN_SCHEMES = {
    "ru-bgn": {},
    "ru-icao": {"й": "i", "ъ": "ie", "ю": "iu", "я": "ia"},
    "ru-iso9": {"ж": "z", "й": "j", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "s",
                "ю": "u", "я": "a", "є": "e", "ї": "i"},
    "ru-scholarly": {"ж": "z", "й": "j", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "sc",
                     "ю": "ju", "я": "ja", "ё": "jo"},
    "uk-2010": {"г": "h", "ґ": "g", "и": "y", "й": "i", "є": "ie", "ю": "iu", "я": "ia",
                "ї": "i"},
    "sr-dj": {"ж": "z", "й": "j", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "sc",
              "ю": "ju", "я": "ja", "ы": "i", "ђ": "dj", "ћ": "c", "џ": "dz"},
    "sr-d": {"ж": "z", "й": "j", "х": "h", "ц": "c", "ч": "c", "ш": "s", "щ": "sc",
             "ю": "ju", "я": "ja", "ы": "i", "ђ": "d", "ћ": "c", "џ": "dz"},
}  # fmt: skip
_WORD_START = {"ru-bgn": {"е": "ye"}, "uk-2010": {"є": "ye", "ї": "yi", "й": "y", "ю": "yu",
                                                "я": "ya"}}  # fmt: skip


def to_latin(name: str, scheme: str) -> str:
    table = {**_BASE, **TO_LATIN_SCHEMES[scheme]}
    start = _WORD_START.get(scheme, {})
    words = []
    for word in name.split():
        lower = word.lower()
        spelled = "".join(
            start.get(char, table.get(char, char)) if i == 0 else table.get(char, char)
            for i, char in enumerate(lower)
        )
        words.append(spelled.capitalize())
    return " ".join(words)


# --- query variants -------------------------------------------------------------------------

_KEYBOARD = "qwertyuiop asdfghjkl zxcvbnm"


def typo(name: str, edits: int, rng: random.Random) -> str:
    """`name` with `edits` keyboard-style slips (substitute, drop, double, swap letters)."""
    chars = list(name)
    for _ in range(edits):
        letters = [i for i, char in enumerate(chars) if char.isalpha()]
        i = rng.choice(letters)
        kind = rng.choice(("substitute", "delete", "insert", "transpose"))
        upper = chars[i].isupper()
        if kind == "substitute":
            row = next((r for r in _KEYBOARD.split() if chars[i].lower() in r), None)
            pool = row if row else "aeioulnrst"
            new = rng.choice([c for c in pool if c != chars[i].lower()] or ["x"])
            chars[i] = new.upper() if upper else new
        elif kind == "delete" and len(letters) > 3:
            del chars[i]
        elif kind == "insert":
            chars.insert(i, chars[i])
        elif i + 1 < len(chars) and chars[i + 1].isalpha() and chars[i + 1] != chars[i]:
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
        else:
            chars.insert(i, chars[i])
    return "".join(chars)


def reorder(name: str, entity_type: str, rng: random.Random) -> str | None:
    """Another word order: "SURNAME, Given" <-> "Given SURNAME"; a company's words rotated,
    its legal forms left where they were."""
    if "," in name and entity_type != "entity":
        surname, given = (part.strip() for part in name.split(",", 1))
        if surname and given:
            return f"{given} {surname}"
        return None
    words = plain_words(name)
    if entity_type == "individual":
        if len(words) < 2:
            return None
        return f"{words[-1].upper()}, {' '.join(words[:-1]).title()}"
    leading, core, trailing = split_legal_forms(words)
    if len(core) < 2:
        return None
    shift = rng.randrange(1, len(core))
    return " ".join(leading + core[shift:] + core[:shift] + trailing).upper()


def drop_middle(name: str) -> str | None:
    """A person's name without one middle name or patronymic, or None if it has none."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        given_words = given.split()
        if len(given_words) >= 2:
            return f"{surname}, {' '.join(given_words[:-1])}"
        return None
    words = name.split()
    if len(words) >= 3:
        return " ".join(words[:1] + words[2:])
    return None


LEGAL_FORMS_TRAILING = ["LLC", "Ltd", "Ltd.", "GmbH", "S.A.", "JSC", "d.o.o.", "a.d.", "AG",
                        "SRL", "B.V.", "Kft.", "Sp. z o.o.", "FZE", "FZCO", "LLP", "PLC", "Inc.",
                        "Corp.", "Co., Ltd."]  # fmt: skip
LEGAL_FORMS_LEADING = ["OOO", "ZAO", "OAO", "PAO", "AO", "TOV", "PP", "JSC", "ООО", "ЗАО", "АО",
                       "LIMITED LIABILITY COMPANY", "JOINT STOCK COMPANY"]  # fmt: skip
# Legal forms as the benchmark recognises them (plain words), longest first.
_FORM_PHRASES = sorted(
    (
        tuple(phrase.split())
        for phrase in """
limited liability company|open joint stock company|closed joint stock company|
public joint stock company|joint stock company|obshchestvo s ogranichennoi otvetstvennostyu|
obshchestvo s ogranichennoy otvetstvennostyu|aktsionernoe obshchestvo|
otkrytoe aktsionernoe obshchestvo|zakrytoe aktsionernoe obshchestvo|
publichnoe aktsionernoe obshchestvo|s a de c v|sa de cv|s de r l de c v|s de rl de cv|
s de r l|s de rl de cv|s de rl|sapi de cv|private limited|pvt ltd|pte ltd|sdn bhd|co ltd|
company limited|co|ltd|limited|llc|
inc|corp|corporation|company|gmbh|ag|s a|sa|srl|s r l|sarl|spa|bv|b v|nv|kft|fze|fzco|llp|
plc|jsc|ojsc|cjsc|pjsc|ooo|oao|zao|pao|ao|d o o|doo|a d|ad|ood|eood|sac|s a c|ltda|oy|ab|
as|pte|pvt|tov|pp|sp z o o|sp z oo|sac|eirl|ca|sal|ou|sas""".replace("\n", "").split("|")
    ),
    key=len,
    reverse=True,
)


def split_legal_forms(words: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(leading forms, core words, trailing forms) of a name's plain words."""
    leading: list[str] = []
    trailing: list[str] = []
    core = list(words)
    changed = True
    while changed and len(core) > 1:
        changed = False
        for phrase in _FORM_PHRASES:
            size = len(phrase)
            if size >= len(core):
                continue
            if tuple(core[-size:]) == phrase:
                trailing[:0] = core[-size:]
                del core[-size:]
                changed = True
                break
            if tuple(core[:size]) == phrase:
                leading.extend(core[:size])
                del core[:size]
                changed = True
                break
    return leading, core, trailing


def toggle_legal_form(name: str, rng: random.Random) -> str:
    """Drop the legal forms of a company name, or add one if it has none."""
    leading, core, trailing = split_legal_forms(plain_words(name))
    if leading or trailing:
        return " ".join(core).upper()
    if rng.random() < 0.5:
        return f"{rng.choice(LEGAL_FORMS_LEADING)} {name}"
    return f"{name} {rng.choice(LEGAL_FORMS_TRAILING)}"


# --- names that are on no list ----------------------------------------------------------------

PERSON_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "es_MX", "it_IT", "tr_TR",
                  "pl_PL", "cs_CZ", "hr_HR", "sl_SI", "ru_RU", "uk_UA", "bg_BG", "ar_AA",
                  "fa_IR", "zh_CN", "ko_KR", "hi_IN", "en_IN", "pt_BR", "nl_NL", "el_GR",
                  "az_AZ", "hy_AM", "ka_GE", "vi_VN", "id_ID"]  # fmt: skip
COMPANY_LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "tr_TR", "pl_PL",
                   "cs_CZ", "hr_HR", "ru_RU", "uk_UA", "bg_BG", "nl_NL", "pt_BR", "fa_IR",
                   "zh_CN", "ko_KR"]  # fmt: skip
def _word_list(text: str) -> list[str]:
    return text.split()


# Generic company words, deliberately the kind the lists are full of (trading, industrial,
# petroleum, shipping, ...): the hard negatives are companies that sound like listed ones.
COMPANY_WORDS = _word_list("""
Global International United General National Continental Pacific Atlantic Baltic Caspian
Northern Southern Eastern Western Central Alpine Coastal Golden Silver Blue Green Red Star
Sun Crescent Falcon Eagle Phoenix Delta Alpha Omega Nova Prime Royal Grand Modern Smart
Bright Apex Summit Horizon Vector Orbit Quantum Titan Atlas Orion Zenith Meridian Vertex
""")
COMPANY_TRADES = _word_list("""
Trading Logistics Industries Engineering Technologies Systems Solutions Energy Petroleum
Shipping Marine Aviation Electronics Machinery Metals Chemicals Pharma Medical Construction
Development Investment Capital Holdings Group Partners Consulting Services Supply Import
Export Commerce Resources Mining Agro Foods Textiles Equipment Instruments Components
Materials Transport Freight Aerospace Optics Robotics Software Networks Telecom Bank Finance
""")


class UnlistedNames:
    """Realistic person and company names from word pools that are not the lists (Faker's
    per-locale name pools plus the generic company words above)."""

    def __init__(self, seed: int):
        from faker import Faker

        self.rng = random.Random(seed)
        self._person = {}
        for number, locale in enumerate(PERSON_LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + number)
            self._person[locale] = fake
        self._company = {}
        for number, locale in enumerate(COMPANY_LOCALES):
            fake = Faker(locale)
            fake.seed_instance(seed + 100 + number)
            self._company[locale] = fake

    def person(self) -> str:
        locale = self.rng.choice(PERSON_LOCALES)
        fake = self._person[locale]
        first, last = fake.first_name(), fake.last_name()
        shape = self.rng.random()
        if locale in ("ru_RU", "uk_UA") and shape < 0.5:
            middle = fake.middle_name() if hasattr(fake, "middle_name") else fake.first_name()
            return f"{last} {first} {middle}"
        if shape < 0.3:
            return f"{last.upper()}, {first}"
        if shape < 0.4:
            return f"{first} {fake.first_name()} {last}"
        return f"{first} {last}"

    def company(self) -> str:
        if self.rng.random() < 0.5:
            fake = self._company[self.rng.choice(COMPANY_LOCALES)]
            return fake.company()
        words = [self.rng.choice(COMPANY_WORDS)]
        if self.rng.random() < 0.5:
            words.append(self.rng.choice(COMPANY_WORDS + COMPANY_TRADES))
        words.append(self.rng.choice(COMPANY_TRADES))
        name = " ".join(dict.fromkeys(words))
        if self.rng.random() < 0.7:
            name = f"{name} {self.rng.choice(LEGAL_FORMS_TRAILING)}"
        return name

    def surname(self) -> str:
        fake = self._person[self.rng.choice(PERSON_LOCALES[:15])]
        return self.ascii(fake.last_name())

    def word(self) -> str:
        return self.rng.choice(COMPANY_WORDS + COMPANY_TRADES)

    @staticmethod
    def ascii(text: str) -> str:
        from unidecode import unidecode

        return unidecode(text)


def word_document_frequency(listed: list[Listed]) -> Counter:
    frequency: Counter = Counter()
    for item in listed:
        words = set()
        for name in (item.name, *item.aliases):
            words.update(plain_words(name))
        frequency.update(words)
    return frequency


# --- synthetic list names, to grow the lists to a million --------------------------------

_SYLLABLES = _word_list("""
ba be bi bo bu da de di do du ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu ra
re ri ro ru sa se si so su ta te ti to tu va ve vi vo za zi zo kha sha cha zha tsa ya yu yo an
en in on ar er ir or al el il ol
""")


def synthetic_names(real: list[IndexedName], count: int, seed: int) -> list[IndexedName]:
    """`count` made-up list names shaped like the real ones.

    Each takes a real name as its template (its type, word count, countries) and fills each
    word with: the template's own word (25%), a word of another real name of the same type
    (45%), a name or company word from Faker's pools in 15 locales (15%), or a made-up word
    of 2-4 syllables (15%, so the vocabulary keeps growing the way a real million-name list
    would). Every 4th synthetic entry also gets an alias made the same way.
    """
    rng = random.Random(seed)
    unlisted = UnlistedNames(seed + 1)
    words_by_type: dict[str, list[str]] = {}
    for name in real:
        words_by_type.setdefault(name.entity_type, []).extend(name.name.replace(",", " ").split())
    pool = [unlisted.surname() for _ in range(20_000)] + COMPANY_WORDS + COMPANY_TRADES

    def word(template_word: str, entity_type: str) -> str:
        roll = rng.random()
        if roll < 0.25:
            return template_word
        if roll < 0.70:
            return rng.choice(words_by_type[entity_type])
        if roll < 0.85:
            return rng.choice(pool).upper()
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4))).upper()

    def made_up(template: IndexedName) -> str:
        surname, comma, given = template.name.partition(",")
        parts = [surname, given] if comma else [surname]
        made = [" ".join(word(w, template.entity_type) for w in part.split()) for part in parts]
        return ", ".join(made)  # keeps "SURNAME, Given" where the template has it

    names = []
    number = 0
    while len(names) < count:
        template = rng.choice(real)
        key = f"synthetic:{number}"
        number += 1
        names.append(IndexedName(key, made_up(template), False, template.countries,
                                 template.entity_type))  # fmt: skip
        if number % 4 == 0 and len(names) < count:
            names.append(IndexedName(key, made_up(template), True, template.countries,
                                     template.entity_type))  # fmt: skip
    return names


# --- telling a generated "unlisted" name that is in fact a listed name typed with slips -----

TYPO_MIN_LETTERS = 8  # `typo` is applied to names of at least this many letters
TYPO_MOST_SLIPS = 2


class ListedSpellings:
    """Letters of every listed name and alias long enough for the typo class, by length
    (as written, and without legal forms: each spelling of at least TYPO_MIN_LETTERS).

    A generated "unlisted" name within TYPO_MOST_SLIPS slips (rapidfuzz OSA distance, the
    slips `typo` makes) of such a listed name is that name by the typo class's own
    definition: the benchmark cannot both require it to be found and count it as a false
    alert. Compared as written and without legal forms, with the benchmark's plain
    normaliser, not the matcher's.
    """

    def __init__(self, listed: list[Listed]):
        self._by_length: dict[int, list[str]] = {}
        for item in listed:
            for name in (item.name, *item.aliases):
                for letters in _spellings(name):
                    if len(letters) >= TYPO_MIN_LETTERS:
                        self._by_length.setdefault(len(letters), []).append(letters)

    def within_slips(self, name: str) -> bool:
        for letters in _spellings(name):
            for length in range(len(letters) - TYPO_MOST_SLIPS, len(letters) + TYPO_MOST_SLIPS + 1):
                choices = self._by_length.get(length)
                if choices and process.extractOne(
                    letters, choices, scorer=OSA.distance, score_cutoff=TYPO_MOST_SLIPS
                ):
                    return True
        return False


def _spellings(name: str) -> set[str]:
    words = plain_words(name)
    _, core, _ = split_legal_forms(words)
    return {"".join(words), "".join(core)}
