"""Cases the browser tests work on, built through the services as users would."""

from datetime import timedelta

from django.utils import timezone

from licensing.models import ArmsEmbargo, DiversionRiskCountry
from tests import factories


def eleven_finding_case(applicant=None):
    """A diversion case: partial embargoes on the route and destination, diversion risk in
    transit,
    a trader as end user, kits for assembly abroad, and an end-user certificate that is
    reused, short of quantity, issued by a third country, about to expire and without a
    non-re-export clause. Screening raises eleven findings an officer must clear."""
    ArmsEmbargo.objects.get_or_create(country="HU", imposer="EU", scope="partial",
                                      defaults={"legal_basis": "Council Decision 2026/11"})
    ArmsEmbargo.objects.get_or_create(country="PL", imposer="OSCE", scope="partial",
                                      defaults={"legal_basis": "OSCE Decision 2026/3"})
    DiversionRiskCountry.objects.get_or_create(country="SK", defaults={"reason": "Transit hub"})
    today = timezone.localdate()
    certificate = {
        "number": "PL/MON/2026/0457", "issuing_country": "DE",
        "issuing_authority": "Bundesamt", "issue_date": today - timedelta(days=20),
        "expiry_date": today + timedelta(days=30), "non_reexport_clause": False,
        "items": [{"control_category": "ML3", "description": "", "quantity": 400_000}]}
    # The same certificate presented earlier by another exporter.
    factories.submitted_request(end_user_certificate=dict(certificate))
    return factories.submitted_request(
        applicant,
        parties=[{"role": "end_user", "name": "Vistula Trading Sp. z o.o.", "country": "PL",
                  "address": "Gdańsk", "end_user_type": "trader_broker"},
                 {"role": "consignee", "name": "Vistula Trading Sp. z o.o.", "country": "PL",
                  "address": "Gdańsk", "end_user_type": ""}],
        items=[{"description": "7.62x39 mm cartridge kits", "control_category": "ML3",
                "quantity": 1_000_000, "unit": "rounds", "value": "350000.00",
                "currency": "EUR", "for_assembly_abroad": True}],
        end_user_certificate=dict(certificate))
