"""Sign-in: password for everyone, then TOTP for officials (enrolment on first sign-in);
lock-out after repeated failures; sign-out and password change."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.auth import demo_totp_key
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def current_code(device) -> str:
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if totp.t() <= device.last_t:  # this step's code is spent: the next one is accepted too
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def password_step(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"username": user.email.upper(), "password": password})


def test_an_applicant_signs_in_with_a_password_alone(client, applicant):
    response = password_step(client, applicant)
    assert response.status_code == 302
    assert client.get("/", follow=True).request["PATH_INFO"] == "/requests/"


def test_an_official_must_pass_totp_before_reaching_anything(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True,
                                       key=demo_totp_key(officer.email))
    response = password_step(client, officer)
    assert response["Location"].startswith("/accounts/two-factor/")
    # Every other page (and the API through the session) waits for the second factor.
    assert client.get("/queue/")["Location"].startswith("/accounts/two-factor/?next=%2Fqueue%2F")
    assert client.get("/api/v1/requests/").status_code == 403
    wrong = client.post("/accounts/two-factor/?next=/queue/", {"token": "000000"})
    assert wrong.status_code == 400
    assert "not right" in wrong.content.decode()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post("/accounts/two-factor/?next=/queue/", {"token": current_code(device),
                                                            "next": "/queue/"})
    assert ok["Location"] == "/queue/"
    assert client.get("/queue/").status_code == 200


def test_a_code_is_accepted_once_only(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="app", confirmed=True)
    password_step(client, officer)
    code = current_code(device)
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 302
    client.post("/accounts/logout/")
    password_step(client, officer)
    assert client.post("/accounts/two-factor/", {"token": code}).status_code == 400


def test_first_sign_in_enrols_an_authenticator_with_a_qr_code(client, approver):
    response = password_step(client, approver)
    assert response["Location"].startswith("/accounts/two-factor/setup/")
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "<svg" in html  # the QR code, inline
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', html).group(1)
    device = TOTPDevice.objects.get(user=approver, confirmed=False)
    assert secret
    confirmed = client.post(response["Location"], {"token": current_code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/queue/").status_code == 200


def test_a_second_enrolment_is_refused_once_a_device_is_confirmed(client, auditor):
    TOTPDevice.objects.create(user=auditor, name="app", confirmed=True)
    password_step(client, auditor)
    assert client.get("/accounts/two-factor/setup/")["Location"].startswith(
        "/accounts/two-factor/")
    assert TOTPDevice.objects.filter(user=auditor).count() == 1


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, api,
                                                                          applicant, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert password_step(client, applicant, "wrong password").status_code == 200
    # The failure that reaches the limit locks the account at once.
    assert password_step(client, applicant, "wrong password").status_code == 429
    locked = password_step(client, applicant)
    assert locked.status_code == 429
    assert "locked" in locked.content.decode()
    # The API's token endpoint is refused for the locked account too.
    token = api.post("/api/v1/auth/token/", {"email": applicant.email, "password": PASSWORD},
                     format="json")
    assert token.status_code == 429
    assert "token" not in token.json()


def test_the_token_endpoint_still_works_with_axes(api, applicant):
    response = api.post("/api/v1/auth/token/", {"email": applicant.email, "password": PASSWORD},
                        format="json")
    assert response.status_code == 200
    assert response.json()["token"]


def test_sign_out_and_password_change(signed_in, officer):
    client = signed_in(officer)
    response = client.post("/accounts/password/", {
        "old_password": PASSWORD, "new_password1": "a-much-longer-new-passphrase",
        "new_password2": "a-much-longer-new-passphrase"})
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.check_password("a-much-longer-new-passphrase")
    assert client.get("/queue/").status_code == 200  # still signed in, still verified
    client.post("/accounts/logout/")
    assert client.get("/queue/")["Location"].startswith("/accounts/login/")
