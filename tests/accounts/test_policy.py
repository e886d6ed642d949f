"""Who may do what is answered in one place: accounts/policy.py. Everywhere else asks it by
name; this test fails on a role compared anywhere else in the code or the templates."""

import re
from pathlib import Path

import pytest

from accounts import policy
from accounts.models import Role
from tests import factories

REPO = Path(__file__).resolve().parents[2]
# A user's role read or compared (a party's role on a request is another thing).
ROLE_COMPARISON = re.compile(
    r"\b(user|actor|viewer|account)\.role\b|\bhas_role\(|role__in=|\brole=Role\."
    r"|\bRole\.[A-Z]+\b.*(==|!=| in )|(==|!=| in ).*\bRole\.[A-Z]+\b")
ALLOWED = {
    REPO / "accounts" / "policy.py",      # the one place
    REPO / "accounts" / "models.py",      # the roles themselves and their constraints
}


def _sources():
    for folder in ("accounts", "licensing", "config", "templates"):
        for path in (REPO / folder).rglob("*"):
            if path.suffix in (".py", ".html") and "migrations" not in path.parts:
                yield path


def test_no_role_is_compared_outside_the_policy_module():
    offenders = []
    for path in _sources():
        if path in ALLOWED:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            # The audit trail records the role someone acted in: a read, not a decision.
            if ROLE_COMPARISON.search(line) and "actor_role=" not in line:
                offenders.append(f"{path.relative_to(REPO)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "caseworker", "sees_cases", "searches", "second_factor"), [
    (Role.APPLICANT, False, False, False, False),
    (Role.OFFICER, True, True, True, True),
    (Role.APPROVER, True, True, True, True),
    (Role.AUDITOR, False, True, True, True),
    (Role.AGENCY, False, False, False, False),
    (Role.ADMINISTRATOR, False, False, False, True),
])
def test_each_role_gets_its_answers(role, caseworker, sees_cases, searches, second_factor):
    user = factories.user_with_role(role)
    assert policy.is_caseworker(user) is caseworker
    assert policy.sees_every_case(user) is sees_cases
    assert policy.may_search_lists(user) is searches
    assert policy.needs_second_factor(user) is second_factor


@pytest.mark.django_db
def test_an_inactive_user_may_do_nothing():
    officer = factories.OfficerFactory(is_active=False)
    assert not policy.is_caseworker(officer)
    assert not policy.sees_every_case(officer)


@pytest.mark.django_db
def test_an_applicant_belongs_only_to_his_own_organisation():
    applicant = factories.ApplicantFactory()
    other = factories.ApplicantFactory()
    assert policy.belongs_to(applicant, applicant.organisation_id)
    assert not policy.belongs_to(applicant, other.organisation_id)
    assert not policy.belongs_to(factories.OfficerFactory(), applicant.organisation_id)


@pytest.mark.django_db
def test_a_reviewer_acts_only_for_his_own_body_and_officials_see_every_referral():
    defence, interior = factories.body("defence"), factories.body("interior")
    reviewer = factories.reviewer_of(defence)
    assert policy.reviews_for(reviewer, defence.pk)
    assert not policy.reviews_for(reviewer, interior.pk)
    assert policy.may_see_referral(reviewer, defence.pk)
    assert not policy.may_see_referral(reviewer, interior.pk)
    for official in (factories.OfficerFactory(), factories.ApproverFactory(),
                     factories.AuditorFactory()):
        assert policy.may_see_referral(official, interior.pk)
        assert not policy.reviews_for(official, interior.pk)
    assert not policy.may_see_referral(factories.ApplicantFactory(), defence.pk)
    assert policy.may_override_consultation(factories.ApproverFactory())
    assert not policy.may_override_consultation(factories.OfficerFactory())
    assert policy.home_page(reviewer) == "web:referral-queue"
