"""Database errors answer JSON 503 on the API and a friendly page on the web, never a
traceback or an HTML 500."""

import pytest
from django.db import OperationalError
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_drops(monkeypatch):
    """The database connection fails on the next query, as when the server is restarted or
    a connection is killed under the process."""
    def fail(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def arm(target):
        monkeypatch.setattr(target, "get_visible_request", fail)
    return arm


def test_the_api_answers_json_503_when_the_database_drops(api, applicant, monkeypatch):
    from licensing import selectors

    request = factories.draft_request(applicant, with_document=False)
    monkeypatch.setattr(selectors, "get_visible_request", _raise_operational)
    monkeypatch.setattr(selectors, "request_detail_queryset", _raise_operational)
    response = api.as_user(applicant).get(f"/api/v1/requests/{request.pk}/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Retry-After"]
    assert "database" in response.json()["detail"]


def test_outside_drf_views_the_api_still_answers_json_503(settings, monkeypatch):
    """A failure in a middleware (here: the session store) reaches handler500."""
    from django.contrib.sessions.backends import db as session_db

    monkeypatch.setattr(session_db.SessionStore, "load", _raise_operational)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/api/v1/criteria/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert "Traceback" not in response.content.decode()


def test_the_web_shows_a_friendly_page_not_a_traceback(monkeypatch):
    from django.contrib.sessions.backends import db as session_db

    monkeypatch.setattr(session_db.SessionStore, "load", _raise_operational)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/queue/")
    assert response.status_code == 503
    body = response.content.decode()
    assert "Briefly unavailable" in body
    assert "OperationalError" not in body and "Traceback" not in body


def test_other_api_failures_are_json_500(monkeypatch):
    from django.contrib.sessions.backends import db as session_db

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(session_db.SessionStore, "load", boom)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    response = client.get("/api/v1/criteria/")
    assert response.status_code == 500
    assert response.json()["detail"]


def _raise_operational(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")
