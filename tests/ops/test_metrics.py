"""/metrics: off unless enabled, bearer-token protected when a token is set, and reporting
requests by state, screening latency, queue depth and list ages from the database."""

import pytest

from licensing.services.list_imports import import_denied_party_list
from tests import factories
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.django_db

NATIONAL = REPO_ROOT / "tests" / "licensing" / "data" / "national_list.csv"


def test_metrics_are_off_unless_enabled(client, settings):
    settings.METRICS_ENABLED = False
    assert client.get("/metrics").status_code == 404


def test_a_token_protects_the_metrics(client, settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = "scrape-token-123"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-123").status_code == 200


def test_the_metrics_describe_the_deployment(client, settings):
    settings.METRICS_ENABLED = True
    settings.METRICS_TOKEN = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    factories.draft_request()
    import_denied_party_list(actor=None, list_name="National list", fmt="national",
                             paths=[NATIONAL])
    text = client.get("/metrics").content.decode()
    assert 'licensing_requests{state="draft"} 1.0' in text
    assert 'licensing_requests{state="denied"} 0.0' in text
    assert "licensing_screening_latency_seconds_count" in text
    assert 'licensing_screening_latency_quantile_seconds{quantile="0.95"}' in text
    assert f'licensing_queue_depth{{queue="{settings.CELERY_TASK_DEFAULT_QUEUE}"}}' in text
    assert 'licensing_list_age_seconds{list="National list"}' in text
