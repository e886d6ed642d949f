"""Country checks: the at-war list and arms embargoes, against every country on the route."""

from django.utils.translation import gettext_noop

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import T as _
from licensing.screening.checks.text import role_word
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

PROHIBITION = "prohibition"
MEDIUM = "medium"
HIGH = "high"
INFO = "info"

# A full embargo forbids the export outright; with exemptions the officer must judge.
PROHIBITING_EMBARGO_SCOPES = frozenset({"full"})
# Aimed at listed people, whom denied-party screening catches by name: worth showing only.
INFORMATIONAL_EMBARGO_SCOPES = frozenset({"listed_persons"})
# The kind of embargo as the message reads it ("under a full EU arms embargo").
EMBARGO_KINDS = {"full": gettext_noop("full"),
                 "full_with_exemptions": gettext_noop("full with exemptions"),
                 "partial": gettext_noop("partial"),
                 "partial_geographic": gettext_noop("partial geographic"),
                 "non_state": gettext_noop("non state"),
                 "listed_persons": gettext_noop("listed persons")}


def check_at_war_countries(subject: ScreeningSubject,
                           reference: ReferenceSnapshot) -> list[FindingDraft]:
    """The law forbids arms sales to nations at war: any country on the route is enough."""
    at_war = {entry.country: entry for entry in reference.at_war}
    findings = []
    for country, role in subject.countries_on_route.items():
        entry = at_war.get(country)
        if entry is None:
            continue
        findings.append(FindingDraft(
            check_name="at_war_country",
            severity=PROHIBITION,
            message=(_("The %(role)s %(country)s is on the at-war list since %(since)s "
                       "(%(basis)s).", role=role_word(role), country=country,
                       since=str(entry.since), basis=entry.basis) if entry.since else
                     _("The %(role)s %(country)s is on the at-war list (%(basis)s).",
                       role=role_word(role), country=country, basis=entry.basis)),
            key=(country, entry.entry_id),
            evidence={"rule": "at_war_country", "list": "at_war", "entry_id": entry.entry_id,
                      "country": country, "role": role,
                      "since": entry.since.isoformat() if entry.since else None,
                      "basis": entry.basis},
            criteria=("NAT-WAR",),
        ))
    return findings


def check_arms_embargoes(subject: ScreeningSubject,
                         reference: ReferenceSnapshot) -> list[FindingDraft]:
    findings = []
    route = subject.countries_on_route
    for embargo in reference.embargoes:
        role = route.get(embargo.country)
        if role is None:
            continue
        prohibits = embargo.scope in PROHIBITING_EMBARGO_SCOPES
        if prohibits:
            severity = PROHIBITION
        elif embargo.scope in INFORMATIONAL_EMBARGO_SCOPES:
            severity = INFO
        else:
            severity = HIGH if role == "destination" else MEDIUM
        kind = _(EMBARGO_KINDS.get("full" if prohibits else embargo.scope,
                                   embargo.scope.replace("_", " ")))
        findings.append(FindingDraft(
            check_name="arms_embargo",
            severity=severity,
            message=_("The %(role)s %(country)s is under a %(kind)s %(imposer)s arms embargo "
                      "(%(basis)s).", role=role_word(role), country=embargo.country,
                      kind=kind, imposer=embargo.imposer, basis=embargo.legal_basis),
            key=(embargo.country, embargo.entry_id, embargo.scope),
            evidence={"rule": "arms_embargo", "list": "arms_embargoes",
                      "entry_id": embargo.entry_id, "country": embargo.country, "role": role,
                      "imposer": embargo.imposer, "scope": embargo.scope,
                      "legal_basis": embargo.legal_basis, "detail": embargo.target_detail},
            criteria=("1",) if prohibits else (),
        ))
    return findings
