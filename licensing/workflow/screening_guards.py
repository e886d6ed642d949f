"""Screening as a shipment guard: what continuous screening found after the licence was
issued must be looked at before the licence is used again.

Re-screening an issued licence (a list changed) can raise new high or medium findings: a
party now matches a sanctions entry, the certificate expired. A prohibition suspends the
licence outright (services/screening.py); anything weaker reopens the officer's review, and
until the officer clears it no further consignment may be recorded against the licence."""


def uncleared_findings_problems(licence, quantities, shipped_on) -> list[str]:
    from licensing.models import ScreeningRun

    latest = (licence.request.screening_runs.filter(status=ScreeningRun.Status.COMPLETED)
              .order_by("-finished_at", "-id").first())
    if latest is None:
        return []
    open_findings = latest.findings.filter(severity__in=("high", "medium"),
                                           cleared_at__isnull=True).count()
    if not open_findings:
        return []
    return [f"Re-screening raised {open_findings} finding(s) since the licence was issued; "
            "an officer must clear them before the next shipment."]


def register() -> None:
    from licensing.workflow.guards import SHIPMENT_GUARDS

    if uncleared_findings_problems not in SHIPMENT_GUARDS:
        SHIPMENT_GUARDS.append(uncleared_findings_problems)
