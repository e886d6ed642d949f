from django.conf import settings
from django.core.management.base import BaseCommand

from licensing.services.retention import erase_expired_personal_data


class Command(BaseCommand):
    help = ("Erase personal data of requests closed for RETENTION_PERSONAL_DATA_DAYS "
            "(Celery beat runs this daily); each erasure is an audit event.")

    def handle(self, *args, **options):
        if settings.RETENTION_PERSONAL_DATA_DAYS <= 0:
            self.stdout.write("RETENTION_PERSONAL_DATA_DAYS is 0: nothing is ever erased.")
            return
        erasures = erase_expired_personal_data()
        self.stdout.write(self.style.SUCCESS(
            f"Erased personal data of {len(erasures)} request(s)."))
