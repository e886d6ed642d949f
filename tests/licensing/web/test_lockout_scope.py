"""A lock-out applies to the account (and the account from one address), never to an
address: colleagues signing in from the same office keep working."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.lockout import lockout_parameters
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

OFFICE = "10.20.30.40"


def sign_in(client, user, password=PASSWORD, address=OFFICE):
    return client.post("/accounts/login/", {"username": user.email, "password": password},
                       REMOTE_ADDR=address)


def test_colleagues_at_the_same_address_sign_in_after_another_account_is_locked(client,
                                                                                settings):
    applicant = factories.ApplicantFactory()
    auditor, officer = factories.AuditorFactory(), factories.OfficerFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, applicant, "wrong password")
    assert sign_in(client, applicant).status_code == 429  # the account is locked here
    assert sign_in(client, applicant, address="192.0.2.9").status_code == 429  # and anywhere

    for colleague in (auditor, officer):
        client.logout()
        response = sign_in(client, colleague)
        assert response.status_code == 302, f"{colleague.email} was locked out"
        assert "/two-factor" in response["Location"] or "two_factor" in response["Location"]


def test_the_setting_is_parsed_and_an_address_alone_is_refused():
    assert lockout_parameters(["username", "username+ip_address"]) == [
        "username", ["username", "ip_address"]]
    with pytest.raises(ImproperlyConfigured):
        lockout_parameters(["username", "ip_address"])
