"""API tokens expire, rotate at every sign-in, and die with a password change."""

from datetime import timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db


def sign_in(user):
    response = APIClient().post("/api/v1/auth/token/",
                                {"email": user.email, "password": factories.PASSWORD},
                                format="json")
    assert response.status_code == 200, response.content
    assert response.json()["expires_at"]
    return response.json()["token"]


def calls_with(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/requests/").status_code


def test_every_sign_in_issues_a_new_token_and_the_old_one_stops_working():
    applicant = factories.ApplicantFactory()
    first = sign_in(applicant)
    second = sign_in(applicant)
    assert first != second
    assert calls_with(first) == 401
    assert calls_with(second) == 200


def test_a_token_expires(settings):
    settings.API_TOKEN_TTL_HOURS = 1
    applicant = factories.ApplicantFactory()
    token = sign_in(applicant)
    assert calls_with(token) == 200
    Token.objects.filter(key=token).update(created=Token.objects.get(key=token).created
                                           - timedelta(hours=2))
    assert calls_with(token) == 401


def test_a_password_change_revokes_the_token():
    applicant = factories.ApplicantFactory()
    token = sign_in(applicant)
    applicant.set_password("another-long-passphrase-7")
    applicant.save()
    assert calls_with(token) == 401


def test_the_web_password_change_revokes_the_token(client):
    applicant = factories.ApplicantFactory()
    token = sign_in(applicant)
    client.force_login(applicant)
    response = client.post("/accounts/password/", {
        "old_password": factories.PASSWORD, "new_password1": "another-long-passphrase-7",
        "new_password2": "another-long-passphrase-7"})
    assert response.status_code == 302
    assert calls_with(token) == 401


def test_signing_in_on_the_web_keeps_the_token():
    """Only a password change or deactivation revokes: last_login updates do not."""
    applicant = factories.ApplicantFactory()
    token = sign_in(applicant)
    from django.utils import timezone

    applicant.last_login = timezone.now()
    applicant.save(update_fields=["last_login"])
    assert calls_with(token) == 200
