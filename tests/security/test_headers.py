"""A Content-Security-Policy without inline scripts on every page, and no page that relies on
an inline script (it would stop working under the policy)."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import needs_second_factor
from tests import factories

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)


def script_sources(policy: str) -> str:
    for directive in policy.split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "script-src":
            return value
    for directive in policy.split(";"):
        name, _, value = directive.strip().partition(" ")
        if name == "default-src":
            return value
    raise AssertionError(f"no script-src or default-src in {policy!r}")


def assert_strict(response):
    policy = response["Content-Security-Policy"]
    sources = script_sources(policy)
    assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources, policy
    assert "frame-ancestors 'none'" in policy
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), INLINE_SCRIPT.search(body).group()


def verified(client, user):
    client.force_login(user)
    if needs_second_factor(user):
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.mark.parametrize("url", ["/accounts/login/", "/verify/", "/verify/NO-SUCH/",
                                 "/api/docs/", "/api/redoc/", "/admin/login/",
                                 "/api/v1/criteria/", "/no-such-page/"])
def test_public_pages_carry_a_strict_policy(client, url):
    assert_strict(client.get(url))


@pytest.mark.parametrize("make_user, urls", [
    (factories.ApplicantFactory, ["/requests/", "/requests/new/", "/halts/"]),
    (factories.OfficerFactory, ["/queue/", "/screening/search/", "/halts/"]),
    (factories.AuditorFactory, ["/audit/", "/audit/integrity/"]),
    (factories.AdministratorFactory, ["/admin/", "/admin/accounts/user/",
                                      "/admin/accounts/user/add/"]),
])
def test_signed_in_pages_carry_a_strict_policy(client, make_user, urls):
    verified(client, make_user())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_the_request_pages_carry_a_strict_policy(client):
    request = factories.submitted_request()
    verified(client, request.created_by)
    for url in (f"/requests/{request.pk}/", f"/requests/{request.pk}/screening/"):
        response = client.get(url)
        assert response.status_code == 200
        assert_strict(response)


def test_the_api_docs_load_their_script_from_a_url(client):
    page = client.get("/api/docs/").content.decode()
    script = re.findall(r'<script src="([^"]*script=[^"]*)"', page)
    assert script
    response = client.get(script[0].replace("&amp;", "&"))
    assert response.status_code == 200
    assert "SwaggerUIBundle" in response.content.decode()
