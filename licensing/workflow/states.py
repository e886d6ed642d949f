"""The states of the two state machines (DESIGN.md). Declared here, below the models, so
that the rulebook (transitions.py) and the models can both use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    END_USER_VERIFIED = "end_user_verified", _("End user verified")
    AWAITING_COUNTERSIGNATURE = "awaiting_countersignature", _("Awaiting countersignature")
    SPECIAL_APPROVAL = "special_approval", _("Special approval granted")
    SHIPPED = "shipped", _("Shipped")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Being decided: what the officials' queue shows as open and what screening keeps current.
OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.END_USER_VERIFIED,
                 RequestStatus.AWAITING_COUNTERSIGNATURE)
CLOSED_STATUSES = (RequestStatus.SHIPPED, RequestStatus.DENIED, RequestStatus.WITHDRAWN)


class LicenceStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")
    EXHAUSTED = "exhausted", _("Exhausted")
