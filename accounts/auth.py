"""Sign-in helpers shared by the web sign-in, the API token view and django-axes."""

import hashlib
from base64 import b32encode

from django_otp.plugins.otp_totp.models import TOTPDevice


def axes_username(request, credentials) -> str | None:
    """The account django-axes counts failures against: the email, in lower case, whether
    it came from the sign-in form or the API token view."""
    username = (credentials or {}).get("username")
    if username is None and request is not None and request.method == "POST":
        username = request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else username


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def base32_secret(device: TOTPDevice) -> str:
    """The secret as authenticator apps take it when typed in by hand."""
    return b32encode(device.bin_key).decode().rstrip("=")


def demo_totp_key(email: str) -> str:
    """A fixed TOTP key (40 hex digits) per demo account, so the demo's codes can be set up
    once in an authenticator app. Only `seed_demo` uses it; real users enrol their own."""
    return hashlib.sha256(f"export-licensing-demo-totp:{email}".encode()).hexdigest()[:40]
