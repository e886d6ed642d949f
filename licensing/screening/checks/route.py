"""Route and chain-of-custody checks: who receives the goods and which way they travel.

Diversion goes through intermediaries: a trader or broker instead of a government or armed
force, a freight forwarder posing as the end user, parts and kits assembled elsewhere, a
transit country known for re-export. None of these is forbidden; each must be looked at.

Severities: a freight forwarder named as the end user is HIGH (a forwarder moves goods, it
does not use them: the real end user is hidden); a diversion-risk country as the destination
or the end user's country is HIGH. A trader or broker end user, parts or kits for assembly
abroad, and a diversion-risk country elsewhere on the route (transit, intermediate consignee,
forwarder) are MEDIUM: common in legitimate trade, but the officer must know who ends up
with the goods.
"""

import re
from dataclasses import dataclass, field

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import deferred_gettext as _
from licensing.screening.checks.text import join, role_word, with_parts
from licensing.screening.names import normalise_name
from licensing.screening.names.normalise import analyse_name
from licensing.screening.subject import ReferenceSnapshot, ScreenedParty, ScreeningSubject

HIGH = "high"
MEDIUM = "medium"

# Words of a freight forwarder's name (after normalise_name: casefolded, accents stripped,
# legal forms removed; Latin and Cyrillic as written). Forwarding words say what the
# company does; "logistics", "transport" and "shipping" are also what an armed force's
# logistics command or a ministry's transport department does, so they count only when
# nothing in the name says state organ.
FORWARDING_WORDS = re.compile(
    r"\b(freight\w*|forwarding|forwarders?|spedi[ct]\w*|speditions?|expedit\w*|cargo|"
    r"customs brokers?|customs clearance|clearing agents?|shipping agen\w*|"
    r"экспеди\w*|експеди\w*|шпедиц\w*|карго|перевоз\w*)\b")
LOGISTICS_WORDS = re.compile(
    r"\b(logistics?|logistik\w*|logisti[ck]a|logistique|logistica|transport\w*|shipping|"
    r"логисти\w*|транспорт\w*)\b")
# Words of a trading house's or broker's name; import and export also inside a word, as
# state arms traders are named ("Yugoimport", "Ukrspecexport", "Спецтехноекспорт").
TRADER_WORDS = re.compile(
    r"\b(trad(e|er|ers|ing)|\w*import\w*|\w*export\w*|impex|impeks|brokers?|brokerage|"
    r"commerce|commercial|merchants?|handel\w*|trejd\w*|treyd\w*|"
    r"торг\w*|трейд\w*|трејд\w*|\w*(?:импорт|імпорт|экспорт|експорт)\w*|импекс|імпекс|"
    r"брокер\w*)\b")
# A customs broker clears goods for others: a forwarder's trade, not a trader's.
_NOT_TRADING = re.compile(r"\bcustoms brokers?\b")
# Words that name an organ of the state that uses arms itself: a force, its commands and
# units, a ministry, the police, a state arsenal. They outweigh "logistics" or "trade"
# ("Logistics Command of the Armed Forces", "Ministry of Foreign Trade").
STATE_WORDS = re.compile(
    r"\b(armed forces?|army|armee|armija|armii|armiia|armada|navy|naval|air forces?|"
    r"military|defen[cs]e forces?|forces armees|fuerzas armadas|forcas armadas|"
    r"bundeswehr|wojsk\w*|vojsk\w*|vojska|voiska|command|commandement|comando|kommando|"
    r"komand\w*|dowodztwo|brigade|regiment|battalion|division|corps|garrison|"
    r"ministry|ministere|ministerio|ministero|ministerstw\w*|ministarstv\w*|ministerstv\w*|"
    r"minister|department of defen[cs]e|general staff|police|policia|polizia|polizei|"
    r"policja|policija|politsi\w*|gendarmerie|carabinieri|guardia civil|national guard|"
    r"border guard|coast guard|state arsenal|central arsenal|arsenal of|directorate|"
    r"defen[cs]e logistics|logistics (?:agency|base|brigade|battalion|support command)|"
    r"министерств\w*|армия|армии|вооруженн\w*|войск\w*|командовани\w*|полици\w*|"
    r"министарств\w*|војск\w*|војска|полиција|гвардия|гвардии)\b")
STATE_TYPES = frozenset({"government", "armed_forces", "police"})
COMMERCIAL_TYPES = frozenset({"trader_broker", "manufacturer", "other"})
# Descriptions of items meant to be assembled or incorporated elsewhere; "kit" counts
# unless it is a kit to keep something working (cleaning, repair, tools, spares).
ASSEMBLY_WORDS = re.compile(
    r"\b(ckd|skd|knocked down|sub-?assembl(y|ies)|for assembly|assembly abroad|"
    r"for incorporation|incorporation into|for integration)\b", re.IGNORECASE)
KIT_WORDS = re.compile(r"\bkits?\b", re.IGNORECASE)
SERVICE_KIT_WORDS = re.compile(
    r"\b(cleaning|repair|maintenance|tool|tools|spare|spares|service|servicing|test|"
    r"testing|training|first[- ]aid|marking|inspection|gauge|gauging|calibration)\b[- ]"
    r"(\w+[- ])?kits?\b", re.IGNORECASE)

END_USER_ROLES = ("end_user",)
FORWARDER_ROLE = "freight_forwarder"


def _end_users(subject: ScreeningSubject):
    return [p for p in subject.parties if p.role in END_USER_ROLES]


@dataclass
class Weighing:
    """The evidence for and against one reading of a party, in words an officer reads."""

    for_: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)

    def as_evidence(self) -> dict:
        """In English and as parts (shown in the reader's language: `text.localised`)."""
        return with_parts({}, {"for": self.for_, "against": self.against})

    def explained(self):
        """The weighing as message parts (translated when read); str() in the active
        language."""
        parts = [_("Evidence for: %(for)s.") % {"for": join(self.for_, "; ")}]
        if self.against:
            parts.append(_("Against: %(against)s.") % {"against": join(self.against, "; ")})
        return join(parts)


def _state_evidence(party: ScreenedParty, key: str, weighing: Weighing) -> bool:
    """Note what says the party is an organ of the state; True if its name says so."""
    state_word = STATE_WORDS.search(key)
    if state_word:
        weighing.against.append(
            _("the name says a state organ ('%(word)s')") % {"word": state_word.group(0)})
    if party.end_user_type in STATE_TYPES:
        weighing.against.append(
            _("declared as %(type)s") % {"type": party.end_user_type.replace("_", " ")})
    return bool(state_word)


def _company_evidence(party: ScreenedParty, weighing: Weighing) -> bool:
    """Note what says the party is a commercial company; True if its name has a legal
    form (LLC, d.o.o., GmbH, ООО ...)."""
    forms = analyse_name(party.name).legal_forms
    if forms:
        weighing.for_.append(
            _("the name has a company legal form ('%(form)s')") % {"form": forms[0].upper()})
    if party.end_user_type in COMMERCIAL_TYPES:
        weighing.for_.append(
            _("declared as %(type)s") % {"type": party.end_user_type.replace("_", " ")})
    return bool(forms)


def assess_trader(party: ScreenedParty) -> tuple[bool, Weighing]:
    """Whether an end user is a trader or broker, and why: declared so, or named like a
    trading company and nothing in its name says it is an organ of the state."""
    key = normalise_name(party.name)
    weighing = Weighing()
    declared = party.end_user_type == "trader_broker"
    if declared:
        weighing.for_.append(_("declared a trader or broker"))
    words = TRADER_WORDS.search(_NOT_TRADING.sub(" ", key))
    if words:
        weighing.for_.append(_("named like a trading company ('%(word)s')") % {
            "word": words.group(0)})
    state = _state_evidence(party, key, weighing)
    _company_evidence(party, weighing)
    return declared or bool(words and not state), weighing


def assess_forwarder(party: ScreenedParty, forwarder_names: dict[str, ScreenedParty]) -> tuple[
        str | None, Weighing]:
    """Whether an end user is a freight forwarder, at which severity, and why.

    HIGH: it is also the request's freight forwarder; or its name has a forwarding word
    (freight, forwarding, spedition, cargo, customs broker ...) and nothing in it says
    state organ; or a logistics word together with a company legal form or a commercial
    declared type, and nothing says state organ. MEDIUM: a forwarding or logistics word in
    the name of a party declared a government, armed force or police but without a word
    that says so (the declaration and the name disagree). Otherwise none: "Logistics
    Command of the Armed Forces" is an armed force.
    """
    key = normalise_name(party.name)
    weighing = Weighing()
    same = forwarder_names.get(key)
    if same:
        weighing.for_.append(_("also named as the request's freight forwarder ('%(name)s')") % {
            "name": same.name})
    forwarding = FORWARDING_WORDS.search(key)
    logistics = LOGISTICS_WORDS.search(key)
    if forwarding:
        weighing.for_.append(_("named like a freight forwarder ('%(word)s')") % {
            "word": forwarding.group(0)})
    elif logistics:
        weighing.for_.append(_("named like a logistics firm ('%(word)s')") % {
            "word": logistics.group(0)})
    state = _state_evidence(party, key, weighing)
    company = _company_evidence(party, weighing)
    if same:
        return HIGH, weighing
    if state or not (forwarding or logistics):
        return None, weighing
    declared_state = party.end_user_type in STATE_TYPES
    if forwarding and not declared_state:
        return HIGH, weighing
    if company or party.end_user_type in COMMERCIAL_TYPES:
        return HIGH, weighing
    return MEDIUM, weighing


def check_end_user_kind(subject: ScreeningSubject,
                        reference: ReferenceSnapshot) -> list[FindingDraft]:
    """An end user that is a trader or broker, declared so or named like one (MEDIUM)."""
    findings = []
    for party in _end_users(subject):
        is_trader, weighing = assess_trader(party)
        if not is_trader:
            continue
        declared = party.end_user_type == "trader_broker"
        words = TRADER_WORDS.search(_NOT_TRADING.sub(" ", normalise_name(party.name)))
        message = _("The end user '%(name)s' looks like a trader or broker rather than a "
                    "government or armed force: the goods may go on to someone else.") % {
            "name": party.name}
        findings.append(FindingDraft(
            check_name="end_user_trader", severity=MEDIUM,
            message=join([message, weighing.explained()]),
            key=(normalise_name(party.name), party.end_user_type),
            evidence={"rule": "end_user_trader", "end_user": party.name,
                      "country": party.country, "end_user_type": party.end_user_type,
                      "declared": declared, "name_word": words.group(0) if words else None,
                      "weighing": weighing.as_evidence()}))
    return findings


def check_forwarder_as_end_user(subject: ScreeningSubject,
                                reference: ReferenceSnapshot) -> list[FindingDraft]:
    """The end user is a freight forwarder (see `assess_forwarder` for the evidence)."""
    forwarders = {normalise_name(p.name): p for p in subject.parties
                  if p.role == FORWARDER_ROLE}
    findings = []
    for party in _end_users(subject):
        severity, weighing = assess_forwarder(party, forwarders)
        if severity is None:
            continue
        key = normalise_name(party.name)
        same = forwarders.get(key)
        words = FORWARDING_WORDS.search(key) or LOGISTICS_WORDS.search(key)
        message = _("The end user '%(name)s' looks like a freight forwarder: a forwarder "
                    "moves goods, it does not use them, so the real end user may not be "
                    "declared.") % {"name": party.name}
        findings.append(FindingDraft(
            check_name="forwarder_as_end_user", severity=severity,
            message=join([message, weighing.explained()]),
            key=(key,),
            evidence={"rule": "forwarder_as_end_user", "end_user": party.name,
                      "country": party.country, "end_user_type": party.end_user_type,
                      "forwarder": same.name if same else None,
                      "name_word": words.group(0) if words else None,
                      "weighing": weighing.as_evidence()}))
    return findings


def assembly_evidence(description: str, declared: bool) -> Weighing | None:
    """Why an item looks meant for assembly abroad, or None: declared so, described as
    SKD/CKD, sub-assemblies or for incorporation, or as kits other than kits to keep
    something working (cleaning, repair, tool, spares, test kits)."""
    weighing = Weighing()
    if declared:
        weighing.for_.append(_("declared for assembly abroad or incorporation"))
    words = ASSEMBLY_WORDS.search(description)
    if words:
        weighing.for_.append(_("described as parts for assembly ('%(word)s')") % {
            "word": words.group(0)})
    kit = KIT_WORDS.search(description)
    service = SERVICE_KIT_WORDS.search(description)
    if kit and not service:
        weighing.for_.append(_("described as kits ('%(word)s')") % {"word": kit.group(0)})
    elif service:
        weighing.against.append(_("a kit to keep equipment working ('%(words)s')") % {
            "words": service.group(0)})
    return weighing if weighing.for_ else None


def check_assembly_abroad(subject: ScreeningSubject,
                          reference: ReferenceSnapshot) -> list[FindingDraft]:
    """Parts or kits for assembly abroad, or for incorporation and onward export (MEDIUM):
    the finished goods may leave the declared end user's hands."""
    findings = []
    for item in subject.items:
        weighing = assembly_evidence(item.description, item.for_assembly_abroad)
        if weighing is None:
            continue
        words = ASSEMBLY_WORDS.search(item.description) or KIT_WORDS.search(item.description)
        message = _("The item '%(item)s' (%(category)s) may be assembled or incorporated "
                    "abroad: ask what is made of it and where it goes next.") % {
            "item": item.description, "category": item.control_category}
        findings.append(FindingDraft(
            check_name="assembly_abroad", severity=MEDIUM,
            message=join([message, weighing.explained()]),
            key=(item.description, item.control_category, item.for_assembly_abroad),
            evidence={"rule": "assembly_abroad", "item_id": item.item_id,
                      "description": item.description,
                      "control_category": item.control_category,
                      "declared": item.for_assembly_abroad,
                      "description_word": words.group(0) if words else None,
                      "weighing": weighing.as_evidence()}))
    return findings


def check_diversion_risk_route(subject: ScreeningSubject,
                               reference: ReferenceSnapshot) -> list[FindingDraft]:
    """A country flagged as a diversion risk anywhere on the route: HIGH where the goods
    end (destination, end user's country), MEDIUM where they pass."""
    risky = reference.diversion_risk
    if not risky:
        return []
    reasons = reference.diversion_risk_reasons
    end_countries = {subject.destination_country} | {p.country for p in _end_users(subject)}
    findings = []
    for country, role in subject.countries_on_route.items():
        if country not in risky:
            continue
        severity = HIGH if country in end_countries else MEDIUM
        reason = reasons.get(country, "")
        if reason:
            flagged = _("The %(role)s %(country)s is flagged as a diversion risk "
                        "(%(reason)s).") % {"role": role_word(role), "country": country,
                                             "reason": reason}
        else:
            flagged = _("The %(role)s %(country)s is flagged as a diversion risk.") % {
                "role": role_word(role), "country": country}
        message = join([flagged, _("The goods would end there, not just pass through.")
                        if severity == HIGH else None])
        findings.append(FindingDraft(
            check_name="diversion_risk_route", severity=severity,
            message=message,
            key=(country, role),
            evidence={"rule": "diversion_risk_route", "list": "diversion_risk",
                      "country": country, "role": role, "reason": reason}))
    return findings
