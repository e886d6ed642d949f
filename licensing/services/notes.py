"""Internal notes of the officials on a case (never shown to the applicant, on any page or
in any API response), and requests for information to the applicant, which stop the case's
clock until he answers (on the request page or through the API)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policy
from licensing.errors import InvalidInput, NotPermitted, TransitionConflict
from licensing.models import AuditAction, CaseNote, InformationRequest, ShipmentRequest
from licensing.models.requests import OPEN_STATUSES
from licensing.services.audit import record_event
from licensing.services.clock import refresh_due_date
from licensing.services.notifications import notify_on_commit


def _required(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput({field: [message]})
    return value


@transaction.atomic
def add_note(*, actor, request: ShipmentRequest, text: str) -> CaseNote:
    if not policy.may_write_internal_notes(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may add an "
                             "internal note."))
    text = _required(text, "text", _("Write the note."))
    note = CaseNote.objects.create(request=request, author=actor, text=text)
    # The audit trail records that a note was added, not its words (auditors read notes on
    # the case page; the log's exports travel further).
    record_event(actor=actor, action=AuditAction.NOTE_ADDED, obj=note, request=request,
                 after={"length": len(text)})
    return note


def notes_for(user, request: ShipmentRequest):
    if not policy.may_read_internal_notes(user):
        return CaseNote.objects.none()
    return request.internal_notes.select_related("author")


@transaction.atomic
def ask_applicant(*, actor, request: ShipmentRequest, question: str) -> InformationRequest:
    """A question to the applicant; the clock stops until he answers."""
    if not policy.may_ask_applicant(actor):
        raise NotPermitted(_("Only a licensing officer or an approving authority may ask the "
                             "applicant for information."))
    question = _required(question, "question", _("Write the question."))
    request = ShipmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status not in OPEN_STATUSES:
        raise TransitionConflict(_("Questions are asked while the request is being decided."))
    asked = InformationRequest.objects.create(request=request, question=question,
                                              asked_by=actor)
    record_event(actor=actor, action=AuditAction.INFORMATION_REQUESTED, obj=asked,
                 request=request, reason=question)
    refresh_due_date(request)
    notify_on_commit("request.information_requested", request=request, reason=question)
    return asked


@transaction.atomic
def answer_information_request(*, actor, information_request: InformationRequest,
                               answer: str) -> InformationRequest:
    """The applicant's answer: the clock runs again."""
    asked = (InformationRequest.objects.select_for_update().select_related("request")
             .get(pk=information_request.pk))
    if not policy.belongs_to(actor, asked.request.organisation_id):
        raise NotPermitted(_("Only an applicant of the requesting organisation may answer."))
    answer = _required(answer, "answer", _("Write the answer."))
    if asked.answered_at is not None:
        raise TransitionConflict(_("This question has already been answered."))
    asked.answer = answer
    asked.answered_by = actor
    asked.answered_at = timezone.now()
    asked.save(update_fields=["answer", "answered_by", "answered_at"])
    record_event(actor=actor, action=AuditAction.INFORMATION_PROVIDED, obj=asked,
                 request=asked.request, reason=answer)
    refresh_due_date(asked.request)
    return asked
