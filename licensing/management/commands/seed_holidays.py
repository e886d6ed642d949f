"""Add a country's public holidays for some years to the holiday calendar (those already
there are kept): `manage.py seed_holidays --years 2029 2030 [--country RS]`."""

from django.core.management.base import BaseCommand
from django.db import transaction

from licensing.holiday_calendar import DEFAULT_COUNTRY, SEEDED_YEARS
from licensing.services.calendar import seed_public_holidays


class Command(BaseCommand):
    help = "Seed the holiday calendar with a country's public holidays."

    def add_arguments(self, parser):
        parser.add_argument("--years", nargs="+", type=int, default=list(SEEDED_YEARS))
        parser.add_argument("--country", default=DEFAULT_COUNTRY)

    def handle(self, *args, years, country, **options):
        with transaction.atomic():
            added = seed_public_holidays(actor=None, years=years, country=country)
        self.stdout.write(f"{added} holiday(s) added for {country} {', '.join(map(str, years))}.")
