"""Email notifications: to the applicant on every decision, and to the officials on
overdue delivery proof and system suspensions.

Services call `notify_on_commit(kind, request=..., ...)` inside their transaction, which
owes the notification through the outbox (services/background.py); after commit a Celery
task (`send_notification`) builds the messages here from the database and sends them
through Django's email backend (console in development). Delivery is at least once: a
retried task may send a message twice, never none."""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import translation
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_noop as _

from accounts import policy
from accounts.models import User
from licensing.models import ClockReminder, Licence, Referral, Shipment, ShipmentRequest
from licensing.screening.checks.text import from_json
from licensing.services.background import SEND_NOTIFICATION, enqueue
from licensing.services.licence_documents import verify_url

logger = logging.getLogger(__name__)

APPLICANT = "applicant"
OFFICIALS = "officials"
HOLDER = "holder"  # whoever holds the case (a reminder's recipient; approvers if nobody)
REVIEWERS = "reviewers"    # of the referral's consulted body


@dataclass(frozen=True)
class _Kind:
    audiences: tuple[str, ...]
    subject: str  # formatted with the context below
    body: tuple[str, ...]  # parts, each translated on its own, then joined


def Kind(audiences, subject, *body) -> _Kind:  # noqa: N802 - reads as the declaration
    """A notification: who gets it, and its subject and body as messages to translate
    (into each recipient's language) and format with the context below."""
    return _Kind(audiences, subject, body)


_LICENCE_LINE = _("Licence {licence_number}, valid {valid_from} to {valid_until}.\n")
_VERIFY_LINE = _("Anyone can check the licence's status at {verify_url}\n")

KINDS: dict[str, Kind] = {
    "request.denied": Kind((APPLICANT,), _("Request {reference} denied"),
                           _("Your request {reference} (to {destination}) has been denied.\n\n"
                           "Reason: {reason}\nCriteria: {criteria}\n")),
    "request.denied_by_system": Kind(
        (APPLICANT,), _("Request {reference} denied"),
        _("Your request {reference} (to {destination}) has been denied by the authority's "
        "automated screening.\n\nReason: {reason}\nCriteria: {criteria}\n")),
    "request.changes_requested": Kind(
        (APPLICANT,), _("Changes requested on {reference}"),
        _("The authority asks for changes to your request {reference} (to {destination}). "
        "It is back in draft; edit it and submit again.\n\nMessage: {reason}\n")),
    "request.special_approval_granted": Kind(
        (APPLICANT,), _("Special approval granted: licence {licence_number}"),
        _("Special approval has been granted for your request {reference} (to "
        "{destination}).\n\n"), _LICENCE_LINE, _("The signed licence document is available "
        "with the request.\n"), _VERIFY_LINE),
    "licence.suspended": Kind(
        (APPLICANT,), _("Licence {licence_number} suspended"),
        _("Licence {licence_number} (request {reference}) has been suspended: no shipment may "
        "be made under it until it is reinstated.\n\nReason: {reason}\n"), _VERIFY_LINE),
    "licence.suspended_by_system": Kind(
        (APPLICANT, OFFICIALS), _("Licence {licence_number} suspended by the system"),
        _("Licence {licence_number} (request {reference}, {organisation}, to {destination}) "
        "has been suspended automatically: no shipment may be made under it.\n\n"
        "Reason: {reason}\n\nOnly an approving authority can reinstate it.\n")),
    "licence.reinstated": Kind(
        (APPLICANT,), _("Licence {licence_number} reinstated"),
        _("Licence {licence_number} (request {reference}) has been reinstated.\n\n"
        "Reason: {reason}\n"), _LICENCE_LINE),
    "licence.revoked": Kind(
        (APPLICANT,), _("Licence {licence_number} revoked"),
        _("Licence {licence_number} (request {reference}) has been revoked: it may no longer "
        "be used.\n\nReason: {reason}\n")),
    "licence.expired": Kind(
        (APPLICANT,), _("Licence {licence_number} expired"),
        _("Licence {licence_number} (request {reference}) has expired: {reason}\n")),
    "licence.exhausted": Kind(
        (APPLICANT,), _("Licence {licence_number} used up"),
        _("Every approved quantity of licence {licence_number} (request {reference}) has "
        "been shipped; the licence is exhausted. Remember to upload the delivery "
        "verification certificate for each shipment.\n")),
    "shipment.delivery_verification_overdue": Kind(
        (APPLICANT, OFFICIALS), _("Delivery verification overdue: licence {licence_number}"),
        _("The delivery verification certificate for the shipment of {shipped_on} "
        "(customs declaration {customs_declaration}) under licence {licence_number} "
        "(request {reference}, {organisation}, to {destination}) was due on {due_on} "
        "and has not been received.\n\nUntil it arrives, new requests naming the same end "
        "user get a high-severity screening finding.\n")),
    "case.clock_breached": Kind(
        (HOLDER,), _("Past target: {reference} ({step})"),
        _("Request {reference} ({organisation}, to {destination}) has gone past its target in "
        "the step '{step}': {working_days} working days against {target}.\n\n"
        "Open the case: {case_url}\n")),
    "request.information_requested": Kind(
        (APPLICANT,), _("Question from the authority on {reference}"),
        _("The authority asks for information on your request {reference} (to "
          "{destination}). The case waits for your answer.\n\nQuestion: {reason}\n")),
    "decision.awaiting_countersignature": Kind(
        (OFFICIALS,), _("Decision on {reference} awaits a countersignature"),
        _("A decision on request {reference} ({organisation}, to {destination}) needs a second "
        "approver's countersignature before it takes effect.\n\nReason given: {reason}\n\n"
        "Open the case: {case_url}\n")),
    # --- consultation (docs/consultation.md) ---
    "referral.made": Kind(
        (REVIEWERS,), _("Case {reference} referred to {body} for advice by {due_on}"),
        _("The authority asks {body} for its advice on request {reference} ({organisation}, "
        "to {destination}) by {due_on}.\n\nOpen your consultations queue to read the case and "
        "give your advice.\n")),
    "advice.given": Kind(
        (OFFICIALS,), _("Advice of {body} on {reference}: {outcome}"),
        _("{body} has given its advice on request {reference} ({organisation}, to "
        "{destination}): {outcome}.\n")),
    "referral.overdue": Kind(
        (OFFICIALS,), _("Advice of {body} on {reference} overdue"),
        _("{body} has not given its advice on request {reference} ({organisation}, to "
        "{destination}), due on {due_on}. Its silence is escalated to the approving "
        "authority.\n")),
    "referral.deemed_consent": Kind(
        (OFFICIALS,), _("Silence of {body} on {reference} deemed consent"),
        _("{body} gave no advice on request {reference} by {due_on}; under its policy its "
        "silence is deemed consent.\n")),
    "referral.question_asked": Kind(
        (OFFICIALS,), _("Question from {body} on {reference}"),
        _("{body} asks a question about request {reference} ({organisation}, to "
        "{destination}). Its clock stops until you answer it on the request page.\n")),
    "referral.question_answered": Kind(
        (REVIEWERS,), _("Your question on {reference} is answered"),
        _("The authority has answered your question on request {reference}. The advice is now "
        "due on {due_on}.\n")),
}


def notify_on_commit(kind: str, *, request: ShipmentRequest, reason: str = "",
                     licence: Licence | None = None, shipment: Shipment | None = None,
                     reminder: ClockReminder | None = None, referral=None,
                     reason_parts=None) -> None:
    """Owe the notification `kind` (a KINDS key; others are ignored) from the caller's
    transaction; it is sent after commit. `reason_parts`: the system's reason as message
    parts (JSON), written into each e-mail in its recipient's language."""
    if kind not in KINDS:
        return
    payload = {"kind": kind, "request_id": request.pk, "reason": reason or "",
               "licence_id": licence.pk if licence else None,
               "shipment_id": shipment.pk if shipment else None}
    if reminder is not None:
        payload["reminder_id"] = reminder.pk
    if referral is not None:
        payload["referral_id"] = referral.pk
    if reason_parts:
        payload["reason_parts"] = reason_parts
    enqueue(SEND_NOTIFICATION, payload)


def applicant_recipients(request: ShipmentRequest) -> list[str]:
    emails = list(User.objects.filter(policy.applicants_of(request.organisation_id))
                  .order_by("email").values_list("email", flat=True))
    return emails or ([request.created_by.email] if request.created_by.is_active else [])


def official_recipients() -> list[str]:
    return list(User.objects.filter(policy.caseworkers())
                .order_by("email").values_list("email", flat=True))


def holder_recipients(reminder: ClockReminder | None) -> list[str]:
    """A reminder's recipient; when nobody held the case, the approvers (who assign)."""
    if reminder is None:
        return []
    if reminder.recipient_id is not None:
        return [reminder.recipient.email] if reminder.recipient.is_active else []
    return [u.email for u in User.objects.filter(policy.caseworkers()).order_by("email")
            if policy.may_assign_cases(u)]


def _context(payload: dict) -> dict:
    request = ShipmentRequest.objects.select_related("organisation").get(
        pk=payload["request_id"])
    licence = (Licence.objects.filter(pk=payload.get("licence_id")).first()
               if payload.get("licence_id") else getattr(request, "licence", None))
    shipment = (Shipment.objects.filter(pk=payload.get("shipment_id")).first()
                if payload.get("shipment_id") else None)
    if shipment is not None:
        licence = shipment.licence
    reminder = (ClockReminder.objects.filter(pk=payload["reminder_id"]).first()
                if payload.get("reminder_id") else None)
    referral = (Referral.objects.select_related("body").filter(
        pk=payload.get("referral_id")).first() if payload.get("referral_id") else None)
    advice = referral.submitted_advice if referral else None
    return {
        "referral": referral,
        "body": referral.body.name if referral else "",
        "outcome": advice.get_outcome_display() if advice else "",
        "reference": request.applicant_reference,
        "organisation": request.organisation.name,
        "destination": str(request.destination_country),
        # parts render when the body is formatted, inside the recipient's language
        "reason": (from_json(payload["reason_parts"]) if payload.get("reason_parts")
                   else payload.get("reason") or gettext_lazy("(none given)")),
        "criteria": ", ".join(c.code for c in request.decision_criteria.all()) or "-",
        "licence_number": licence.number if licence else "",
        "valid_from": licence.valid_from if licence else "",
        "valid_until": licence.valid_until if licence else "",
        "verify_url": verify_url(licence.number) if licence else "",
        "shipped_on": shipment.shipped_on if shipment else "",
        "customs_declaration": shipment.customs_declaration if shipment else "",
        "due_on": (shipment.delivery_verification_due_on if shipment
                   else referral.due_on if referral else ""),
        "request": request,
        "reminder": reminder,
        "step": reminder.step.replace("_", " ") if reminder else "",
        "working_days": reminder.working_days if reminder else "",
        "target": reminder.target_working_days if reminder else "",
        "case_url": f"{settings.PUBLIC_BASE_URL}/requests/{request.pk}/",
    }


def build_messages(payload: dict) -> list[EmailMessage]:
    """One message per recipient (nobody sees another's address)."""
    kind = KINDS.get(payload["kind"])
    if kind is None:
        return []
    context = _context(payload)
    recipients: list[str] = []
    if APPLICANT in kind.audiences:
        recipients += applicant_recipients(context["request"])
    if OFFICIALS in kind.audiences:
        recipients += official_recipients()
    if HOLDER in kind.audiences:
        recipients += holder_recipients(context["reminder"])
    if REVIEWERS in kind.audiences and context["referral"] is not None:
        recipients += list(User.objects.filter(policy.reviewers_of(context["referral"].body_id))
                           .order_by("email").values_list("email", flat=True))
    unique = list(dict.fromkeys(recipients))
    # Each in the recipient's language (their profile's choice; else the default).
    languages = dict(User.objects.filter(email__in=unique).values_list("email", "language"))
    messages = []
    for email in unique:
        with translation.override(languages.get(email) or settings.LANGUAGE_CODE):
            subject = f"[{settings.AUTHORITY_NAME}] " + gettext(kind.subject).format(**context)
            body = "".join(gettext(part) for part in kind.body).format(**context) + (
                f"\n-- \n{settings.AUTHORITY_NAME}\n"
                + gettext("This message was sent automatically.") + "\n")
        messages.append(EmailMessage(subject=subject, body=body,
                                     from_email=settings.DEFAULT_FROM_EMAIL, to=[email]))
    return messages


def send_notification(payload: dict) -> int:
    messages = build_messages(payload)
    if not messages:
        return 0
    with get_connection() as connection:
        sent = connection.send_messages(messages) or 0
    logger.info("Sent %d notification(s) of %s for request %s", sent, payload["kind"],
                payload["request_id"])
    return sent
