"""V6: with Redis unreachable the cache degrades; the token endpoint and public verification
answer as usual instead of 500."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

# Nothing listens on port 1: every connection is refused at once, as with Redis stopped.
DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": {"BACKEND": "config.cache.ResilientRedisCache",
                                   "LOCATION": DEAD_REDIS,
                                   "OPTIONS": {"socket_connect_timeout": 1}}}


def test_the_token_endpoint_answers_while_redis_is_down(api, redis_down):
    user = factories.ApplicantFactory()
    response = api.post("/api/v1/auth/token/",
                        {"email": user.email, "password": factories.PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["token"]


def test_public_verification_answers_while_redis_is_down(api, client, redis_down):
    assert api.get("/api/v1/verify/NO-SUCH-NUMBER/").status_code == 404
    assert client.get("/verify/NO-SUCH-NUMBER/").status_code in (200, 404)


def test_settings_use_the_degrading_cache():
    from django.conf import settings as django_settings
    from django.test.utils import override_settings  # noqa: F401 - documents the intent

    from config import settings as project_settings

    assert project_settings.CACHES["default"]["BACKEND"] == "config.cache.ResilientRedisCache"
    assert django_settings.REDIS_URL
