"""V1: administrators manage accounts but never see tokens or second-factor secrets, take
no case decisions by any route, and their changes to accounts are audited and announced."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.auth import base32_secret
from accounts.models import Role, User
from accounts.tokens import issue_token
from licensing.errors import NotPermitted
from licensing.models import AuditEvent, RequestStatus
from licensing.services import requests, special_approval
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    """An administrator signed in to Django admin with the second factor passed."""
    administrator = factories.AdministratorFactory()
    device = TOTPDevice.objects.create(user=administrator, name="app", confirmed=True)
    client.force_login(administrator)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    client.administrator = administrator
    return client


def test_admin_lists_no_api_tokens(admin_client):
    approver = factories.ApproverFactory()
    token = issue_token(approver)
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 404
    assert admin_client.get("/admin/authtoken/token/").status_code == 404
    assert token.key not in admin_client.get("/admin/").content.decode()
    page = admin_client.get(f"/admin/accounts/user/{approver.pk}/change/").content.decode()
    assert token.key not in page


def test_admin_never_shows_a_second_factor_secret(admin_client):
    approver = factories.ApproverFactory()
    device = TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
    secrets = (device.key, base32_secret(device))
    listing = admin_client.get("/admin/otp_totp/totpdevice/")
    assert listing.status_code == 200
    page = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200  # a read-only view
    for body in (listing.content.decode(), page.content.decode()):
        assert not any(secret in body for secret in secrets)
        assert "qrcode" not in body.lower()
    config = admin_client.get(f"/admin/otp_totp/totpdevice/{device.pk}/config/", follow=True)
    assert not any(secret in config.content.decode() for secret in secrets)


def test_an_administrators_token_and_session_reach_no_decision():
    administrator = factories.AdministratorFactory()
    request = factories.verified_request()
    submitted = factories.submitted_request()
    token_client = APIClient()
    token_client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(administrator).key}")
    session_client = APIClient()
    session_client.force_authenticate(administrator)
    for api in (token_client, session_client):
        for url, body in [
            (f"/api/v1/requests/{request.pk}/grant-special-approval/", {"reason": "x"}),
            (f"/api/v1/requests/{request.pk}/deny/", {"reason": "x", "criteria": ["1"]}),
            (f"/api/v1/requests/{submitted.pk}/verify-end-user/",
             {"channel": "embassy", "reference": "r", "verified_on": "2026-11-20"}),
        ]:
            response = api.post(url, body, format="json")
            assert response.status_code in (403, 404), (url, response.content)
    request.refresh_from_db()
    assert request.status == RequestStatus.END_USER_VERIFIED


def test_services_refuse_administrators():
    administrator = factories.AdministratorFactory()
    request = factories.verified_request()
    with pytest.raises(NotPermitted):
        special_approval.grant_special_approval(actor=administrator, request=request, reason="x")
    with pytest.raises(NotPermitted):
        requests.deny_request(actor=administrator, request=request, reason="x", criteria=["1"])


def test_an_approver_cannot_also_be_an_administrator():
    approver = factories.ApproverFactory()
    approver.is_superuser = True
    with pytest.raises(ValidationError):
        approver.full_clean(exclude=["password"])


def test_a_role_change_is_audited_and_announced(admin_client,
                                                django_capture_on_commit_callbacks):
    other_admin = factories.AdministratorFactory()
    officer = factories.OfficerFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/accounts/user/{officer.pk}/change/", {
            "email": officer.email, "full_name": officer.full_name, "role": Role.APPROVER,
            "organisation": "", "is_active": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    officer.refresh_from_db()
    assert officer.role == Role.APPROVER
    event = AuditEvent.objects.get(action="user.role_changed", object_id=str(officer.pk))
    assert event.actor == admin_client.administrator
    assert event.before["role"] == "officer" and event.after["role"] == "approver"
    recipients = {address for message in mail.outbox for address in message.to}
    assert {officer.email, other_admin.email} <= recipients


def test_an_administrator_cannot_change_their_own_role(admin_client):
    me = admin_client.administrator
    admin_client.post(f"/admin/accounts/user/{me.pk}/change/", {
        "email": me.email, "full_name": me.full_name, "role": Role.APPROVER,
        "organisation": ""})
    me.refresh_from_db()
    assert me.role == Role.ADMINISTRATOR and me.is_superuser


def test_a_password_set_by_an_administrator_is_audited_and_revokes_tokens(
        admin_client, django_capture_on_commit_callbacks):
    approver = factories.ApproverFactory()
    issue_token(approver)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/accounts/user/{approver.pk}/password/", {
            "password1": "a-new-long-passphrase-42", "password2": "a-new-long-passphrase-42",
            "usable_password": "true"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=approver).exists()
    assert AuditEvent.objects.filter(action="user.password_changed",
                                     object_id=str(approver.pk)).exists()
    assert any(approver.email in message.to for message in mail.outbox)


def test_resetting_a_second_factor_is_audited(admin_client):
    approver = factories.ApproverFactory()
    device = TOTPDevice.objects.create(user=approver, name="app", confirmed=True)
    response = admin_client.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/",
                                 {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.filter(action="user.second_factor_reset",
                                     object_id=str(approver.pk)).exists()
    assert User.objects.filter(pk=approver.pk).exists()


@pytest.mark.parametrize("make_user, allowed", [
    (factories.ApplicantFactory, True), (factories.OfficerFactory, True),
    (factories.ApproverFactory, True), (factories.AuditorFactory, True),
    (factories.AgencyReviewerFactory, False), (factories.AdministratorFactory, False),
])
def test_halts_api_visibility_matches_the_web_page(api, client, make_user, allowed):
    user = make_user()
    api_status = api.as_user(user).get("/api/v1/halts/").status_code
    assert (api_status == 200) is allowed
    assert api_status in (200, 403)
