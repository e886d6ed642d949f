from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from licensing.services.reference_import import (
    import_arms_embargoes,
    import_at_war_countries,
    import_diversion_risk_countries,
)


class Command(BaseCommand):
    help = ("Seed the at-war and arms-embargo lists from the authority's CSV files "
            "(default: REFERENCE_DATA_DIR/reference). Entries already listed are kept.")

    def add_arguments(self, parser):
        parser.add_argument("--at-war", type=Path)
        parser.add_argument("--embargoes", type=Path)
        parser.add_argument("--diversion-risk", type=Path,
                            help="Also seed diversion-risk countries from this CSV (iso2, "
                                 "country, reason), e.g. docs/reference/"
                                 "diversion_risk_countries.example.csv.")

    def handle(self, *args, **options):
        base = Path(settings.REFERENCE_DATA_DIR) / "reference"
        at_war = options["at_war"] or base / "at_war_countries.csv"
        embargoes = options["embargoes"] or base / "arms_embargoes_2024_2025.csv"
        for path in (at_war, embargoes):
            if not path.is_file():
                raise CommandError(f"{path} not found; set REFERENCE_DATA_DIR or pass a path.")
        added, existing = import_at_war_countries(at_war)
        self.stdout.write(f"At-war countries: {added} added, {existing} already listed.")
        added, existing, skipped = import_arms_embargoes(embargoes)
        self.stdout.write(f"Arms embargoes: {added} added, {existing} already listed, "
                          f"{skipped} without a country skipped.")
        if options["diversion_risk"]:
            if not options["diversion_risk"].is_file():
                raise CommandError(f"{options['diversion_risk']} not found.")
            added, existing = import_diversion_risk_countries(options["diversion_risk"])
            self.stdout.write(f"Diversion-risk countries: {added} added, {existing} already "
                              "listed.")
