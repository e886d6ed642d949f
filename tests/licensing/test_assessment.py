"""The criterion-by-criterion assessment (docs/consultation.md): an outcome, reasoning and
evidence per criterion, for the destination or one party or item; a grant needs every
mandatory criterion assessed."""

import pytest

from licensing.errors import InvalidInput, NotPermitted, TransitionRefused
from licensing.models import Assessment, AuditAction, AuditEvent, Criterion
from licensing.services import assessment, special_approval
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_mandatory_criteria_are_the_eu_common_position_eight_and_the_att_articles():
    assert set(Criterion.objects.filter(mandatory=True).values_list("code", flat=True)) == {
        "1", "2", "3", "4", "5", "6", "7", "8", "ATT-6.1", "ATT-6.2", "ATT-6.3", "ATT-7",
        "ATT-11"}


def test_a_grant_without_every_mandatory_criterion_assessed_is_refused():
    officer = factories.OfficerFactory()
    request = factories.verified_request(officer=officer, assessed=False)
    for code in ("1", "2", "3", "4", "5", "6", "7", "8", "ATT-6.1", "ATT-6.2", "ATT-6.3"):
        assessment.assess_criterion(actor=officer, request=request, criterion=code,
                                    outcome="no_concern", reasoning="Checked.")
    with pytest.raises(TransitionRefused) as refused:
        special_approval.grant_special_approval(actor=factories.ApproverFactory(),
                                                request=request, reason="OK")
    assert refused.value.problems == [
        "Assess every mandatory criterion before the grant; not yet: ATT-11, ATT-7."]
    for code in ("ATT-7", "ATT-11"):
        assessment.assess_criterion(actor=officer, request=request, criterion=code,
                                    outcome="no_concern", reasoning="Checked.")
    special_approval.grant_special_approval(actor=factories.ApproverFactory(),
                                            request=request, reason="OK")


def test_an_assessment_is_per_party_or_item_with_evidence_from_the_request():
    officer = factories.OfficerFactory()
    request = factories.verified_request(officer=officer, assessed=False)
    end_user = request.parties.get(role="end_user")
    document = request.documents.get()
    recorded = assessment.assess_criterion(
        actor=officer, request=request, criterion="7", outcome="concern",
        reasoning="The end user re-exported before.", party=end_user.pk,
        documents=[document.pk])
    assert recorded.scope_label == end_user.name
    assert list(recorded.documents.all()) == [document]
    # Assessing again for the same scope replaces the earlier assessment.
    assessment.assess_criterion(actor=officer, request=request, criterion="7",
                                outcome="no_concern", reasoning="Explained by the embassy.",
                                party=end_user.pk)
    assert Assessment.objects.get(request=request, criterion__code="7").outcome == "no_concern"
    assert AuditEvent.objects.filter(request=request,
                                     action=AuditAction.CRITERION_ASSESSED).count() == 2


def test_bad_input_is_refused_field_by_field_and_nothing_is_recorded():
    officer = factories.OfficerFactory()
    request = factories.verified_request(officer=officer, assessed=False)
    other = factories.verified_request(assessed=False)
    with pytest.raises(InvalidInput) as bad:
        assessment.assess_criterion(actor=officer, request=request, criterion="99",
                                    outcome="maybe", reasoning=" ",
                                    item=other.items.get().pk,
                                    documents=[other.documents.get().pk])
    assert set(bad.value.field_errors) == {"criterion", "outcome", "reasoning", "item",
                                           "documents"}
    assert not request.assessments.exists()


def test_only_caseworkers_assess():
    request = factories.verified_request(assessed=False)
    for someone in (factories.AuditorFactory(), factories.AgencyReviewerFactory(),
                    request.created_by):
        with pytest.raises(NotPermitted):
            assessment.assess_criterion(actor=someone, request=request, criterion="1",
                                        outcome="no_concern", reasoning="x")
