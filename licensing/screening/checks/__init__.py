"""The screening checks: pure functions `(subject, reference) -> list[FindingDraft]`.

`ALL_CHECKS` is what a screening run executes; a new check is a new function here."""

from licensing.screening.checks.countries import check_arms_embargoes, check_at_war_countries
from licensing.screening.checks.result import FindingDraft

ALL_CHECKS = [
    check_at_war_countries,
    check_arms_embargoes,
]

__all__ = ["ALL_CHECKS", "FindingDraft", "run_checks"]


def run_checks(subject, reference, checks=None) -> list[FindingDraft]:
    return [draft for check in (checks or ALL_CHECKS) for draft in check(subject, reference)]
