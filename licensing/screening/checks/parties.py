"""Denied-party screening: every party of the request and the applicant organisation,
against every live denied-party list, by name and aliases, the country as supporting evidence.

The data comes in `reference.denied_parties` (a `DeniedPartyData`, put there by
licensing/reference_data.py): the name index of the live list versions, what each
indexed entry is, and the false-positive marks that apply to this request's party names.
The check itself only searches that in-memory index, so it stays a pure function.

Severity. Both levels must be cleared by an officer before the end user can be verified; the
level says how strong the match is, so officers look at the strong ones first.
- HIGH at a score of 95 or more: the name is the listed name (or alias) once case, script,
  transliteration, word order and legal forms are set aside, or differs by one small slip
  that the party's country corroborates (the matcher adds a little for a country match).
- MEDIUM from the production threshold (86) up to 95: one or two typos, a missing word or a
  country that does not fit. This is the band where the matcher's measured false alerts live
  (bench/screening_quality.py), so it is shown as the weaker signal it is.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import Joined, join, role_word, with_parts
from licensing.screening.checks.text import deferred_gettext as _
from licensing.screening.names import PRODUCTION_THRESHOLD, NameIndex, normalise_name
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

CHECK_NAME = "denied_party"
HIGH = "high"
MEDIUM = "medium"
HIGH_SCORE = 95.0
# A party matching more entries than this is shown with its best matches only.
MAX_MATCHES_PER_PARTY = 20
ORGANISATION_ROLE = "applicant_organisation"


@dataclass(frozen=True, slots=True)
class ListedEntryInfo:
    """What screening shows about one indexed list entry."""

    list_id: int
    list_name: str
    version_id: int
    version_number: int
    source_id: str
    source_list: str
    name: str
    entity_type: str = "unknown"
    countries: tuple[str, ...] = ()
    programs: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeniedPartyData:
    """The live lists as screening needs them. `suppressed` holds (list id, entry source
    id, normalised party name) for every active false-positive mark."""

    index: NameIndex
    entries: Mapping[str, ListedEntryInfo]
    suppressed: frozenset[tuple[int, str, str]] = frozenset()
    threshold: float = PRODUCTION_THRESHOLD


@dataclass(frozen=True)
class ScreenedName:
    role: str
    name: str
    country: str
    party_id: int | None = None
    birth_date: str = ""

    @property
    def label(self) -> str:
        return self.role.replace("_", " ")


def screened_names(subject: ScreeningSubject) -> list[ScreenedName]:
    """Every party of the request, then the applicant organisation."""
    names = [ScreenedName(p.role, p.name, p.country, p.party_id, p.birth_date)
             for p in subject.parties]
    names.append(ScreenedName(ORGANISATION_ROLE, subject.organisation_name,
                              subject.organisation_country))
    return names


def severity_for(score: float) -> str:
    return HIGH if score >= HIGH_SCORE else MEDIUM


def strength(score: float) -> str:
    """What a score means, as measured on bench/screening_quality.py (docs/screening.md,
    "Calibration")."""
    if score >= HIGH_SCORE:
        return _("a strong match (the listed name but for script, spelling conventions, "
                 "word order or legal form)")
    return _("a possible match (a slip, a missing word, another script's consonants or "
             "a country that does not fit)")


def check_denied_parties(subject: ScreeningSubject,
                         reference: ReferenceSnapshot) -> list[FindingDraft]:
    data = reference.denied_parties
    if not len(data.index):
        return []
    findings = []
    for party in screened_names(subject):
        if not party.name.strip():
            continue
        name_key = normalise_name(party.name)
        matches = data.index.search(party.name, country=party.country or None,
                                    threshold=data.threshold, limit=MAX_MATCHES_PER_PARTY,
                                    birth_date=party.birth_date or None)
        for match in matches:
            entry = data.entries.get(match.entry_key)
            if entry is None:
                continue
            if (entry.list_id, entry.source_id, name_key) in data.suppressed:
                continue
            findings.append(_finding(party, name_key, entry, match))
    return findings


def _finding(party: ScreenedName, name_key: str, entry: ListedEntryInfo, match) -> FindingDraft:
    if match.is_alias:
        via = Joined(" ", ("", _("through its alias '%(alias)s'") % {"alias": match.matched_name}))
    elif match.matched_name != entry.name:
        via = Joined(" ", ("", _("as '%(name)s'") % {"name": match.matched_name}))
    else:
        via = ""
    sub_list = (f" ({entry.source_list})"
                if entry.source_list and entry.source_list != entry.list_name else "")
    country = f" ({party.country})" if party.country else ""
    evidence_for, against = match.for_parts, match.against_parts
    message = _("The %(role)s '%(name)s'%(country)s matches %(list)s%(sub_list)s entry "
                "%(entry_id)s '%(entry_name)s'%(via)s: score %(score).1f, %(strength)s.") % {
        "role": role_word(party.role), "name": party.name, "country": country,
        "list": entry.list_name,
        "sub_list": sub_list, "entry_id": entry.source_id, "entry_name": entry.name,
        "via": via, "score": match.score, "strength": strength(match.score)}
    message = join([message,
                    _("Evidence for: %(reasons)s.") % {"reasons": join(evidence_for, "; ")},
                    _("Against: %(reasons)s.") % {"reasons": join(against, "; ")}
                    if against else None])
    return FindingDraft(
        check_name=CHECK_NAME,
        severity=severity_for(match.score),
        message=message,
        # The same party against the same entry and listed name is the same finding: an
        # officer's clearance carries over to re-runs; a match through another alias or a
        # changed party name is new and must be reviewed.
        key=(entry.list_id, entry.source_list, entry.source_id, normalise_name(
            match.matched_name), party.role, name_key),
        # The reasons in English and as parts (shown in the reader's language: `localised`).
        evidence=with_parts({
            "rule": CHECK_NAME,
            "list": entry.list_name,
            "list_id": entry.list_id,
            "list_version": entry.version_number,
            "entry": {"source_id": entry.source_id, "name": entry.name,
                      "source_list": entry.source_list, "entity_type": entry.entity_type,
                      "countries": list(entry.countries), "programs": list(entry.programs)},
            "matched_name": match.matched_name,
            "matched_alias": match.matched_name if match.is_alias else None,
            "score": match.score,
            "party": {"role": party.role, "name": party.name, "country": party.country,
                      "party_id": party.party_id, "name_key": name_key},
        }, {"reasons": match.reason_parts, "evidence_for": evidence_for,
            "evidence_against": against}),
    )
