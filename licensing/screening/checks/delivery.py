"""Proof of delivery: an end user (same normalised name and country) with a delivery
verification certificate overdue on an earlier shipment raises a high finding, until the
certificate arrives."""

import re
from dataclasses import dataclass
from datetime import date

from unidecode import unidecode

from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.text import T as _
from licensing.screening.subject import ReferenceSnapshot, ScreeningSubject

HIGH = "high"
_NOT_WORD = re.compile(r"[\W_]+")


def normalise_party_name(name: str) -> str:
    """Case, accents, script and punctuation do not matter: "Polish Armed-Forces" and
    "POLISH ARMED FORCES" are one end user."""
    return " ".join(_NOT_WORD.sub(" ", unidecode(name or "").casefold()).split())


@dataclass(frozen=True)
class OverdueDelivery:
    """A shipment whose DVC is overdue (`reference.overdue_delivery_verifications`)."""

    shipment_id: int
    request_id: int
    licence_number: str
    end_user_name: str
    end_user_country: str
    shipped_on: date
    due_on: date


def check_overdue_delivery_verifications(subject: ScreeningSubject,
                                         reference: ReferenceSnapshot) -> list[FindingDraft]:
    end_users = {(normalise_party_name(p.name), p.country)
                 for p in subject.parties if p.role == "end_user"}
    findings = []
    for overdue in reference.overdue_delivery_verifications:
        if overdue.request_id == subject.request_id:
            continue
        key = (normalise_party_name(overdue.end_user_name), overdue.end_user_country)
        if key not in end_users:
            continue
        findings.append(FindingDraft(
            check_name="overdue_delivery_verification",
            severity=HIGH,
            message=_("The end user %(name)s (%(country)s) has not proven delivery of the "
                      "shipment of %(shipped_on)s under licence %(licence)s: its delivery "
                      "verification certificate was due on %(due_on)s.",
                      name=overdue.end_user_name, country=overdue.end_user_country,
                      shipped_on=str(overdue.shipped_on), licence=overdue.licence_number,
                      due_on=str(overdue.due_on)),
            key=(overdue.shipment_id,),
            evidence={"rule": "overdue_delivery_verification", "shipment_id":
                      overdue.shipment_id, "licence": overdue.licence_number,
                      "request_id": overdue.request_id, "end_user": overdue.end_user_name,
                      "country": overdue.end_user_country,
                      "shipped_on": overdue.shipped_on.isoformat(),
                      "due_on": overdue.due_on.isoformat()},
        ))
    return findings
