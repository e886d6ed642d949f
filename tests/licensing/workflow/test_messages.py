"""Refusals read as sentences, and history shows readable action names, never slugs."""

import pytest

from licensing.errors import NotPermitted, TransitionConflict
from licensing.services import requests
from licensing.services import special_approval as approval
from tests import factories
from tests.licensing.web.conftest import sign_in

pytestmark = pytest.mark.django_db


def test_a_wrong_state_is_refused_in_a_sentence_naming_the_state(officer):
    request = factories.verified_request()
    with pytest.raises(TransitionConflict) as conflict:
        requests.verify_end_user(actor=officer, request=request, channel="embassy",
                                 reference="Note", verified_on=request.submitted_at.date())
    assert conflict.value.message == (
        "The end user is verified on a submitted request; this one is end user verified.")


def test_a_wrong_role_is_refused_in_a_sentence_naming_who_may(officer):
    request = factories.verified_request()
    with pytest.raises(NotPermitted) as refused:
        approval.grant_special_approval(actor=officer, request=request, reason="ok")
    assert refused.value.message == "Only an approving authority may grant special approval."


def test_api_refusals_are_sentences(api, officer):
    request = factories.submitted_request()
    response = api.as_user(officer).post(f"/api/v1/requests/{request.pk}/withdraw/",
                                         {"reason": "No."}, format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == ("Only an applicant of the requesting organisation may "
                                         "withdraw it.")


def test_history_shows_readable_actions_and_states(api, client, officer):
    request = factories.verified_request(officer=officer)
    history = api.as_user(officer).get(f"/api/v1/requests/{request.pk}/").json()["history"]
    labels = [event["action_label"] for event in history]
    assert "End user verified" in labels and "Submitted" in labels
    page = sign_in(client, officer).get(f"/requests/{request.pk}/").content.decode()
    assert "request.end_user_verified" not in page
    assert "End user verified" in page
    assert "Submitted → End user verified" in page
