"""Names in Arabic, Hangul and Chinese script read into Latin, and the phonetic keys that
compare such a reading with a listed Latin spelling.

None of this is a dictionary of names: each script is read by the rules of its writing
system, so any name gets the same treatment whether or not a list carries it.

- Arabic and Persian letters write consonants and long vowels, not short vowels: "محمد" is
  Muhammad, Mohammed and Mohamed alike. A word is read as its consonant skeleton
  (`consonant_key`), and a listed Latin word is folded the same way (vowels dropped, the
  letters romanisations use for one Arabic sound merged: kh/h, q/k, dh/d, th/t, ou/u).
  The article "ال" is its own word ("al"), as romanisations write it ("al-Rahman").
- Hangul syllables are decomposed by Unicode (each syllable is initial + vowel + final
  jamo) and romanised in three schemes: Revised Romanization (South Korea, 2000),
  McCune-Reischauer as lists write it without breves and apostrophes, and the DPRK's
  official variant of it (aspirates as kh, th, ph; initial ㄹ as r). `korean_key` folds the
  differences between the schemes and the conventional surname spellings (Lee/Yi/Ri,
  Park/Pak/Bak) so that a name may mix them.
- Chinese characters are read with pypinyin (MIT), a maintained library with phrase
  data, in Hanyu Pinyin and in Wade-Giles; given names are offered both as syllables and
  joined ("Fang Wei", "Fangwei"), the two ways lists write them.
"""

import re
import unicodedata
from functools import lru_cache

LATIN = "latin"
CYRILLIC = "cyrillic"
ARABIC = "arabic"
HANGUL = "hangul"
HAN = "han"
SCRIPT_CODES = {LATIN: 0, CYRILLIC: 1, ARABIC: 2, HANGUL: 3, HAN: 4}
SCRIPT_NAMES = {code: name for name, code in SCRIPT_CODES.items()}

_ARABIC_RANGE = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_HANGUL_RANGE = re.compile("[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HAN_RANGE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def script_of(words: tuple[str, ...]) -> str:
    """The non-Latin, non-Cyrillic script a name is written in, or LATIN."""
    text = "".join(words)
    if text.isascii():
        return LATIN
    if _ARABIC_RANGE.search(text):
        return ARABIC
    if _HANGUL_RANGE.search(text):
        return HANGUL
    if _HAN_RANGE.search(text):
        return HAN
    return LATIN


# --- Arabic and Persian ----------------------------------------------------------------

# Letters to the consonant each stands for, as `consonant_key` folds Latin spellings:
# emphatic and plain consonants are one (ص/س, ط/ت, ض/د, ظ/ز), as romanisations write them
# without dots; ج is j or g (Egyptian "Gamal"), and Persian پ is written ب in Arabic.
# Alif, hamza and ain carry a vowel or a glottal stop romanisations mostly leave out:
# they are "" (a word starting with one starts with a vowel, see below).
# Waw and ya are consonants at the start of a word ("Walid", "Yusuf") and long vowels
# elsewhere ("Hussein", "Yusuf"), where `consonant_key` drops them on the Latin side too.
_ARABIC_LETTERS = {
    "ا": "", "أ": "", "إ": "", "آ": "", "ٱ": "", "ء": "", "ؤ": "", "ئ": "", "ع": "",
    "ى": "", "ة": "",
    "ب": "b", "ت": "t", "ث": "t", "ج": "g", "ح": "h", "خ": "h", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "غ": "g", "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    "و": "w", "ي": "y",
    # Persian and Urdu letters
    "پ": "b", "چ": "s", "ژ": "z", "گ": "g", "ک": "k", "ی": "y", "ۀ": "", "ہ": "h", "ں": "n",
}  # fmt: skip
_WORD_START_VOWELS = set("اأإآٱءؤئع")
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel


# "Allah" spelt with its long vowel written out or a final ta marbuta ("عبد اللاه" as
# names are typed from their sound) is the word "الله".
_ALLAH_SPELLINGS = {"اللاه": "الله", "اللة": "الله", "الاه": "الله"}


def arabic_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """Arabic-script words as consonant keys, the article split off ("الرحمن" -> "_l",
    "rhmn"). "الله" stays one word: Latin writes it "Allah" ("Abdullah")."""
    out = []
    for word in words:
        word = _ARABIC_MARKS.sub("", word)
        if not _ARABIC_RANGE.search(word):
            out.append(consonant_key(word))
            continue
        word = _ALLAH_SPELLINGS.get(word, word)
        if word.startswith("ال") and len(word) > 3 and word != "الله":
            out.append("_l")
            word = word[2:]
        key = _arabic_key(word)
        if key.startswith("_bd") and len(key) > 3:
            # "عبدالله", "عبدالكريم" written as one word are "abd allah", "abd al karim"
            out.append("_bd")
            key = key[3:]
            if key == "l":
                key = "_l"  # "allah"
            elif key.startswith("l"):
                out.append("_l")
                key = key[1:]
        out.append(key)
    return tuple(word for word in out if word)


def _arabic_key(word: str) -> str:
    letters = []
    for position, char in enumerate(word):
        sound = _ARABIC_LETTERS.get(char, "")
        if position and sound in ("w", "y"):
            sound = ""  # a long vowel inside a word
        letters.append(sound)
    key = "".join(letters)
    if word[0] in _WORD_START_VOWELS:
        key = "_" + key
    return _finish_key(key)


# Latin spellings folded to the consonants an Arabic word writes. Order matters: digraphs
# before their letters.
_LATIN_TO_CONSONANTS = [
    (re.compile(r"kh"), "h"), (re.compile(r"gh"), "g"), (re.compile(r"sch|sh|ch"), "s"),
    (re.compile(r"th"), "t"), (re.compile(r"dh"), "d"), (re.compile(r"zh"), "z"),
    (re.compile(r"ph"), "f"), (re.compile(r"dj|dzh|j"), "g"), (re.compile(r"q|ck|c"), "k"),
    (re.compile(r"x"), "ks"), (re.compile(r"(?<=.)[wvy]"), ""), (re.compile(r"^v"), "w"),
    (re.compile(r"p"), "b"),
]  # fmt: skip
_VOWEL = re.compile(r"[aeiou]")
_DOUBLED = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def consonant_key(latin: str) -> str:
    """A Latin word as the consonants an Arabic-script spelling of it writes: "muhammad",
    "mohammed", "mohamed" -> "mhmd"; "abdul" -> "_bdl"; a leading vowel is "_"."""
    if not latin or not latin.isascii():
        return latin
    key = latin
    for pattern, replacement in _LATIN_TO_CONSONANTS:
        key = pattern.sub(replacement, key)
    if key and key[0] in "aeiou":
        key = "_" + key[1:]
    return _finish_key(_VOWEL.sub("", key))


def consonants(key: str) -> int:
    """How many consonants a consonant key holds (the leading-vowel mark not counted)."""
    return len(key) - key.startswith("_")


_ENGLISH_SOUNDS = [
    (re.compile(r"(?:t|s|ss|c)i(?:o|a)n"), "shn"), (re.compile(r"ture"), "chur"),
    (re.compile(r"ght"), "t"), (re.compile(r"gh"), ""), (re.compile(r"ck"), "k"),
    (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"g(?=[eiy])"), "j"),
    (re.compile(r"qu"), "kv"), (re.compile(r"wh"), "w"), (re.compile(r"oo"), "u"),
]  # fmt: skip


@lru_cache(maxsize=200_000)
def english_reading(latin: str) -> str:
    """A Latin word spelled as an English speaker says it, the way Russian writers put
    English names into Cyrillic: "corporation" -> "corporashn", "general" -> "jeneral"."""
    for pattern, replacement in _ENGLISH_SOUNDS:
        latin = pattern.sub(replacement, latin)
    return latin


# An English word as a Russian writer puts its sound into Cyrillic, read back into Latin:
# the consonants, with the letters Cyrillic has no equivalent for folded (w and y are
# vowels there, c is к or с, j and soft g are дж).
_ENGLISH_CONSONANTS = [
    (re.compile(r"x"), "ks"), (re.compile(r"^y(?=e)"), ""), (re.compile(r"shch|sch|sh"), "s"),
    (re.compile(r"tch|ch"), "c"),
    (re.compile(r"ts|tz"), "c"), (re.compile(r"zh"), "z"), (re.compile(r"kh"), "h"),
    (re.compile(r"ph"), "f"), (re.compile(r"th"), "t"), (re.compile(r"dzh|dz|dj|j"), "g"),
    (re.compile(r"ck|q|c"), "k"), (re.compile(r"[wy]"), ""),
]  # fmt: skip


@lru_cache(maxsize=200_000)
def english_key(latin: str) -> str:
    """The consonants of a word as an English name sounds in Cyrillic: "korporeishn" (from
    "Корпорейшн") and "corporashn" (`english_reading` of "corporation") are "krbrsn"."""
    key = latin
    for pattern, replacement in _ENGLISH_CONSONANTS:
        key = pattern.sub(replacement, key)
    if key and key[0] in "aeiou":
        key = "_" + key[1:]
    return _DOUBLED.sub(r"\1", _VOWEL.sub("", key))


@lru_cache(maxsize=200_000)
def vowel_free(latin: str) -> str:
    """A Latin word without the vowels after its first letter: "mohammed", "muhammad" ->
    "mhmd" (romanisations of one Arabic name differ in vowels and doubling)."""
    return latin[:1] + _DOUBLED.sub(r"\1", _VOWEL.sub("", latin[1:]))


def _finish_key(key: str) -> str:
    key = _DOUBLED.sub(r"\1", key)
    return key.rstrip("h") if len(key) > 2 else key


# --- Hangul -------------------------------------------------------------------------------

_INITIALS = {
    # ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ
    "rr": "g kk n d tt r m b pp s ss - j jj ch k t p h",
    "mr": "k kk n t tt r m p pp s ss - ch tch ch k t p h",
    "dprk": "k kk n t tt r m p pp s ss - j jj ch kh th ph h",
}
_VOWELS = {
    # ㅏ ㅐ ㅑ ㅒ ㅓ ㅔ ㅕ ㅖ ㅗ ㅘ ㅙ ㅚ ㅛ ㅜ ㅝ ㅞ ㅟ ㅠ ㅡ ㅢ ㅣ
    "rr": "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i",
    "mr": "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i",
    "dprk": "a ae ya yae o e yo ye o wa wae oe yo u wo we wi yu u ui i",
}
# (none) ㄱ ㄲ ㄳ ㄴ ㄵ ㄶ ㄷ ㄹ ㄺ ㄻ ㄼ ㄽ ㄾ ㄿ ㅀ ㅁ ㅂ ㅄ ㅅ ㅆ ㅇ ㅈ ㅊ ㅋ ㅌ ㅍ ㅎ
_FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t"
_TABLES = {
    scheme: (
        [s.replace("-", "") for s in _INITIALS[scheme].split()],
        _VOWELS[scheme].split(),
        [s.replace("-", "") for s in _FINALS.split()],
    )
    for scheme in _INITIALS
}


def _syllable(char: str, scheme: str) -> str | None:
    code = ord(char) - 0xAC00
    if not 0 <= code < 11172:
        return None
    initials, vowels, finals = _TABLES[scheme]
    return initials[code // 588] + vowels[(code % 588) // 28] + finals[code % 28]


def hangul_readings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Romanisations of a Hangul name, syllable by syllable (a Korean name is written
    without spaces; lists write it "KIM Jong Un"), one reading per scheme, and each with
    the given name's syllables joined too ("Kim Jongun")."""
    readings: dict[tuple[str, ...], None] = {}
    for scheme in _TABLES:
        syllables = []
        for word in words:
            read = [_syllable(char, scheme) for char in word]
            if any(part is None for part in read):
                syllables.append(_ascii_word(word))
            else:
                syllables.extend(read)
        syllables = [s for s in syllables if s]
        if not syllables:
            continue
        readings[tuple(syllables)] = None
        if len(syllables) == 3:
            readings[(syllables[0], syllables[1] + syllables[2])] = None
    return list(readings)


_KOREAN_FOLDS = [
    (re.compile(r"ee"), "i"), (re.compile(r"oo"), "u"), (re.compile(r"rh"), "r"),
    (re.compile(r"eo"), "o"), (re.compile(r"eu"), "u"), (re.compile(r"oi"), "oe"),
    (re.compile(r"(?<=[aeiou])h(?=[^aeiouy]|$)"), ""), (re.compile(r"(?<=a)r(?=[^aeiouy])"), ""),
    (re.compile(r"tch|jj|ch|j"), "j"), (re.compile(r"kh|kk|k|g(?!$)"), "k"),
    (re.compile(r"th|tt|t|d"), "t"), (re.compile(r"ph|pp|p|b"), "p"), (re.compile(r"sh|ss"), "s"),
    (re.compile(r"r|l"), "l"), (re.compile(r"^l(?=[iy])"), ""), (re.compile(r"^y(?=i)"), ""),
]  # fmt: skip


@lru_cache(maxsize=100_000)
def korean_key(latin: str) -> str:
    """One romanised Korean syllable (or syllables) folded across RR, McCune-Reischauer,
    the DPRK variant and conventional spellings: "jeong", "chong", "jong" -> "jong";
    "lee", "ri", "yi", "i" -> "i"; "park", "pak", "bak" -> "pak"."""
    key = latin
    for pattern, replacement in _KOREAN_FOLDS:
        key = pattern.sub(replacement, key)
    return key


# --- Chinese --------------------------------------------------------------------------------


def han_readings(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Pinyin and Wade-Giles readings of a name in Chinese characters, syllable by syllable
    and with the syllables after the first joined ("Li Fang Wei", "Li Fangwei"; a list may
    also join the first two). A character with several readings (朝 zhao/chao, 沈
    shen/chen) gives a reading for each, up to _MOST_HAN_READINGS names."""
    from pypinyin import Style, pinyin

    text = "".join(words)
    readings: dict[tuple[str, ...], None] = {}
    for style in (Style.NORMAL, Style.WADEGILES):
        options = [
            [
                syllable
                for syllable in dict.fromkeys(_ascii_word(c).replace("v", "u") for c in choices)
                if syllable
            ][:2]
            for choices in pinyin(text, style=style, heteronym=True, errors="ignore")
        ]
        options = [choices for choices in options if choices]
        for syllables in _combinations(options):
            readings[tuple(syllables)] = None
            if len(syllables) >= 3:
                readings[(syllables[0], "".join(syllables[1:]))] = None
                readings[("".join(syllables[:2]), *syllables[2:])] = None
            if len(syllables) == 2:
                readings[("".join(syllables),)] = None
    return list(readings)[: 4 * _MOST_HAN_READINGS]


_MOST_HAN_READINGS = 4


def _combinations(options: list[list[str]]) -> list[list[str]]:
    combos: list[list[str]] = [[]]
    for choices in options:
        combos = [combo + [choice] for combo in combos for choice in choices]
        combos = combos[:_MOST_HAN_READINGS]
    return combos if options else []


def _ascii_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(char for char in decomposed if "a" <= char <= "z" or char.isdigit())
