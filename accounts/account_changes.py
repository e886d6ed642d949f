"""Changes administrators make to accounts are audited and announced.

A change of role, of staff or superuser status, of activity, a password set by an
administrator and a second factor reset are each in the audit trail (the user signals of
accounts/audit_signals.py; the second factor here) and e-mailed, after commit, to the person
concerned and to every other active administrator: no administrator can quietly make
someone an approver, or take over an official's account by resetting their password and
authenticator."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts import policy
from accounts.models import User

logger = logging.getLogger(__name__)

WATCHED_FIELDS = ("role", "organisation_id", "is_active", "is_staff", "is_superuser")


def snapshot(user: User) -> dict:
    return {field: getattr(user, field) for field in WATCHED_FIELDS}


def announce_account_change(*, actor, user: User, summary: str) -> None:
    """E-mail the change, after commit, to the person concerned and every other active
    administrator. (The audit trail has it already: accounts/audit_signals.py records every
    change to users, whoever makes it.)"""
    recipients = sorted({user.email, *User.objects.filter(
        policy.administrators()).exclude(pk=actor.pk if actor else None)
        .values_list("email", flat=True)})
    subject = _("Account change: %(email)s") % {"email": user.email}
    body = _("%(actor)s changed the account %(email)s: %(summary)s\n\n"
             "If you did not expect this, tell the security officer at once.") % {
        "actor": actor.email if actor else "system", "email": user.email, "summary": summary}

    def send():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:  # the change stands and is audited; the mail is best effort
            logger.exception("Could not send the account-change notice for %s", user.email)

    transaction.on_commit(send)


def record_second_factor_reset(*, actor, user: User) -> None:
    """An authenticator app removed by an administrator: audited (no model signal sees it
    as a change of the user) and announced. Call inside the deletion's transaction."""
    from licensing.services.audit import record_event

    summary = _("authenticator app removed by an administrator")
    record_event(actor=actor, action="user.second_factor_reset", obj=user, reason=summary)
    announce_account_change(actor=actor, user=user, summary=summary)


def describe(before: dict, after: dict) -> str:
    return "; ".join(f"{field}: {before[field]!r} -> {after[field]!r}"
                     for field in WATCHED_FIELDS if before[field] != after[field])
