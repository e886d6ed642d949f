"""Plain data the screening checks read: the request as screened and a snapshot of the
reference lists. Built from the database by services/screening.py (the subject) and
licensing/reference_data.py (the snapshot); the checks never touch the database, so they
are fast to test and to benchmark."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the checks' own data types; they import this module, so not at run time
    from licensing.screening.checks.certificates import CertificateRegister
    from licensing.screening.checks.delivery import OverdueDelivery
    from licensing.screening.checks.halts import HaltEntry
    from licensing.screening.checks.parties import DeniedPartyData


@dataclass(frozen=True)
class ScreenedParty:
    role: str
    name: str
    country: str
    end_user_type: str = ""
    party_id: int | None = None
    birth_date: str = ""  # "YYYY-MM-DD" if the party is a person who gave one


@dataclass(frozen=True)
class ScreenedItem:
    description: str
    control_category: str
    quantity: int
    for_assembly_abroad: bool = False
    item_id: int | None = None


@dataclass(frozen=True)
class ScreenedCertificate:
    number: str
    issuing_country: str
    issue_date: date
    expiry_date: date | None
    non_reexport_clause: bool
    quantities: tuple[tuple[str, int], ...] = ()  # (control category, quantity)


@dataclass(frozen=True)
class ScreeningSubject:
    request_id: int
    organisation_name: str
    organisation_country: str
    destination_country: str
    transit_countries: tuple[str, ...]
    parties: tuple[ScreenedParty, ...]
    items: tuple[ScreenedItem, ...]
    certificate: ScreenedCertificate | None
    on: date

    @property
    def countries_on_route(self) -> dict[str, str]:
        """Every country the goods reach or cross, with the role that brings it in."""
        route = {}
        for code in self.transit_countries:
            route.setdefault(code, "transit country")
        for party in self.parties:
            route.setdefault(party.country, party.role.replace("_", " ") + " country")
        route[self.destination_country] = "destination"
        return route


@dataclass(frozen=True)
class AtWarEntry:
    entry_id: int
    country: str
    since: date | None
    basis: str


@dataclass(frozen=True)
class EmbargoEntry:
    entry_id: int
    country: str
    imposer: str
    scope: str
    legal_basis: str
    target_detail: str


@dataclass(frozen=True)
class ReferenceSnapshot:
    """The reference data in force on one day, with the versions read.

    Every field is required, with no default: the one loader
    (`licensing.reference_data.load_reference_snapshot`) must fill each kind of data, so a
    check can never silently find nothing because its data was left out."""

    versions: dict[str, int]
    at_war: tuple[AtWarEntry, ...]
    embargoes: tuple[EmbargoEntry, ...]
    diversion_risk: frozenset[str]
    diversion_risk_reasons: Mapping[str, str]  # {country: why it is flagged}
    export_halts: tuple[HaltEntry, ...]
    overdue_delivery_verifications: tuple[OverdueDelivery, ...]
    denied_parties: DeniedPartyData
    certificate_register: CertificateRegister  # the subject's certificate on other requests
