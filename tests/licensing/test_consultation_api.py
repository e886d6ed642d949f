"""Consultation in the API: `GET /api/v1/referrals/`, `POST /api/v1/referrals/{id}/advice/`
and the rest (docs/consultation.md). The API, the page and the service agree: the same
visibility (another body's case is 404), the same refusals."""

import pytest

from licensing.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db


def in_consultation():
    return factories.verified_request(consulted=False)


def referral_of(request, code) -> Referral:
    return request.referrals.get(body=factories.body(code))


def test_a_reviewer_lists_only_his_bodys_referrals_oldest_due_first(api):
    first, second = in_consultation(), in_consultation()
    reviewer = factories.reviewer_of("defence")
    response = api.as_user(reviewer).get("/api/v1/referrals/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["request"] for r in rows] == [first.pk, second.pk]
    assert {r["body"]["code"] for r in rows} == {"defence"}
    assert rows[0]["advice"] is None and rows[0]["status"] == "pending"


def test_a_case_not_referred_to_the_reviewers_body_is_not_found(api):
    request = in_consultation()
    reviewer = factories.reviewer_of(factories.ConsultedBodyFactory())
    client = api.as_user(reviewer)
    assert client.get(f"/api/v1/requests/{request.pk}/").status_code == 404
    assert client.get(f"/api/v1/referrals/{referral_of(request, 'defence').pk}/"
                      ).status_code == 404
    assert client.post(f"/api/v1/referrals/{referral_of(request, 'defence').pk}/advice/",
                       {"outcome": "consent"}, format="json").status_code == 404
    assert client.get("/api/v1/referrals/").json()["results"] == []
    # His own body's reviewer sees the case.
    assert api.as_user(factories.reviewer_of("defence")).get(
        f"/api/v1/requests/{request.pk}/").status_code == 200


def test_advice_is_given_through_the_api_and_a_draft_is_seen_only_by_its_body(api):
    request = in_consultation()
    defence = referral_of(request, "defence")
    url = f"/api/v1/referrals/{defence.pk}/advice/"
    reviewer = factories.reviewer_of("defence")
    draft = api.as_user(reviewer).post(url, {"outcome": "objection", "submit": False},
                                       format="json")
    assert draft.status_code == 201
    assert draft.json()["advice"]["submitted"] is False
    # Another body's reviewer sees the defence referral on the shared case, not its draft.
    other = api.as_user(factories.reviewer_of("interior")).get(
        f"/api/v1/requests/{request.pk}/referrals/").json()
    assert {r["body"]["code"]: r["advice"] for r in other}["defence"] is None
    assert api.as_user(factories.OfficerFactory()).get(
        f"/api/v1/referrals/{defence.pk}/").json()["advice"] is None
    given = api.as_user(reviewer).post(url, {"outcome": "objection", "criteria": ["7"],
                                             "reasoning": "Diversion risk."}, format="json")
    assert given.status_code == 201
    assert given.json()["status"] == "advice_given"
    assert given.json()["advice"]["criteria"] == ["7"]
    seen_by_interior = api.as_user(factories.reviewer_of("interior")).get(
        f"/api/v1/requests/{request.pk}/referrals/").json()
    assert {r["body"]["code"]: r["advice"] and r["advice"]["outcome"]
            for r in seen_by_interior}["defence"] == "objection"


def test_bad_advice_is_400_with_field_messages_and_changes_nothing(api):
    request = in_consultation()
    defence = referral_of(request, "defence")
    client = api.as_user(factories.reviewer_of("defence"))
    response = client.post(f"/api/v1/referrals/{defence.pk}/advice/",
                           {"outcome": "objection", "criteria": ["99"]}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"criteria"}
    response = client.post(f"/api/v1/referrals/{defence.pk}/advice/",
                           {"outcome": "veto"}, format="json")
    assert response.status_code == 400 and "outcome" in response.json()
    defence.refresh_from_db()
    assert defence.status == "pending" and not hasattr(defence, "advice")


def test_the_grant_is_refused_with_the_reasons_and_allowed_with_an_override(api):
    request = in_consultation()
    factories.give_advice(referral_of(request, "defence"), "objection", criteria=["7"],
                          reasoning="Diversion risk.")
    client = api.as_user(factories.ApproverFactory())
    url = f"/api/v1/requests/{request.pk}/grant-special-approval/"
    detail = client.get(f"/api/v1/requests/{request.pk}/").json()
    notices = {r["transition"]: r["requirements"] for r in detail["transition_requirements"]}
    assert any("Ministry of Defence objects" in n for n in notices["grant-special-approval"])
    refused = client.post(url, {"reason": "Allied forces."}, format="json")
    assert refused.status_code == 400
    assert any("Ministry of Defence objects" in p for p in refused.json()["problems"])
    granted = client.post(url, {"reason": "Allied forces.",
                                "consultation_override_reason": "Council decision 12/2026."},
                          format="json")
    assert granted.status_code in (200, 201), granted.json()


def test_questions_and_answers_through_the_api(api):
    request = in_consultation()
    defence = referral_of(request, "defence")
    asked = api.as_user(factories.reviewer_of("defence")).post(
        f"/api/v1/referrals/{defence.pk}/questions/", {"text": "Which carrier?"},
        format="json")
    assert asked.status_code == 201
    question = asked.json()["questions"][0]
    assert question["answered_on"] is None
    answered = api.as_user(factories.OfficerFactory()).post(
        f"/api/v1/referrals/{defence.pk}/questions/{question['id']}/answer/",
        {"answer": "The state carrier."}, format="json")
    assert answered.status_code == 200
    assert answered.json()["questions"][0]["answer"] == "The state carrier."


def test_the_officer_adds_the_council_and_the_applicant_sees_no_referrals(api):
    request = in_consultation()
    response = api.as_user(factories.OfficerFactory()).post(
        f"/api/v1/requests/{request.pk}/referrals/", {"body": "council", "reason": "Route"},
        format="json")
    assert response.status_code == 201
    assert "council" in {r["body"]["code"] for r in response.json()}
    assert api.as_user(request.created_by).get("/api/v1/referrals/").json()["results"] == []
    assert api.as_user(request.created_by).get(
        f"/api/v1/requests/{request.pk}/referrals/").json() == []


def test_the_openapi_schema_types_referrals_and_advice(api):
    schema = api.as_user(factories.OfficerFactory()).get("/api/schema/?format=json").json()
    advice = schema["paths"]["/api/v1/referrals/{id}/advice/"]["post"]
    assert advice["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/AdviceInputRequest")
    properties = schema["components"]["schemas"]["AdviceInputRequest"]["properties"]
    assert {"outcome", "criteria", "reasoning", "provisos", "submit"} <= set(properties)
    listing = schema["paths"]["/api/v1/referrals/"]["get"]
    assert "200" in listing["responses"]
    assert "ReferralOutput" in schema["components"]["schemas"]
