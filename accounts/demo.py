"""Demo accounts' second factor: each demo official gets a confirmed TOTP device with a fixed
key, so the demo is usable at once (the key is printed by seed_demo)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.auth import base32_secret, demo_totp_key
from accounts.policy import needs_second_factor

DEMO_DEVICE_NAME = "Demo authenticator"


def ensure_demo_totp_devices(users) -> dict[str, str]:
    """{email: base32 secret} for every official among `users`; safe to run twice."""
    secrets = {}
    for user in users:
        if not needs_second_factor(user):
            continue
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=DEMO_DEVICE_NAME, confirmed=True,
                                               key=demo_totp_key(user.email))
        secrets[user.email] = base32_secret(device)
    return secrets
