"""Consultation on the web: the reviewer's home queue, the request page's consultation and
assessment sections, advice and drafts, the queue's consultation column
(docs/consultation.md)."""

import pytest
from django.urls import reverse

from licensing.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db


def in_consultation(**kwargs):
    return factories.verified_request(consulted=False, **kwargs)


def referral_of(request, code) -> Referral:
    return request.referrals.get(body=factories.body(code))


def test_the_reviewers_home_is_his_bodys_queue_oldest_due_first(signed_in):
    first, second = in_consultation(), in_consultation()
    client = signed_in(factories.reviewer_of("defence"))
    home = client.get("/")
    assert home.status_code == 302 and home.url == reverse("web:referral-queue")
    page = client.get(reverse("web:referral-queue")).content.decode()
    assert page.index(first.applicant_reference) < page.index(second.applicant_reference)


def test_a_reviewer_sees_the_whole_case_referred_to_his_body_and_nothing_else(signed_in):
    request = in_consultation()
    page = signed_in(factories.reviewer_of("defence")).get(
        reverse("web:request-detail", args=[request.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for part in ("Polish Armed Forces", "7.62x39 mm ball cartridges", "euc.pdf",
                 'id="consultation"', "Give the advice"):
        assert part in html
    assert 'id="assessment"' not in html  # the officer's own working
    stranger = factories.reviewer_of(factories.ConsultedBodyFactory())
    assert signed_in(stranger).get(
        reverse("web:request-detail", args=[request.pk])).status_code == 404


def test_a_reviewer_saves_a_draft_then_gives_advice_with_a_proviso_on_the_page(signed_in):
    request = in_consultation()
    referral = referral_of(request, "defence")
    client = signed_in(factories.reviewer_of("defence"))
    url = reverse("web:referral-advice", args=[referral.pk])
    prefix = f"advice-{referral.pk}"
    draft = client.post(url, {f"{prefix}-outcome": "consent_with_conditions",
                              f"{prefix}-provisos": "Attaché verifies delivery.",
                              "save": "draft"})
    assert draft.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "pending" and not referral.advice.is_submitted
    officer_page = signed_in(factories.OfficerFactory()).get(
        reverse("web:request-detail", args=[request.pk])).content.decode()
    assert "Attaché verifies delivery." not in officer_page
    client = signed_in(factories.reviewer_of("defence"))
    given = client.post(url, {f"{prefix}-outcome": "consent_with_conditions",
                              f"{prefix}-provisos": "Attaché verifies delivery.",
                              "save": "submit"})
    assert given.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "advice_given"
    officer_page = signed_in(factories.OfficerFactory()).get(
        reverse("web:request-detail", args=[request.pk])).content.decode()
    assert "Attaché verifies delivery." in officer_page


def test_an_objection_without_criteria_is_shown_again_with_the_message(signed_in):
    request = in_consultation()
    referral = referral_of(request, "defence")
    prefix = f"advice-{referral.pk}"
    response = signed_in(factories.reviewer_of("defence")).post(
        reverse("web:referral-advice", args=[referral.pk]),
        {f"{prefix}-outcome": "objection", "save": "submit"})
    assert response.status_code == 400
    assert "An objection cites at least one criterion." in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_another_bodys_reviewer_cannot_post_advice_on_a_referral_he_cannot_see(signed_in):
    request = in_consultation()
    referral = referral_of(request, "defence")
    stranger = factories.reviewer_of(factories.ConsultedBodyFactory())
    response = signed_in(stranger).post(reverse("web:referral-advice", args=[referral.pk]),
                                        {f"advice-{referral.pk}-outcome": "consent"})
    assert response.status_code == 404
    # A reviewer of another referred body sees the case, but defence's referral is not his
    # to act on: not found from where he stands.
    interior = signed_in(factories.reviewer_of("interior")).post(
        reverse("web:referral-advice", args=[referral.pk]),
        {f"advice-{referral.pk}-outcome": "consent"})
    assert interior.status_code == 404
    referral.refresh_from_db()
    assert referral.status == "pending"


def test_the_queue_shows_the_consultation_state(signed_in):
    request = in_consultation()
    factories.give_advice(referral_of(request, "defence"))
    factories.give_advice(referral_of(request, "interior"))
    page = signed_in(factories.OfficerFactory()).get(reverse("web:queue")).content.decode()
    assert "2 of 4 consents" in page


def test_the_officer_assesses_a_criterion_with_the_grouped_picker(signed_in):
    officer = factories.OfficerFactory()
    request = factories.verified_request(officer=officer, assessed=False)
    client = signed_in(officer)
    page = client.get(reverse("web:request-detail", args=[request.pk])).content.decode()
    assert "data-picker-filter" in page and "EU Common Position 2008/944/CFSP" in page
    assert "Mandatory criteria not yet assessed" in page
    response = client.post(reverse("web:request-assess", args=[request.pk]), {
        "assessment-criterion": "7", "assessment-outcome": "concern",
        "assessment-reasoning": "Transit via a diversion-risk country.",
        "assessment-scope": f"party-{request.parties.get(role='end_user').pk}"})
    assert response.status_code == 302
    assessment = request.assessments.get()
    assert assessment.criterion.code == "7" and assessment.party.role == "end_user"
    bad = client.post(reverse("web:request-assess", args=[request.pk]),
                      {"assessment-outcome": "concern"})
    assert bad.status_code == 400
    assert "Choose a criterion." in bad.content.decode()
    assert request.assessments.count() == 1


def test_a_case_decided_while_referred_moves_to_the_end_of_the_reviewers_queue(signed_in):
    decided, waiting = in_consultation(), in_consultation()
    factories.requests.deny_request(actor=factories.OfficerFactory(), request=decided,
                                    reason="Diversion risk.", criteria=["7"])
    page = signed_in(factories.reviewer_of("defence")).get(
        reverse("web:referral-queue")).content.decode()
    assert page.index(waiting.applicant_reference) < page.index(decided.applicant_reference)
    assert "Case denied" in page
