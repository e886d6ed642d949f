"""Make a development signing key and self-signed certificate for licence documents.

    manage.py generate_signing_key [--force] [--days N]

Writes to LICENCE_SIGNING_KEY and LICENCE_SIGNING_CERT (by default under var/signing/).
Does nothing when both exist, unless --force. Production uses the authority's real key."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from licensing.services.signing import configured_key_pair, generate_development_key


class Command(BaseCommand):
    help = "Generate a development key and self-signed certificate for signing licences."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Replace an existing key and certificate.")
        parser.add_argument("--days", type=int, default=1825,
                            help="Validity of the certificate in days (default 1825).")
        parser.add_argument("--key", help="Write the key here instead of LICENCE_SIGNING_KEY.")
        parser.add_argument("--cert", help="Write the certificate here instead of "
                                           "LICENCE_SIGNING_CERT.")

    def handle(self, *args, force=False, days=1825, key=None, cert=None, verbosity=1,
               **options):
        pair = configured_key_pair()
        key_path = Path(key) if key else pair.key_path
        cert_path = Path(cert) if cert else pair.cert_path
        if key_path.exists() and cert_path.exists() and not force:
            if verbosity:
                self.stdout.write(f"Signing key already present: {key_path} (use --force "
                                  "to replace it).")
            return
        generate_development_key(key_path=key_path, cert_path=cert_path,
                                 common_name=settings.AUTHORITY_NAME,
                                 passphrase=settings.LICENCE_SIGNING_KEY_PASSPHRASE, days=days)
        if verbosity:
            self.stdout.write(self.style.SUCCESS(
                f"Development signing key written to {key_path}, self-signed certificate "
                f"to {cert_path}. Not for production: use the authority's own key there."))
