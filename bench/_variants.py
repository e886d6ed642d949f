"""Generators for the harder variant classes of bench/screening_quality.py (issue 16).

Like bench/_lists.py, written from the writing systems and conventions, not imported from
`licensing.screening.names`: the Arabic, Hangul and Chinese spellings are made by this
file's own tables (Chinese characters are picked through Unidecode's table of readings,
which the matcher does not use for Chinese), English names are put into Cyrillic by this
file's own English-pronunciation rules, and numbers are spelled by its own speller. Only
the given-name class reads the same public table the matcher is seeded from (the
`nicknames` package): it measures that the table is applied, not that it is complete.
"""

import csv
import random
import re
from functools import lru_cache
from pathlib import Path

from _lists import COMPANY_TRADES, COMPANY_WORDS, plain_words, split_legal_forms

# --- which listed names a class is made from ------------------------------------------------

ARABIC_COUNTRIES = {"IQ", "SY", "IR", "LB", "YE", "SA", "AE", "AF", "PK", "SD", "SO", "LY",
                    "EG", "JO", "KW", "QA", "BH", "OM", "PS", "DZ", "TN", "MA", "MR"}  # fmt: skip
ARABIC_PROGRAMS = ("SDGT", "IRAQ", "SYRIA", "IRAN", "YEMEN", "LIBYA", "SUDAN", "HIZBALLAH",
                   "IFSR", "FTO", "NPWMD", "IRGC", "LEBANON", "SOMALIA")  # fmt: skip


def arabic_origin(item) -> bool:
    return (
        item.entity_type == "individual"
        and item.name.isascii()
        and (bool(set(item.countries) & ARABIC_COUNTRIES))
    )


def korean_origin(item) -> bool:
    return item.entity_type == "individual" and bool(set(item.countries) & {"KP", "KR"})


def chinese_origin(item) -> bool:
    return item.entity_type == "individual" and "CN" in item.countries


def has_script_alias(item, pattern: str) -> bool:
    """Whether the entry already carries a name in the target script (then the class
    would test the list's own alias, not the rule)."""
    return any(re.search(pattern, name) for name in (item.name, *item.aliases))


ARABIC_SCRIPT = "[\u0600-\u06ff]"
HANGUL_SCRIPT = "[\uac00-\ud7a3]"
HAN_SCRIPT = "[\u4e00-\u9fff]"


# --- spacing, articles, punctuation ---------------------------------------------------------


def respace(name: str, rng: random.Random) -> str | None:
    """Words joined ("GOODWILL"), a long word split ("GOOD WILL"), a leading "The", or
    hyphens and dots dropped or doubled as spaces."""
    words = name.replace(",", " ").split()
    if not words:
        return None
    choice = rng.random()
    if choice < 0.3 and len(words) >= 2:
        position = rng.randrange(len(words) - 1)
        joined = words[position] + words[position + 1]
        return " ".join(words[:position] + [joined] + words[position + 2 :])
    long_words = [i for i, word in enumerate(words) if sum(c.isalpha() for c in word) >= 8]
    if choice < 0.6 and long_words:
        position = rng.choice(long_words)
        word = words[position]
        cut = rng.randrange(3, len(word) - 2)
        return " ".join(words[:position] + [word[:cut], word[cut:]] + words[position + 1 :])
    if choice < 0.8:
        return f"The {name}"
    if "-" in name or "." in name:
        return name.replace("-", "").replace(".", " ")
    return f"The {name}"


# --- initials and acronyms ----------------------------------------------------------------


def initials(name: str) -> str | None:
    """A person's given names as initials: "SMITH, John Henry" -> "J. H. SMITH";
    "Jean-Claude DUPONT" -> "J.-C. DUPONT" (the surname kept in full)."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        given_words = given.split()
    else:
        parts = name.split()
        if len(parts) < 2:
            return None
        surname, given_words = parts[-1], parts[:-1]
    if not given_words or not surname:
        return None

    def initial(word: str) -> str:
        return "-".join(part[0].upper() + "." for part in word.split("-") if part)

    return " ".join([initial(word) for word in given_words if word[:1].isalpha()] + [surname])


DESIGNATORS = ["Concern", "Enterprise", "Association"]


def acronym_or_designator(name: str, rng: random.Random) -> str | None:
    """An organisation named with its own acronym in brackets ("... CORPS (IRGC)") or a
    designator in front ("Concern ...")."""
    _, core, _ = split_legal_forms(plain_words(name))
    if len(core) >= 3 and rng.random() < 0.5:
        return f"{name} ({''.join(word[0] for word in core).upper()})"
    return f"{rng.choice(DESIGNATORS)} {name}"


# --- numbers --------------------------------------------------------------------------------

_ONES = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen",
]  # fmt: skip
_TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
             "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}  # fmt: skip


def spell_number(value: int) -> str | None:
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS_WORDS[tens - 2] + (f"-{_ONES[ones]}" if ones else "")
    return None


def _ordinal(words: str) -> str:
    last = words.split("-")[-1]
    if last in _ORDINALS:
        ordinal = _ORDINALS[last]
    elif last.endswith("y"):
        ordinal = last[:-1] + "ieth"
    else:
        ordinal = last + "th"
    return "-".join(words.split("-")[:-1] + [ordinal])


_NUMBER = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\b", re.IGNORECASE)
_WORD_NUMBER = {_ONES[v] if v < 20 else None: v for v in range(20)}
_WORD_NUMBER.update({word: 20 + 10 * i for i, word in enumerate(_TENS_WORDS)})
_SPELLED = re.compile(r"\b(" + "|".join(w for w in _WORD_NUMBER if w) + r")\b", re.IGNORECASE)


def number_variant(name: str) -> str | None:
    """Digits as words ("44" -> "Forty-Four", "1st" -> "First") or number words as digits
    ("FIRST" -> "1st", "TWO" -> "2")."""
    match = _NUMBER.search(name)
    if match:
        spelled = spell_number(int(match.group(1)))
        if spelled is None:
            return None
        word = _ordinal(spelled) if match.group(2) else spelled
        if name.isupper():
            word = word.upper()
        return name[: match.start()] + word.title() + name[match.end() :]
    match = _SPELLED.search(name)
    if match:
        return (
            name[: match.start()] + str(_WORD_NUMBER[match.group(1).lower()]) + name[match.end() :]
        )
    for ordinal_word, digit in (("first", "1st"), ("second", "2nd"), ("third", "3rd")):
        found = re.search(rf"\b{ordinal_word}\b", name, re.IGNORECASE)
        if found:
            return name[: found.start()] + digit + name[found.end() :]
    return None


# --- given-name equivalents ---------------------------------------------------------------


@lru_cache(maxsize=1)
def nickname_table() -> dict[str, list[str]]:
    import nicknames

    related: dict[str, set[str]] = {}
    with (Path(nicknames.__file__).parent / "names.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            related.setdefault(row["name1"], set()).add(row["name2"])
            related.setdefault(row["name2"], set()).add(row["name1"])
    return {name: sorted(others) for name, others in related.items()}


def given_name_variant(name: str, rng: random.Random) -> str | None:
    """The person's first given name replaced by a nickname or the name it shortens."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        words = given.split()
        if not words:
            return None
        others = nickname_table().get(words[0].lower())
        if not others:
            return None
        return f"{surname}, {' '.join([rng.choice(others).title()] + words[1:])}"
    words = name.split()
    others = nickname_table().get(words[0].lower()) if len(words) >= 2 else None
    if not others:
        return None
    return " ".join([rng.choice(others).title()] + words[1:])


# --- English names written phonetically in Cyrillic --------------------------------------

_ENGLISH_TO_RUSSIAN = [
    ("tion", "шн"), ("sion", "жн"), ("ture", "чер"), ("ough", "о"), ("igh", "ай"),
    ("ght", "т"), ("ph", "ф"), ("th", "т"), ("sh", "ш"), ("ch", "ч"), ("ck", "к"),
    ("qu", "кв"), ("wh", "у"), ("oo", "у"), ("ee", "и"), ("ea", "и"), ("ou", "ау"),
    ("ow", "оу"), ("ay", "ей"), ("ai", "ей"), ("oy", "ой"), ("ng", "нг"), ("x", "кс"),
    ("j", "дж"), ("w", "у"), ("a", "а"), ("b", "б"), ("d", "д"), ("e", "е"), ("f", "ф"),
    ("g", "г"), ("h", "х"), ("i", "и"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("v", "в"),
    ("z", "з"), ("y", "и"), ("q", "к"),
]  # fmt: skip
_VOWELS = set("aeiouy")
_ABBREVIATIONS = {"llc": "ООО", "ltd": "Лтд", "co": "Ко", "inc": "Инк", "jsc": "АО",
                  "corp": "Корп", "plc": "ПЛС"}  # fmt: skip


def _english_word_to_russian(word: str) -> str:
    if word in _ABBREVIATIONS:
        return _ABBREVIATIONS[word]
    silent_e = len(word) > 3 and word.endswith("e") and word[-2] not in _VOWELS
    out = []
    i = 0
    while i < len(word):
        rest = word[i:]
        if silent_e and i == len(word) - 1:
            break  # silent final e ("line", "office")
        following = word[i + 1 : i + 2]
        # a long a before one consonant and i/e ("trading", "nation"), a long i before one
        # consonant and "ing"/a final e ("mining", "line")
        if rest[:1] == "a" and len(rest) >= 3 and rest[1] not in _VOWELS and rest[2] in "ie":
            out.append("ей")
            i += 1
            continue
        if rest[:1] == "i" and len(rest) >= 3 and rest[1] not in _VOWELS and (
            rest[2:5] == "ing" or (silent_e and len(rest) == 3)
        ):
            out.append("ай")
            i += 1
            continue
        if rest[:1] == "g" and following in ("e", "i", "y"):
            out.append("дж")  # "general", "technology"
            i += 1
            continue
        if rest[:1] == "c" and rest[:2] != "ch":
            out.append("с" if following in ("e", "i", "y") else "к")
            i += 1
            continue
        if rest[:1] == "y" and (i == 0 or word[i - 1] in _VOWELS):
            out.append("й")
            i += 1
            continue
        if rest in ("y", "ey"):
            out.append("и")
            break
        if rest == "ea":
            out.append("ея")  # "Korea"
            break
        for latin, cyrillic in _ENGLISH_TO_RUSSIAN:
            if rest.startswith(latin):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(rest[0])
            i += 1
    text = "".join(out)
    if text.endswith("ия") or text.endswith("иа"):
        text = text[:-2] + "ия"
    return text.replace("еа", "ея").replace("иа", "ия")


# English words of company names (beside the generic ones of bench/_lists.py), to pick the
# names a Russian writer would spell by their English sound.
_ENGLISH_TEXT = """
trading corporation company international general group industries industrial technology
technologies services service development investment limited shipping line lines marine
oil gas energy import export bank trust national united star ocean sea air airlines
management engineering electronics power metal steel machinery supply world house
"""
_ENGLISH = {word.lower() for word in COMPANY_WORDS + COMPANY_TRADES} | set(_ENGLISH_TEXT.split())


def english_words(name: str) -> bool:
    """Whether a name has at least one common English company word."""
    return bool(set(plain_words(name)) & _ENGLISH)


def english_to_cyrillic(name: str) -> str:
    """A Latin name as a Russian writer spells its English pronunciation: "KOREA
    KWANGSONG TRADING CORPORATION" -> "Корея Куангсонг Трейдинг Корпорейшн"."""
    words = plain_words(name)
    return " ".join(_english_word_to_russian(word).capitalize() for word in words)


# --- Arabic script --------------------------------------------------------------------------

_TO_ARABIC = [
    ("sh", "ش"), ("kh", "خ"), ("gh", "غ"), ("th", "ث"), ("dh", "ذ"), ("ch", "ش"), ("zh", "ژ"),
    ("b", "ب"), ("t", "ت"), ("j", "ج"), ("d", "د"), ("r", "ر"), ("z", "ز"), ("s", "س"),
    ("f", "ف"), ("q", "ق"), ("k", "ك"), ("l", "ل"), ("m", "م"), ("n", "ن"), ("w", "و"),
    ("y", "ي"), ("g", "ج"), ("p", "ب"), ("v", "و"), ("x", "كس"), ("c", "ك"),
]  # fmt: skip
_PERSIAN = {"ك": "ک", "ي": "ی"}
_PERSIAN_LETTERS = {"p": "پ", "g": "گ", "ch": "چ", "zh": "ژ"}


def _arabic_word(word: str, rng: random.Random, persian: bool) -> str:
    out = []
    i = 0
    while i < len(word):
        rest = word[i:]
        char = rest[0]
        if char in "aeiou":
            run = len(rest) - len(rest.lstrip("aeiou"))
            vowels = rest[:run]
            if i == 0:  # a word never starts with a bare alif before l ("ال" is "al-")
                if vowels[0] in "ou" or word[run : run + 1] == "l":
                    out.append(rng.choice(["أ", "ع"]))
                else:
                    out.append(rng.choice(["ا", "أ", "ع"]) if vowels[0] == "a" else
                               rng.choice(["ا", "إ"]))  # fmt: skip
            elif i + run == len(word):  # final vowel
                out.append({"a": rng.choice(["ا", "ة", "ى"]), "e": "ي", "i": "ي",
                            "o": "و", "u": "و"}[vowels[-1]])  # fmt: skip
            elif vowels in ("aa", "a") and rng.random() < 0.3 or vowels == "aa":
                out.append("ا")
            elif vowels[-1] in "ie" and rng.random() < 0.5 or vowels in ("ee", "ei", "ai"):
                out.append("ي")
            elif vowels[-1] in "ou" and rng.random() < 0.5 or vowels in ("oo", "ou"):
                out.append("و")
            i += run
            continue
        if char == "h":
            out.append("ه" if i + 1 == len(word) else rng.choice(["ح", "ه"]))
            i += 1
            continue
        for latin, arabic in _TO_ARABIC:
            if rest.startswith(latin):
                if persian:
                    arabic = _PERSIAN_LETTERS.get(latin) or _PERSIAN.get(arabic, arabic)
                out.append(arabic)
                i += len(latin)
                # a doubled consonant is one letter (the shadda is not written)
                while i < len(word) and word[i] == latin[-1] and len(latin) == 1:
                    i += 1
                break
        else:
            i += 1
    return "".join(out)


_ARABIC_PARTICLES = {"bin": "بن", "ibn": "بن", "ben": "بن", "bint": "بنت", "abu": "أبو",
                     "abou": "أبو", "abd": "عبد", "allah": "الله"}  # fmt: skip


def to_arabic(name: str, rng: random.Random, persian: bool = False) -> str:
    """A Latin Arabic or Persian name written in Arabic script, given name first."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        name = f"{given} {surname}"
    words = plain_words(name)
    out = []
    article = False
    for word in words:
        if word in ("al", "el", "ad", "ar", "as", "ash", "an", "az", "at"):
            article = True
            continue
        match = re.match(r"^abd(?:ul|el|al|u)(.+)$", word)
        if word in ("abdul", "abdel", "abdal"):
            out.append("عبد")
            article = True
            continue
        if match and len(match.group(1)) > 2:
            out.append("عبد")
            word, article = match.group(1), True
        written = _ARABIC_PARTICLES.get(word) or _arabic_word(word, rng, persian)
        if article:
            written = "ال" + written
            article = False
        out.append(written)
    return " ".join(out)


def arabic_romanisation(name: str, rng: random.Random) -> str | None:
    """Another common romanisation of an Arabic name: Mohammed/Muhammad/Mohamed,
    bin/ibn/ben, al-/el-, Abdul/Abd al-, o/u and e/i vowels, doubled consonants."""
    words = name.replace(",", " , ").split()
    changed = 0
    out = []
    for word in words:
        lower = word.lower()
        new = word
        if re.fullmatch(r"m[ou]hh?amm?[ae]d", lower):
            new = rng.choice(["Muhammad", "Mohammed", "Mohamed", "Mohammad", "Muhamad"])
        elif lower in ("bin", "ibn", "ben"):
            new = rng.choice([w for w in ("bin", "ibn", "ben") if w != lower])
        elif lower.startswith(("al-", "el-")):
            new = ("el-" if lower.startswith("al-") else "al-") + word[3:]
        elif lower in ("al", "el"):
            new = "el" if lower == "al" else "al"
        elif lower in ("abdul", "abdel"):
            new = "Abd al-"
        elif len(lower) >= 5 and rng.random() < 0.5:
            swaps = [("ou", "u"), ("oo", "u"), ("ee", "i"), ("u", "o"), ("o", "u"), ("i", "e"),
                     ("e", "i"), ("ss", "s"), ("mm", "m"), ("dd", "d")]  # fmt: skip
            rng.shuffle(swaps)
            for old, replacement in swaps:
                position = lower.find(old, 1)
                if position > 0:
                    new = word[:position] + replacement + word[position + len(old) :]
                    break
        if new.lower() != lower:
            changed += 1
            new = new.upper() if word.isupper() else new
        out.append(new)
    if not changed:
        return None
    return " ".join(out).replace(" , ", ", ").replace("- ", "-")


# --- Hangul ---------------------------------------------------------------------------------

# Romanised initials, vowels and finals (RR, McCune-Reischauer and the DPRK's spellings)
# with the jamo index each stands for; several where the romanisation does not say which.
_K_INITIALS = {"kk": [1], "tt": [4], "pp": [8], "ss": [10], "jj": [13], "tch": [13],
               "ch": [14, 12], "kh": [15], "th": [16], "ph": [17], "k": [0, 15], "g": [0],
               "n": [2], "d": [3], "t": [3, 16], "r": [5], "l": [5], "m": [6], "b": [7],
               "p": [7, 17], "s": [9], "sh": [9], "j": [12], "h": [18], "": [11]}  # fmt: skip
_K_VOWELS = {"a": [0], "ae": [1], "ya": [2], "yae": [3], "eo": [4], "e": [5], "yeo": [6],
             "ye": [7], "o": [8, 4], "wa": [9], "wae": [10], "oe": [11], "oi": [11],
             "yo": [12, 6], "u": [13, 18], "wo": [14], "we": [15], "wi": [16], "yu": [17],
             "eu": [18], "ui": [19], "i": [20], "ee": [20], "oo": [13]}  # fmt: skip
_K_FINALS = {"": 0, "k": 1, "n": 4, "t": 7, "l": 8, "m": 16, "p": 17, "ng": 21}


def _korean_syllables(word: str):
    """All ways to read a romanised word as Korean syllables (initial, vowel, final)."""
    if not word:
        return [[]]
    readings = []
    for initial in sorted(_K_INITIALS, key=len, reverse=True):
        if not word.startswith(initial):
            continue
        rest = word[len(initial) :]
        for vowel in sorted(_K_VOWELS, key=len, reverse=True):
            if not rest.startswith(vowel):
                continue
            tail = rest[len(vowel) :]
            for final in sorted(_K_FINALS, key=len, reverse=True):
                if not tail.startswith(final):
                    continue
                following = tail[len(final) :]
                if following and following[0] in "aeiouwy" and final and final != "ng":
                    continue  # a consonant between vowels starts the next syllable
                for more in _korean_syllables(following):
                    readings.append([(initial, vowel, final)] + more)
                    if len(readings) >= 4:
                        return readings
    return readings


def to_hangul(name: str, rng: random.Random) -> str | None:
    """A romanised Korean name in Hangul, surname first, without spaces ("KIM, Jong Un" ->
    "김정은"); None if a word does not read as Korean syllables."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        words = plain_words(surname) + plain_words(given)
    else:
        words = plain_words(name)
    syllables = []
    for word in words:
        readings = _korean_syllables(word)
        if not readings:
            return None
        syllables.extend(min(readings, key=len))
    out = []
    for initial, vowel, final in syllables:
        code = 0xAC00 + (rng.choice(_K_INITIALS[initial]) * 21 + rng.choice(_K_VOWELS[vowel])) * 28
        out.append(chr(code + _K_FINALS[final]))
    return "".join(out)


# --- Chinese characters ---------------------------------------------------------------------


@lru_cache(maxsize=1)
def _pinyin_characters() -> dict[str, list[str]]:
    """Common characters (GB 2312 level 1) by their Mandarin reading, from Unidecode's
    table of readings."""
    from unidecode import unidecode

    by_reading: dict[str, list[str]] = {}
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                char = bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            reading = unidecode(char).strip().lower()
            if reading.isalpha():
                by_reading.setdefault(reading, []).append(char)
    return by_reading


def _pinyin_split(word: str) -> list[str] | None:
    syllables = _pinyin_characters()
    best: list[str] | None = None
    for size in range(min(6, len(word)), 0, -1):
        head = word[:size]
        if head in syllables:
            if size == len(word):
                return [head]
            rest = _pinyin_split(word[size:])
            if rest is not None and (best is None or len(rest) + 1 < len(best)):
                best = [head] + rest
    return best


def to_hanzi(name: str, rng: random.Random) -> str | None:
    """A Pinyin name in Chinese characters, surname first ("LI, Fangwei" -> e.g. "李方伟");
    None if a word does not read as Pinyin syllables."""
    if "," in name:
        surname, given = (part.strip() for part in name.split(",", 1))
        words = plain_words(surname) + plain_words(given)
    else:
        words = plain_words(name)
    out = []
    for word in words:
        split = _pinyin_split(word)
        if split is None:
            return None
        for syllable in split:
            choices = _characters_read_as(syllable)
            if not choices:
                return None
            out.append(rng.choice(choices))
    return "".join(out)


@lru_cache(maxsize=2_000)
def _characters_read_as(syllable: str) -> list[str]:
    """Common characters Unidecode reads as `syllable` that a dictionary (pypinyin's list
    of a character's readings, not its reading in context) also gives that reading:
    Unidecode has one reading per character, sometimes a rare one (铆 "liu")."""
    from pypinyin import Style, pinyin

    return [char for char in _pinyin_characters()[syllable][:60]
            if syllable in {reading.replace("v", "u") for reading in
                            pinyin(char, style=Style.NORMAL, heteronym=True)[0]}][:40]  # fmt: skip


# --- generated names the benchmark cannot tell from a listed name -----------------------------

_ARABIC_CONSONANT = {
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "g", "چ": "s", "ح": "h", "خ": "h", "د": "d",
    "ذ": "d", "ر": "r", "ز": "z", "ژ": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t",
    "ظ": "z", "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ک": "k", "گ": "g", "ل": "l", "م": "m",
    "ن": "n", "ه": "h",
}  # fmt: skip
_LATIN_FOLDS = [("kh", "h"), ("gh", "g"), ("sh", "s"), ("ch", "s"), ("th", "t"), ("dh", "d"),
                ("zh", "z"), ("ph", "f"), ("dj", "g"), ("j", "g"), ("q", "k"), ("c", "k"),
                ("p", "b"), ("x", "ks")]  # fmt: skip


def arabic_signature(name: str) -> tuple[str, ...] | None:
    """The consonants (no vowels, no w/y, no article) of each word of an Arabic-script name,
    sorted; None for other names. Two names with one signature are one name to a reader
    of Arabic script: a generated "unlisted" name with a listed name's signature is left
    out, not counted as a false alert."""
    if not re.search(ARABIC_SCRIPT, name):
        return None
    words = []
    for word in re.split(r"[\s,]+", name):
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        key = "".join(_ARABIC_CONSONANT.get(char, "") for char in word)
        if key:
            words.append(re.sub(r"(.)\1+", r"\1", key).rstrip("h") or key)
    return tuple(sorted(words))


def latin_signature(name: str) -> tuple[str, ...]:
    """The same signature of a Latin name, by the benchmark's own folding."""
    words = []
    for word in plain_words(name):
        if word in ("al", "el", "bin", "ibn", "ben", "abu"):
            continue
        for latin, folded in _LATIN_FOLDS:
            word = word.replace(latin, folded)
        key = re.sub(r"[aeiouwyv]", "", word)
        key = re.sub(r"(.)\1+", r"\1", key)
        key = key.rstrip("h") or key
        if key:
            words.append(key)
    return tuple(sorted(words))
