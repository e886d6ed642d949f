"""Schemathesis over /api/schema/, as an applicant and as an officer: no server errors and
no response that contradicts the schema (issue 15). Part of `make test` and CI.

Bounded so that the whole module takes a couple of minutes: the schema's own examples, then
FUZZ_MAX_EXAMPLES generated cases per operation (default 10; raise it for a deeper run, e.g.
`FUZZ_MAX_EXAMPLES=50 pytest tests/security/test_fuzz_api_schema.py`). Schemathesis'
coverage phase (boundary values of every parameter, dozens of cases per operation whatever
max_examples says) is off for the same reason."""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from tests import factories

pytestmark = pytest.mark.django_db

def _load_schema():
    """What /api/schema/ serves, generated here (collection runs before any database)."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = application  # called straight through WSGI
    loaded.config.phases.coverage.enabled = False  # unbounded by max_examples: see above
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """As Django's test client does, requests must not close the test's database
    connection (it holds the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _token(user):
    from accounts.tokens import issue_token

    return issue_token(user).key


@pytest.fixture
def applicant_token(db):
    user = factories.ApplicantFactory()
    factories.submitted_request(user)
    factories.draft_request(user)
    return _token(user)


@pytest.fixture
def officer_token(db):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = factories.OfficerFactory()
    TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    factories.submitted_request()
    return _token(user)


FUZZ = settings(max_examples=int(os.environ.get("FUZZ_MAX_EXAMPLES", "10")), deadline=None,
               suppress_health_check=list(HealthCheck))


def _call(case, token):
    case.headers = {**(case.headers or {}), "Authorization": f"Token {token}"}
    # Server errors and responses that contradict the schema; undocumented error statuses
    # (400, 403, 404, 409 on made-up input) are not schema violations.
    case.call_and_validate(headers=case.headers,
                           checks=[not_a_server_error, response_schema_conformance])


@schema.parametrize()
@FUZZ
def test_the_api_keeps_to_its_schema_for_an_applicant(case, applicant_token, settings_for_fuzz):
    _call(case, applicant_token)


@schema.parametrize()
@FUZZ
def test_the_api_keeps_to_its_schema_for_an_officer(case, officer_token, settings_for_fuzz):
    _call(case, officer_token)


@pytest.fixture
def settings_for_fuzz(settings):
    settings.AXES_ENABLED = False
    settings.PUBLIC_VERIFY_RATE = "100000/minute"
