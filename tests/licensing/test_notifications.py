"""Email notifications: the applicant hears of every decision; the officials of overdue
delivery proof and system suspensions. Sent by a Celery task after commit."""

import pytest
from django.core import mail
from django.utils import timezone

from licensing.services import licences, notifications, requests, special_approval
from tests import factories
from tests.licensing.licence_helpers import eager_tasks  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(eager_tasks, django_capture_on_commit_callbacks):  # noqa: F811
    """Run each block's on-commit work (Celery tasks in-process) and collect the mail."""
    from contextlib import contextmanager

    @contextmanager
    def collect():
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            yield mail.outbox

    return collect


def _to(messages):
    return sorted(m.to[0] for m in messages)


def test_the_applicant_hears_of_a_denial_with_the_reason_and_criteria(outbox, officer):
    request = factories.submitted_request()
    colleague = factories.ApplicantFactory(organisation=request.organisation)
    factories.ApplicantFactory()  # another organisation hears nothing
    with outbox() as sent:
        requests.deny_request(actor=officer, request=request, reason="Risk of diversion.",
                              criteria=["7"])
    assert _to(sent) == sorted([request.created_by.email, colleague.email])
    message = sent[0]
    assert request.applicant_reference in message.subject and "denied" in message.subject
    assert "Risk of diversion." in message.body and "Criteria: 7" in message.body
    assert officer.email not in message.body  # the authority, not a named official


def test_the_applicant_hears_of_requested_changes(outbox, officer):
    request = factories.submitted_request()
    with outbox() as sent:
        requests.request_changes(actor=officer, request=request, message="Add the EUC scan.")
    assert _to(sent) == [request.created_by.email]
    assert "Add the EUC scan." in sent[0].body


def test_the_applicant_hears_of_special_approval_with_the_licence_and_verify_link(outbox,
                                                                                  approver):
    request = factories.verified_request()
    with outbox() as sent:
        licence = special_approval.grant_special_approval(actor=approver, request=request,
                                                  reason="ok")
    [message] = sent
    assert licence.number in message.subject
    assert f"/verify/{licence.number}/" in message.body


@pytest.mark.parametrize(("transition", "word"), [
    ("suspend", "suspended"), ("revoke", "revoked")])
def test_the_applicant_hears_of_suspension_and_revocation(outbox, approver, transition, word):
    request = factories.approved_request()
    with outbox() as sent:
        getattr(licences, f"{transition}_licence")(actor=approver, licence=request.licence,
                                                   reason="Inquiry opened.")
    [message] = sent
    assert word in message.subject and "Inquiry opened." in message.body


def test_the_applicant_hears_of_reinstatement_and_expiry(outbox, approver):
    request = factories.approved_request()
    licences.suspend_licence(actor=approver, licence=request.licence, reason="Inquiry.")
    with outbox() as sent:
        licences.reinstate_licence(actor=approver, licence=request.licence, reason="Cleared.")
    assert "reinstated" in sent[0].subject
    with outbox() as sent:
        licences.expire_licence(licence=request.licence)
    assert "expired" in sent[0].subject and request.created_by.email in sent[0].to


def test_officials_and_the_applicant_hear_of_a_system_suspension(outbox, officer, approver):
    request = factories.approved_request()
    factories.AuditorFactory()  # auditors are not sent case mail
    with outbox() as sent:
        licences.suspend_licence_by_system(licence=request.licence,
                                           reason="Export halt X in force.")
    recipients = _to(sent)
    assert request.created_by.email in recipients
    assert officer.email in recipients and approver.email in recipients
    assert len(recipients) == len(set(recipients))
    assert all("suspended by the system" in m.subject for m in sent)


def test_every_message_goes_to_one_recipient_only():
    request = factories.submitted_request()
    factories.ApplicantFactory(organisation=request.organisation)
    messages = notifications.build_messages({"kind": "request.denied",
                                             "request_id": request.pk, "reason": "No."})
    assert len(messages) == 2 and all(len(m.to) == 1 for m in messages)


def test_an_unknown_kind_sends_nothing(django_capture_on_commit_callbacks):
    request = factories.submitted_request()
    with django_capture_on_commit_callbacks() as callbacks:
        notifications.notify_on_commit("request.submitted", request=request)
    assert callbacks == []
    assert notifications.build_messages({"kind": "nope", "request_id": request.pk}) == []


def test_a_shipment_exhausting_the_licence_tells_the_applicant(outbox):
    request = factories.approved_request()
    item = request.items.get()
    with outbox() as sent:
        licences.record_shipment(actor=request.created_by, request=request,
                                 shipped_on=timezone.localdate(), carrier="Rail",
                                 customs_declaration="CD", quantities=[(item.pk, item.quantity)])
    assert any("used up" in m.subject for m in sent)
