import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_applicant_creates_and_submits_a_request_through_the_api(api, applicant):
    client = api.as_user(applicant)
    data = factories.request_data()
    for key in ("issue_date", "expiry_date"):
        data["end_user_certificate"][key] = data["end_user_certificate"][key].isoformat()
    response = client.post("/api/v1/requests/", data, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert "submit" in [b["transition"] for b in body["blocked_transitions"]]
