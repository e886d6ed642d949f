"""Legal-form words (company-type designators) in the languages the lists and parties use.

A legal form says what kind of company a party is, not which one, so it is left out of
matching: "ООО «Ромашка»", "ROMASHKA LLC" and "Romashka d.o.o." are the same name.

Forms are written the way `normalise` tokenises: casefolded, without diacritics, with
punctuation turned into spaces (so "S.A." is the phrase "s a" and "Sp. z o.o." is
"sp z o o"). Cyrillic forms stay in Cyrillic; transliterated spellings are listed too
because OFAC writes Russian companies in Latin ("OBSHCHESTVO S OGRANICHENNOI
OTVETSTVENNOSTYU ...").

Where a form may be dropped matters. Some abbreviations are ordinary words or name parts
elsewhere ("AS" is Norwegian for a company but also the Arabic article of "AS-SAHAB"; "CO"
ends "ANGLO-CARIBBEAN CO." but starts nothing; "PT" starts Indonesian names), so each form
says whether it is dropped at the start of a name, at the end, or at either. A name is never
reduced to nothing: a name that is only a legal form keeps it ("AG", "PP").
"""

import re

LEADING = "leading"
TRAILING = "trailing"
EITHER = "either"

# Dropped at either edge: abbreviations that are no word in the lists' languages, and the
# spelled-out forms (Russian companies are "ООО X" as often as "X LLC").
_EITHER = """
llc, l l c, ltd, limited, inc, incorporated, corp, corporation, company, plc, llp, lp,
gmbh, mbh, ag, kg, gmbh co kg, gmbh und co kg, ohg,
sarl, s a r l, srl, s r l, sas, s a s, spa, s p a, sapa, slu, sau, ltda,
bv, b v, nv, n v, vof, kft, zrt, nyrt, sro, s r o, spol s r o, spol sro, sp z o o, sp z oo,
spolka z o o, spolka z oo,
jsc, ojsc, cjsc, pjsc, ooo, zao, oao, pao, ao, nao, tov, pp, chp, fgup, gup, mup,
pat, prat, vat, zat, tdv, doo, d o o, j d o o, jdoo, ood, eood,
fze, fzco, fzc, fz llc, fzllc, fz co, dmcc,
pte, pte ltd, pvt, pvt ltd, private limited, pty, pty ltd, sdn bhd, bhd, tbk,
public limited company, limited liability company, limited liability partnership,
joint stock company, open joint stock company, closed joint stock company,
public joint stock company, private joint stock company,
obshchestvo s ogranichennoy otvetstvennostyu, obshchestvo s ogranichennoi otvetstvennostyu,
obshchestvo s ogranichennoy otvetstvennostiu,
aktsionernoye obshchestvo, aktsionernoe obshchestvo,
zakrytoye aktsionernoye obshchestvo, zakrytoe aktsionernoe obshchestvo,
otkrytoye aktsionernoye obshchestvo, otkrytoe aktsionernoe obshchestvo,
publichnoye aktsionernoye obshchestvo, publichnoe aktsionernoe obshchestvo,
nepublichnoe aktsionernoe obshchestvo,
tovarystvo z obmezhenoiu vidpovidalnistiu, tovarystvo z obmezhenoyu vidpovidalnistyu,
aktsionerne tovarystvo, pryvatne aktsionerne tovarystvo, publichne aktsionerne tovarystvo,
pryvatne pidpryiemstvo,
drustvo sa ogranicenom odgovornoscu, drustvo s ogranicenom odgovornoscu, akcionarsko drustvo,
gesellschaft mit beschrankter haftung, aktiengesellschaft,
societe anonyme, societa per azioni, sociedad anonima, sociedad limitada,
besloten vennootschap, naamloze vennootschap,
ооо, зао, оао, пао, ао, нао, тов, пп, чп, фгуп, гуп, муп, пат, прат, ват, зат, тдв, ат,
доо, д о о, оод, еоод,
общество с ограниченной ответственностью,
акционерное общество, закрытое акционерное общество, открытое акционерное общество,
публичное акционерное общество, непубличное акционерное общество,
товариство з обмеженою відповідальністю,
акціонерне товариство, приватне акціонерне товариство, публічне акціонерне товариство,
приватне підприємство, частное предприятие,
корпорейшн, корпорейшен, корпорэйшн, лимитед, лимитэд, инкорпорейтед, инк, лтд, корп, ллс,
гмбх, компани, компэни, плс, фзе, фзк, фзко, фзцо, дмкк, сарл, сарлу, кфт, бв, нв, пвт,
прайвит, прайвет, привейт лимитед,
друштво са ограниченом одговорношћу, акционарско друштво
"""

# Also ordinary words or name parts, so dropped only at the end, where companies put them.
_TRAILING = """
co, co ltd, and co, sa, s a, s a de c v, sa de cv, s de rl, de cv, sa de rl,
sl, s l, ou, ab, as, a s, asa, oy, oyj, aps, a p s, bt, kk, k k, gk, sac, eirl, se, s e,
ad, a d, dd, d d, ад, а д, дд, д д, private, ко, са, са де кв, с а де к в, сак, еирл
"""

# Also ordinary words, dropped only at the start (Indonesian "PT", "CV"); and designators a
# party puts in front of an organisation's name ("Concern Almaz-Antey", "Концерн ...").
_LEADING = """pt, p t, cv, concern, kontsern, koncern, концерн, enterprise, association,
obedinenie, obyedinenie, объединение"""


# Letters joined by dots with no space between: "S.A.", "d.o.o.", "S.A.C.", "f.k.a.".
_DOTTED_ABBREVIATION = re.compile(r"(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?")


def join_abbreviations(text: str) -> str:
    """Write dotted abbreviations as one word: "S.A." is "SA", "d.o.o." is "doo".

    They are typed with and without dots ("d.o.o.", "doo"); a space after a dot ("S. A.")
    keeps the letters apart, and the tables list that spelling too ("s a").
    """
    return _DOTTED_ABBREVIATION.sub(lambda match: match.group().replace(".", ""), text)


def _parse(block: str) -> list[tuple[str, ...]]:
    return [tuple(item.split()) for item in block.replace("\n", " ").split(",") if item.strip()]


LEGAL_FORMS: dict[tuple[str, ...], str] = {}
for _phrase in _parse(_EITHER):
    LEGAL_FORMS[_phrase] = EITHER
for _phrase in _parse(_TRAILING):
    LEGAL_FORMS.setdefault(_phrase, TRAILING)
for _phrase in _parse(_LEADING):
    LEGAL_FORMS[_phrase] = EITHER if _phrase in LEGAL_FORMS else LEADING


class LegalFormTable:
    """Legal-form phrases indexed by their first and last word, longest first, so peeling an
    edge looks at a handful of phrases instead of the whole table (this runs for every
    list name)."""

    def __init__(self, forms: dict[tuple[str, ...], str]):
        self.forms = forms
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        self._by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase, where in sorted(forms.items(), key=lambda item: -len(item[0])):
            if where != TRAILING:
                self._by_first.setdefault(phrase[0], []).append(phrase)
            if where != LEADING:
                self._by_last.setdefault(phrase[-1], []).append(phrase)

    def span(self, tokens) -> tuple[int, int, list[str]]:
        """Peel legal forms off both edges; return (start, end, forms removed).

        Edges are peeled repeatedly ("CO., LTD.", "LLC FZE"), but at least one token is
        always kept: a name that is only a legal form is still a name.
        """
        start, end = 0, len(tokens)
        removed: list[str] = []
        while end - start > 1:
            leading = self._by_first.get(tokens[start])
            phrase = leading and self._edge(tokens, start, end, leading, True)
            if phrase:
                start += len(phrase)
            else:
                trailing = self._by_last.get(tokens[end - 1])
                phrase = trailing and self._edge(tokens, start, end, trailing, False)
                if not phrase:
                    break
                end -= len(phrase)
            removed.append(" ".join(phrase))
        return start, end, removed

    @staticmethod
    def _edge(tokens, start, end, phrases, leading):
        for phrase in phrases:
            size = len(phrase)
            if size < end - start:
                edge = tokens[start : start + size] if leading else tokens[end - size : end]
                if tuple(edge) == phrase:
                    return phrase
        return None


NATIVE_FORMS = LegalFormTable(LEGAL_FORMS)


def strip_legal_forms(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Drop legal forms at the edges of `tokens`; return (kept tokens, forms removed)."""
    start, end, removed = NATIVE_FORMS.span(tokens)
    return list(tokens[start:end]), removed


def is_ambiguous_form(words: list[str]) -> bool:
    """Whether `words` are a legal form that is also an ordinary word or name part."""
    return LEGAL_FORMS.get(tuple(words)) in (TRAILING, LEADING)


def is_legal_form(text: str) -> bool:
    """Whether `text` (normalised words) is a known legal form."""
    return tuple(text.split()) in LEGAL_FORMS
