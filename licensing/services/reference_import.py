"""Seeding the reference lists from the authority's CSV files (REFERENCE_DATA_DIR/reference)."""

import csv
from datetime import date
from pathlib import Path

from django.db import transaction

from licensing.models import ArmsEmbargo, AtWarCountry, DiversionRiskCountry, EmbargoScope
from licensing.services.reference import save_reference_entry, schedule_continuous_screening

# The seed file's scope words, in the terms of our model.
SCOPE_ALIASES = {
    "partial_political": EmbargoScope.POLITICAL,
    "political_partial": EmbargoScope.POLITICAL,
}


def _rows(path: Path):
    with open(path, newline="", encoding="utf-8") as handle:
        yield from csv.DictReader(handle)


@transaction.atomic
def import_at_war_countries(path: Path, *, actor=None) -> tuple[int, int]:
    """Add the countries not yet listed; returns (added, already there)."""
    added = existing = 0
    for row in _rows(path):
        country = row["iso2"].strip().upper()
        if AtWarCountry.objects.filter(country=country, valid_until__isnull=True).exists():
            existing += 1
            continue
        since = date.fromisoformat(row["since"]) if row.get("since") else None
        save_reference_entry(
            actor=actor, rescreen=False, reason=f"Imported from {path.name}",
            entry=AtWarCountry(country=country, valid_from=since, basis=row.get("basis", ""),
                               note=row.get("note", "")))
        added += 1
    if added:
        schedule_continuous_screening(reason="at-war list imported")
    return added, existing


@transaction.atomic
def import_arms_embargoes(path: Path, *, actor=None) -> tuple[int, int, int]:
    """Add embargoes not yet listed; returns (added, already there, skipped: no country)."""
    added = existing = skipped = 0
    for row in _rows(path):
        country = row["iso2"].strip().upper()
        if len(country) != 2 or not country.isalpha():
            skipped += 1  # measures on listed persons anywhere: denied-party screening
            continue
        scope = SCOPE_ALIASES.get(row["scope"], row["scope"])
        if scope not in EmbargoScope.values:
            scope = EmbargoScope.PARTIAL
        if ArmsEmbargo.objects.filter(country=country, imposer=row["imposer"],
                                      valid_until__isnull=True).exists():
            existing += 1
            continue
        save_reference_entry(
            actor=actor, rescreen=False, reason=f"Imported from {path.name}",
            entry=ArmsEmbargo(
                country=country, imposer=row["imposer"], scope=scope,
                target_detail=row.get("target_detail", ""),
                legal_basis=row.get("legal_basis", "")[:300],
                status_note=row.get("status_note", ""),
                needs_verification=row.get("verify", "no").strip().lower().startswith("yes")))
        added += 1
    if added:
        schedule_continuous_screening(reason="arms embargoes imported")
    return added, existing, skipped


@transaction.atomic
def import_diversion_risk_countries(path: Path, *, actor=None) -> tuple[int, int]:
    """Add diversion-risk countries not yet listed (columns iso2, country, reason; an
    example is docs/reference/diversion_risk_countries.example.csv). Returns (added, already
    there)."""
    added = existing = 0
    for row in _rows(path):
        country = row["iso2"].strip().upper()
        if DiversionRiskCountry.objects.filter(country=country,
                                               valid_until__isnull=True).exists():
            existing += 1
            continue
        save_reference_entry(
            actor=actor, rescreen=False, reason=f"Imported from {path.name}",
            entry=DiversionRiskCountry(country=country, reason=row.get("reason", "")))
        added += 1
    if added:
        schedule_continuous_screening(reason="diversion-risk list imported")
    return added, existing
