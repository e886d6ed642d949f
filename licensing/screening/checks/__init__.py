"""The screening checks: pure functions `(subject, reference) -> list[FindingDraft]`.

`ALL_CHECKS` is what a screening run executes; a new check is a new function here."""

from licensing.screening.checks.certificates import (
    check_certificate_issuer,
    check_certificate_quantities,
    check_certificate_register,
    check_certificate_validity,
    check_non_reexport_clause,
)
from licensing.screening.checks.countries import check_arms_embargoes, check_at_war_countries
from licensing.screening.checks.delivery import check_overdue_delivery_verifications
from licensing.screening.checks.halts import check_export_halts
from licensing.screening.checks.parties import check_denied_parties
from licensing.screening.checks.result import FindingDraft
from licensing.screening.checks.route import (
    check_assembly_abroad,
    check_diversion_risk_route,
    check_end_user_kind,
    check_forwarder_as_end_user,
)

ALL_CHECKS = [
    check_at_war_countries,
    check_arms_embargoes,
    check_export_halts,
    check_overdue_delivery_verifications,
    check_denied_parties,
    check_certificate_validity,
    check_certificate_issuer,
    check_certificate_quantities,
    check_non_reexport_clause,
    check_certificate_register,
    check_end_user_kind,
    check_forwarder_as_end_user,
    check_assembly_abroad,
    check_diversion_risk_route,
]

__all__ = ["ALL_CHECKS", "FindingDraft", "run_checks"]


def run_checks(subject, reference, checks=None) -> list[FindingDraft]:
    return [draft for check in (checks or ALL_CHECKS) for draft in check(subject, reference)]
