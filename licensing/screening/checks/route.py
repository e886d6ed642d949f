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

from licensing.screening.checks.result import FindingDraft
from licensing.screening.names import normalise_name
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

HIGH = "high"
MEDIUM = "medium"

# Words of a freight forwarder's or logistics firm's name (after normalise_name: casefolded,
# accents stripped, legal forms removed; Latin and Cyrillic as written).
FORWARDER_WORDS = re.compile(
    r"\b(logistics?|logistik\w*|logisti[ck]a|freight\w*|forwarding|forwarders?|shipping|"
    r"spedi[ct]\w*|cargo|customs brokers?|clearing agents?|"
    r"логисти\w*|экспедит\w*|експедит\w*|шпедиц\w*|карго|перевоз\w*)\b")
# Words of a trading house's or broker's name.
TRADER_WORDS = re.compile(
    r"\b(trad(e|er|ers|ing)|import|export|impex|impeks|brokers?|brokerage|"
    r"commerce|commercial|merchants?|handel\w*|trejd\w*|treyd\w*|"
    r"торг\w*|трейд\w*|трејд\w*|импекс|імпекс|брокер\w*)\b")
# Descriptions of items meant to be assembled or incorporated elsewhere.
ASSEMBLY_WORDS = re.compile(
    r"\b(kits?|ckd|skd|knocked down|sub-?assembl(y|ies)|for assembly|assembly abroad|"
    r"for incorporation|incorporation into|for integration)\b", re.IGNORECASE)

END_USER_ROLES = ("end_user",)
FORWARDER_ROLE = "freight_forwarder"


def _end_users(subject: ScreeningSubject):
    return [p for p in subject.parties if p.role in END_USER_ROLES]


def check_end_user_kind(subject: ScreeningSubject,
                        reference: ReferenceSnapshot) -> list[FindingDraft]:
    """An end user that is a trader or broker, declared so or named like one (MEDIUM)."""
    findings = []
    for party in _end_users(subject):
        declared = party.end_user_type == "trader_broker"
        words = TRADER_WORDS.search(normalise_name(party.name))
        if not (declared or words):
            continue
        why = ("is declared a trader or broker" if declared
               else f"is named like a trading company ('{words.group(0)}')")
        findings.append(FindingDraft(
            check_name="end_user_trader", severity=MEDIUM,
            message=(f"The end user '{party.name}' {why} rather than a government or armed "
                     "force: the goods may go on to someone else."),
            key=(normalise_name(party.name), party.end_user_type),
            evidence={"rule": "end_user_trader", "end_user": party.name,
                      "country": party.country, "end_user_type": party.end_user_type,
                      "declared": declared, "name_word": words.group(0) if words else None}))
    return findings


def check_forwarder_as_end_user(subject: ScreeningSubject,
                                reference: ReferenceSnapshot) -> list[FindingDraft]:
    """The end user is a freight forwarder: named like one, or the same name also appears
    as the request's freight forwarder (HIGH)."""
    forwarders = {normalise_name(p.name): p for p in subject.parties
                  if p.role == FORWARDER_ROLE}
    findings = []
    for party in _end_users(subject):
        key = normalise_name(party.name)
        same = forwarders.get(key)
        words = FORWARDER_WORDS.search(key)
        if not (same or words):
            continue
        why = ("is also named as the freight forwarder" if same
               else f"is named like a freight forwarder ('{words.group(0)}')")
        findings.append(FindingDraft(
            check_name="forwarder_as_end_user", severity=HIGH,
            message=(f"The end user '{party.name}' {why}: a forwarder moves goods, it does "
                     "not use them, so the real end user is not declared."),
            key=(key,),
            evidence={"rule": "forwarder_as_end_user", "end_user": party.name,
                      "country": party.country,
                      "forwarder": same.name if same else None,
                      "name_word": words.group(0) if words else None}))
    return findings


def check_assembly_abroad(subject: ScreeningSubject,
                          reference: ReferenceSnapshot) -> list[FindingDraft]:
    """Parts or kits for assembly abroad, or for incorporation and onward export (MEDIUM):
    the finished goods may leave the declared end user's hands."""
    findings = []
    for item in subject.items:
        words = ASSEMBLY_WORDS.search(item.description)
        if not (item.for_assembly_abroad or words):
            continue
        why = ("is declared for assembly abroad or incorporation" if item.for_assembly_abroad
               else f"is described as parts or a kit ('{words.group(0)}')")
        findings.append(FindingDraft(
            check_name="assembly_abroad", severity=MEDIUM,
            message=(f"The item '{item.description}' ({item.control_category}) {why}: ask "
                     "what is made of it and where it goes next."),
            key=(item.description, item.control_category, item.for_assembly_abroad),
            evidence={"rule": "assembly_abroad", "item_id": item.item_id,
                      "description": item.description,
                      "control_category": item.control_category,
                      "declared": item.for_assembly_abroad,
                      "description_word": words.group(0) if words else None}))
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
        findings.append(FindingDraft(
            check_name="diversion_risk_route", severity=severity,
            message=(f"The {role} {country} is flagged as a diversion risk"
                     + (f" ({reason})." if reason else ".")),
            key=(country, role),
            evidence={"rule": "diversion_risk_route", "list": "diversion_risk",
                      "country": country, "role": role, "reason": reason}))
    return findings
