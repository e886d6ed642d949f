"""V4: JSON bodies beyond the configured depth or size get 400, never a 500."""

import pytest

from licensing.api.parsers import json_depth_exceeds
from licensing.models import ShipmentRequest

pytestmark = pytest.mark.django_db


def test_a_body_nested_100000_deep_is_refused_with_400(api, applicant):
    response = api.as_user(applicant).post(
        "/api/v1/requests/", "[" * 100_000, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]
    assert not ShipmentRequest.objects.exists()


def test_the_depth_limit_is_a_setting(api, applicant, settings):
    settings.API_MAX_JSON_DEPTH = 3
    body = '{"parties": [{"name": {"x": 1}}]}'
    response = api.as_user(applicant).post("/api/v1/requests/", body,
                                           content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_a_body_beyond_the_size_limit_is_refused_with_400(api, applicant, settings):
    settings.API_MAX_JSON_BYTES = 1000
    body = '{"end_use": "' + "x" * 2000 + '"}'
    response = api.as_user(applicant).post("/api/v1/requests/", body,
                                           content_type="application/json")
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_the_token_endpoint_refuses_deep_bodies_too(api):
    response = api.post("/api/v1/auth/token/", '{"email": ' + "[" * 5000 + "]" * 5000 + "}",
                        content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("text, deep", [
    ('{"a": "[[[[[[[[[[[[[[[[[[[[[["}', False),  # brackets inside a string do not count
    ('{"a": "\\"[[[[[[[[[[[[[[[[[[[["}', False),  # nor after an escaped quote
    ("[[[[]]]]", True),
    ("[[[]]]", False),
])
def test_depth_is_counted_outside_strings(text, deep):
    assert json_depth_exceeds(text.encode(), 3) is deep
