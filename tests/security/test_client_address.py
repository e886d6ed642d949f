"""V2: the client address comes from TRUSTED_PROXY_COUNT, for every rate limit and the
audit trail; a forged X-Forwarded-For buys no extra attempts."""

import pytest
from django.test import RequestFactory

from config.client_address import client_address
from licensing.models import AuditEvent
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("proxies, forwarded, expected", [
    (0, "198.51.100.1", "10.0.0.9"),  # no proxy trusted: the header is ignored
    (1, "198.51.100.1", "198.51.100.1"),
    (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client wrote the left part
    (2, "6.6.6.6, 198.51.100.1, 10.0.0.2", "198.51.100.1"),
    (1, "not-an-address", "10.0.0.9"),
    (1, "", "10.0.0.9"),
])
def test_the_client_is_the_address_the_outermost_trusted_proxy_saw(
        settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


def _forged_burst(client, url, n, method="get", **kwargs):
    codes = []
    for i in range(n):
        call = getattr(client, method)
        codes.append(call(url, REMOTE_ADDR="203.0.113.50",
                          HTTP_X_FORWARDED_FOR=f"192.0.2.{i % 250}", **kwargs).status_code)
    return codes


def test_public_verify_api_counts_the_peer_not_a_forged_header(api, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.PUBLIC_VERIFY_RATE = "5/minute"
    codes = _forged_burst(api, "/api/v1/verify/NO-SUCH-NUMBER/", 8)
    assert codes[:5] == [404] * 5
    assert set(codes[5:]) == {429}


def test_token_endpoint_counts_the_peer_not_a_forged_header(api, settings):
    from rest_framework.throttling import AnonRateThrottle

    settings.AXES_FAILURE_LIMIT = 1000  # the throttle, not the lock-out, is under test
    limit, _ = AnonRateThrottle().parse_rate(AnonRateThrottle().get_rate())
    codes = _forged_burst(api, "/api/v1/auth/token/", limit + 3, method="post",
                          data={"email": "nobody@example.test", "password": "x" * 12},
                          format="json")
    assert codes[:limit] == [400] * limit
    assert set(codes[limit:]) == {429}


def test_drf_is_told_the_same_number_of_proxies():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == settings.TRUSTED_PROXY_COUNT


def test_behind_one_proxy_the_audit_trail_records_the_address_it_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    applicant = factories.ApplicantFactory()
    client.force_login(applicant)
    client.post("/requests/new/", {}, REMOTE_ADDR="10.0.0.2",
                HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23")
    request = factories.draft_request(applicant, with_document=False)
    # A change made through the API behind the proxy carries the client's address.
    from rest_framework.test import APIClient
    api = APIClient()
    api.force_authenticate(applicant)
    response = api.post(f"/api/v1/requests/{request.pk}/withdraw/", {"reason": "No longer."},
                        format="json", REMOTE_ADDR="10.0.0.2",
                        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23")
    assert response.status_code == 200, response.content
    event = AuditEvent.objects.filter(action__contains="withdraw").latest("id")
    assert event.ip_address == "198.51.100.23"
