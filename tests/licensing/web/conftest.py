"""Web tests: a Django test client signed in as a given user. Officials are signed in with
their second factor passed, as after a real TOTP step (tests/licensing/web/test_sign_in.py
walks that step itself)."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import needs_second_factor
from licensing.models import ArmsEmbargo


def sign_in(client, user):
    client.force_login(user)
    if needs_second_factor(user):
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


@pytest.fixture
def signed_in(client):
    """`signed_in(user)` → the test client, signed in as `user`."""
    return lambda user: sign_in(client, user)


@pytest.fixture
def transit_embargo(db):
    """A partial embargo on Hungary, a transit country of the factories' requests: every
    request screened then carries a medium finding an officer must clear."""
    return ArmsEmbargo.objects.create(country="HU", imposer="EU", scope="partial",
                                      legal_basis="Test decision 2026/1")
