"""Print the current TOTP code of a demo official (development and demos only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts.auth import confirmed_totp_device
from accounts.models import User


class Command(BaseCommand):
    help = "Print the current authenticator code of an official (only when DEBUG is on)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if not settings.DEBUG:
            raise CommandError("Only in development (DEBUG=true): real users use their app.")
        user = User.objects.filter(email=email.lower()).first()
        device = confirmed_totp_device(user) if user else None
        if device is None:
            raise CommandError(f"{email} has no confirmed authenticator device.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
