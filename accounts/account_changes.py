"""Changes administrators make to accounts are audited and announced.

A change of role, of staff or superuser status, of activity, a password set by an
administrator and a second factor reset are each written to the audit trail (in the same
transaction) and e-mailed, after commit, to the person concerned and to every other active
administrator: no administrator can quietly make someone an approver, or take over an
official's account by resetting their password and authenticator."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role, User

logger = logging.getLogger(__name__)

WATCHED_FIELDS = ("role", "organisation_id", "agency", "is_active", "is_staff", "is_superuser")


def snapshot(user: User) -> dict:
    return {field: getattr(user, field) for field in WATCHED_FIELDS}


def record_account_change(*, actor, user: User, action: str, before=None, after=None,
                          summary: str) -> None:
    """Audit one change to `user` and announce it after commit. Call inside the change's
    transaction."""
    from licensing.services.audit import record_event

    record_event(actor=actor, action=action, obj=user, before=before, after=after,
                 reason=summary)
    recipients = sorted({user.email, *User.objects.filter(
        role=Role.ADMINISTRATOR, is_active=True).exclude(pk=actor.pk if actor else None)
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


def describe(before: dict, after: dict) -> str:
    return "; ".join(f"{field}: {before[field]!r} -> {after[field]!r}"
                     for field in WATCHED_FIELDS if before[field] != after[field])
