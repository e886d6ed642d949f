"""Seeding diversion-risk countries from the documented example CSV."""

from pathlib import Path

import pytest
from django.core.management import call_command

from licensing.models import AuditEvent, DiversionRiskCountry
from licensing.services.reference import current_list_versions

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "reference" / (
    "diversion_risk_countries.example.csv")


@pytest.mark.django_db
def test_import_reference_lists_seeds_diversion_risk_countries_once(capsys):
    call_command("import_reference_lists", "--diversion-risk", str(EXAMPLE))
    codes = sorted(str(c) for c in DiversionRiskCountry.objects.values_list("country",
                                                                            flat=True))
    assert codes == ["AE", "AM", "KG"]
    assert "Diversion-risk countries: 3 added" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action="reference.diversion_risk.saved").count() == 3
    assert current_list_versions()["diversion_risk"] == 3
    call_command("import_reference_lists", "--diversion-risk", str(EXAMPLE))
    assert DiversionRiskCountry.objects.count() == 3
    assert "0 added, 3 already listed" in capsys.readouterr().out
