"""The API of denied-party screening: look-up, marking a false positive and revoking it."""

from pathlib import Path

import pytest

from licensing.models import AuditEvent, FalsePositiveMark
from licensing.services.list_imports import import_denied_party_list
from tests import factories

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parent / "data"
SEARCH = "/api/v1/screening/search"


@pytest.fixture
def national_list(db):
    return import_denied_party_list(actor=None, list_name="National list", fmt="national",
                                    paths=[DATA / "national_list.csv"])


def test_an_official_searches_the_lists_by_name(api, officer, national_list):
    response = api.as_user(officer).get(SEARCH, {"name": "Ivanov Sergey", "country": "ru"})
    assert response.status_code == 200
    body = response.json()
    assert body["country"] == "RU"
    [result] = body["results"]
    assert result["list"] == "National list"
    assert result["list_version"] == 1
    assert result["entry"]["source_id"] == "NAT-0007"
    assert result["entry"]["name"] == "IVANOV, Sergei Petrovich"
    assert result["matched_name"]
    assert result["score"] >= 86
    assert result["reasons"]


def test_the_search_also_answers_with_a_trailing_slash_and_in_cyrillic(api, auditor,
                                                                       national_list):
    response = api.as_user(auditor).get(SEARCH + "/", {"name": "Панонија Комерц"})
    assert response.status_code == 200
    assert response.json()["results"][0]["entry"]["source_id"] == "NAT-0005"


def test_nothing_found_is_an_empty_list(api, officer, national_list):
    response = api.as_user(officer).get(SEARCH, {"name": "Polish Armed Forces"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_applicants_may_not_search(api, applicant, national_list):
    response = api.as_user(applicant).get(SEARCH, {"name": "Ivanov"})
    assert response.status_code == 403


def test_anonymous_callers_may_not_search(api, national_list):
    assert api.get(SEARCH, {"name": "Ivanov"}).status_code in (401, 403)


@pytest.mark.parametrize("params", [{}, {"name": ""}, {"name": "x"}, {"name": "Ivanov",
                                                                       "country": "Russia"},
                                    {"name": "Ivanov", "limit": 0},
                                    {"name": "Ivanov", "threshold": 10}])
def test_bad_search_input_is_a_400_with_field_messages(api, officer, params):
    response = api.as_user(officer).get(SEARCH, params)
    assert response.status_code == 400
    assert set(response.json()) <= {"name", "country", "limit", "threshold"}
    assert response.json()


def _request_with_match():
    return factories.submitted_request(parties=[
        {"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
         "address": "Warsaw", "end_user_type": "armed_forces"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
         "address": "Warsaw", "end_user_type": ""},
        {"role": "freight_forwarder", "name": "Kovacevic Dragana", "country": "BA",
         "address": "Sarajevo", "end_user_type": ""}])


def test_an_officer_marks_a_match_as_a_false_positive_and_revokes_it(api, officer,
                                                                      national_list):
    request = _request_with_match()
    client = api.as_user(officer)
    detail = client.get(f"/api/v1/requests/{request.pk}/").json()
    [finding] = [f for f in detail["screening"]["findings"] if f["check"] == "denied_party"]
    assert finding["evidence"]["entry"]["source_id"] == "NAT-0012"

    url = f"/api/v1/requests/{request.pk}/findings/{finding['id']}/mark-false-positive/"
    assert client.post(url, {}, format="json").status_code == 400
    assert FalsePositiveMark.objects.count() == 0
    response = client.post(url, {"reason": "Another person: born 1990, per passport."},
                           format="json")
    assert response.status_code == 201
    mark = response.json()
    assert mark["list"] == "National list"
    assert mark["entry_source_id"] == "NAT-0012"
    assert mark["party_name_key"] == "kovacevic dragana"
    assert mark["party_country"] == "BA"
    assert mark["active"] is True
    assert mark["marked_by"] == officer.email
    assert client.post(url, {"reason": "again"}, format="json").status_code == 409

    listed = client.get("/api/v1/false-positive-marks/", {"active": "true"}).json()
    assert [m["id"] for m in listed] == [mark["id"]]

    revoke = f"/api/v1/false-positive-marks/{mark['id']}/revoke/"
    assert client.post(revoke, {"reason": ""}, format="json").status_code == 400
    response = client.post(revoke, {"reason": "Same person after all."}, format="json")
    assert response.status_code == 200
    assert response.json()["active"] is False
    assert response.json()["revoked_by"] == officer.email
    assert client.post(revoke, {"reason": "again"}, format="json").status_code == 409
    assert AuditEvent.objects.filter(action__startswith="false_positive.").count() == 2


def test_applicants_and_auditors_cannot_mark_or_revoke(api, national_list, auditor):
    request = _request_with_match()
    finding = request.findings.get(check_name="denied_party")
    url = f"/api/v1/requests/{request.pk}/findings/{finding.pk}/mark-false-positive/"
    response = api.as_user(request.created_by).post(url, {"reason": "mine"}, format="json")
    assert response.status_code == 404
    response = api.as_user(auditor).post(url, {"reason": "x"}, format="json")
    assert response.status_code == 403
    mark = FalsePositiveMark.objects.create(
        denied_party_list=national_list.denied_party_list, entry_source_id="NAT-0012",
        party_name_key="kovacevic dragana", reason="r", marked_by=factories.OfficerFactory())
    revoke = f"/api/v1/false-positive-marks/{mark.pk}/revoke/"
    assert api.as_user(request.created_by).post(revoke, {"reason": "x"},
                                                format="json").status_code == 403
    assert api.as_user(auditor).post(revoke, {"reason": "x"}, format="json").status_code == 403
    mark.refresh_from_db()
    assert mark.revoked_at is None


def test_unknown_findings_and_marks_are_404(api, officer, national_list):
    request = _request_with_match()
    client = api.as_user(officer)
    url = f"/api/v1/requests/{request.pk}/findings/999999/mark-false-positive/"
    assert client.post(url, {"reason": "x"}, format="json").status_code == 404
    assert client.post("/api/v1/false-positive-marks/999999/revoke/", {"reason": "x"},
                       format="json").status_code == 404


def test_a_finding_of_another_check_cannot_be_marked(api, officer, national_list):
    request = factories.submitted_request(parties=[
        {"role": "end_user", "name": "Dunav Trading LLC", "country": "PL", "address": "x",
         "end_user_type": "trader_broker"},
        {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL", "address": "x",
         "end_user_type": ""}])
    finding = request.findings.get(check_name="end_user_trader")
    url = f"/api/v1/requests/{request.pk}/findings/{finding.pk}/mark-false-positive/"
    response = api.as_user(officer).post(url, {"reason": "x"}, format="json")
    assert response.status_code == 400
    assert "finding" in response.json()
