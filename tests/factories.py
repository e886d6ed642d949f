"""Test data. People and organisations come from factory_boy; requests are driven to a
state through the real services, so every test starts from data the system could make."""

import itertools
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import Organisation, OrganisationKind, Role, User
from licensing.demo_documents import minimal_pdf
from licensing.models import (
    CountersignRule,
    Criterion,
    DocumentKind,
    Referral,
    RequestStatus,
    ScreeningRun,
)
from licensing.services import (
    assessment,
    consultation,
    licences,
    requests,
    screening,
    special_approval,
)
from licensing.services.documents import upload_document

PASSWORD = "correct-horse-battery-staple"
_serial = itertools.count(1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Manufacturer {n} d.o.o.")
    registration_number = factory.Sequence(lambda n: f"RS-{n:08d}")
    country = "RS"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ApplicantFactory(UserFactory):
    role = Role.APPLICANT
    organisation = factory.SubFactory(OrganisationFactory)


class OfficerFactory(UserFactory):
    role = Role.OFFICER


class ApproverFactory(UserFactory):
    role = Role.APPROVER


class AuditorFactory(UserFactory):
    role = Role.AUDITOR


class ConsultedBodyFactory(OrganisationFactory):
    """A consulted body of its own (the four the law names and the council are seeded by
    migration; `body("defence")` finds one of those)."""

    name = factory.Sequence(lambda n: f"Consulted body {n}")
    registration_number = factory.Sequence(lambda n: f"BODY-{n:06d}")
    kind = OrganisationKind.CONSULTED_BODY
    code = factory.Sequence(lambda n: f"body-{n}")


def body(code: str) -> Organisation:
    """One of the seeded consulted bodies: foreign_affairs, defence, interior, security,
    council."""
    return Organisation.objects.get(kind=OrganisationKind.CONSULTED_BODY, code=code)


class AgencyReviewerFactory(UserFactory):
    """A reviewer of the Ministry of Defence unless `organisation=` names another body."""

    role = Role.AGENCY
    organisation = factory.LazyFunction(lambda: body("defence"))


class AdministratorFactory(UserFactory):
    role = Role.ADMINISTRATOR
    is_staff = True
    is_superuser = True


def user_with_role(role):
    return {"applicant": ApplicantFactory, "officer": OfficerFactory,
            "approver": ApproverFactory, "auditor": AuditorFactory,
            "agency": AgencyReviewerFactory, "administrator": AdministratorFactory}[role]()


def request_data(**overrides) -> dict:
    """A complete, valid draft as the API accepts it (after validation)."""
    today = timezone.localdate()
    data = {
        "applicant_reference": f"REF-{next(_serial):06d}",
        "destination_country": "PL",
        "end_use": "Training ammunition for the national armed forces",
        "transit_countries": ["HU", "SK"],
        "parties": [
            {"role": "end_user", "name": "Polish Armed Forces", "country": "PL",
             "address": "Warsaw", "end_user_type": "armed_forces"},
            {"role": "consignee", "name": "Agencja Uzbrojenia", "country": "PL",
             "address": "Warsaw", "end_user_type": ""},
        ],
        "items": [{"description": "7.62x39 mm ball cartridges", "control_category": "ML3",
                   "quantity": 1_000_000, "unit": "rounds", "value": "350000.00",
                   "currency": "EUR", "for_assembly_abroad": False}],
        "end_user_certificate": {
            "number": f"PL/MON/2026/{next(_serial):06d}",
            "issuing_country": "PL", "issuing_authority": "Ministry of National Defence",
            "issue_date": today - timedelta(days=10), "expiry_date": today + timedelta(days=300),
            "non_reexport_clause": True,
            "items": [{"control_category": "ML3", "description": "", "quantity": 1_000_000}],
        },
    }
    data.update(overrides)
    return data


def draft_request(applicant=None, *, with_document=True, **overrides):
    applicant = applicant or ApplicantFactory()
    request = requests.create_request(actor=applicant, data=request_data(**overrides))
    if with_document:
        upload_document(actor=applicant, request=request, kind=DocumentKind.END_USER_CERTIFICATE,
                        name="euc.pdf", data=minimal_pdf())
    return request


def run_queued_screening(request):
    """Do what the Celery worker does, in-process, for tests not about Celery. In a test
    that commits, the run's message also reaches the suite's worker if one is running.
    Every run not yet completed is executed here, whatever the worker did with it: the
    execution locks the run and leaves a completed one alone, so this returns only once
    each run is complete (waiting for the worker's transaction where it got there first).
    Waiting for the worker instead left a gap: a run whose worker attempt had failed was
    neither executed here nor waited for."""
    for run in request.screening_runs.exclude(status=ScreeningRun.Status.COMPLETED):
        if screening.mark_run_started(run.pk):
            screening.execute_screening_run(run.pk)
    request.refresh_from_db()
    return request


def submitted_request(applicant=None, **overrides):
    request = draft_request(applicant, **overrides)
    applicant = applicant or request.created_by
    requests.submit_request(actor=applicant, request=request)
    return run_queued_screening(request)


def verified_request(applicant=None, *, officer=None, consulted=True, assessed=True,
                     **overrides):
    """Verified, which refers it to the consulted bodies. By default ready for special
    approval: every body consented and every mandatory criterion assessed; pass
    `consulted=False` / `assessed=False` for a case still in consultation or assessment."""
    request = submitted_request(applicant, **overrides)
    officer = officer or OfficerFactory()
    requests.verify_end_user(actor=officer, request=request,
                             channel="embassy", reference="Note 1/2026",
                             verified_on=timezone.localdate())
    if consulted:
        consent_everywhere(request)
    if assessed:
        assess_mandatory_criteria(request, officer=officer)
    request.refresh_from_db()
    return request


def reviewer_of(body_or_code) -> User:
    organisation = body(body_or_code) if isinstance(body_or_code, str) else body_or_code
    return AgencyReviewerFactory(organisation=organisation)


def give_advice(referral, outcome="consent", *, reviewer=None, **kwargs):
    return consultation.record_advice(actor=reviewer or reviewer_of(referral.body),
                                      referral=referral, outcome=outcome, **kwargs)


def consent_everywhere(request):
    """Every body the request is referred to consents."""
    for referral in request.referrals.filter(status=Referral.Status.PENDING):
        give_advice(referral, reasoning="No objection.")


def consulted_and_assessed(request, *, officer=None):
    """What a verified request needs besides for special approval: every referred body's
    consent and every mandatory criterion assessed."""
    consent_everywhere(request)
    assess_mandatory_criteria(request, officer=officer)
    return request


def assess_mandatory_criteria(request, *, officer=None, outcome="no_concern"):
    officer = officer or OfficerFactory()
    for code in Criterion.objects.filter(mandatory=True).values_list("code", flat=True):
        assessment.assess_criterion(actor=officer, request=request, criterion=code,
                                    outcome=outcome, reasoning="Assessed for the destination.")


def approved_request(applicant=None, *, approver=None, **overrides):
    request = verified_request(applicant, **overrides)
    special_approval.grant_special_approval(actor=approver or ApproverFactory(), request=request,
                                    reason="Allied armed forces.")
    request.refresh_from_db()
    return request


def countersign_every_decision(**conditions) -> CountersignRule:
    return CountersignRule.objects.create(name="Every decision is countersigned",
                                          **conditions)


def request_in_state(state: str, applicant=None, **overrides):
    """A request in `state`, reached through the services as a user would."""
    if state == RequestStatus.DRAFT:
        return draft_request(applicant, **overrides)
    if state == RequestStatus.SUBMITTED:
        return submitted_request(applicant, **overrides)
    if state == RequestStatus.END_USER_VERIFIED:
        return verified_request(applicant, **overrides)
    if state == RequestStatus.SPECIAL_APPROVAL:
        return approved_request(applicant, **overrides)
    if state == RequestStatus.AWAITING_COUNTERSIGNATURE:
        request = verified_request(applicant, **overrides)
        countersign_every_decision()
        special_approval.grant_special_approval(actor=ApproverFactory(), request=request,
                                                reason="Allied armed forces.")
        request.refresh_from_db()
        return request
    if state == RequestStatus.SHIPPED:
        request = approved_request(applicant, **overrides)
        item = request.items.get()
        licences.record_shipment(actor=request.created_by, request=request,
                                 shipped_on=timezone.localdate(), carrier="Carrier",
                                 customs_declaration="CD-1",
                                 quantities=[(item.pk, item.quantity)], final=True)
        request.refresh_from_db()
        return request
    if state == RequestStatus.DENIED:
        request = submitted_request(applicant, **overrides)
        requests.deny_request(actor=OfficerFactory(), request=request, reason="Risk of diversion.",
                              criteria=["7"])
        request.refresh_from_db()
        return request
    if state == RequestStatus.WITHDRAWN:
        request = draft_request(applicant, **overrides)
        requests.withdraw_request(actor=request.created_by, request=request, reason="Cancelled.")
        request.refresh_from_db()
        return request
    raise ValueError(state)
