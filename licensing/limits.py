"""Sane bounds on what one request may hold and on the dates people type, shared by the
API's input serializers and the web forms (both run Django validators).

Counts come from settings (README "Configuration"): a request with thousands of line items
costs seconds of CPU on every page view; a date in year 1 or 9999 is always a typing
mistake or an attack on date arithmetic."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


def max_parties() -> int:
    return settings.MAX_PARTIES_PER_REQUEST


def max_items() -> int:
    return settings.MAX_ITEMS_PER_REQUEST


def max_documents() -> int:
    return settings.MAX_DOCUMENTS_PER_REQUEST


def too_many(count: int, limit: int, what) -> str | None:
    """A message when `count` exceeds `limit`, else None."""
    if count > limit:
        return _("At most %(limit)d %(what)s per request.") % {"limit": limit, "what": what}
    return None


@deconstructible
class DateWindow:
    """The date lies between `past_days` before today and `future_days` after it (either
    may be None: unbounded on that side, but never outside 1900-2200)."""

    def __init__(self, past_days: int | None = None, future_days: int | None = None,
                 *, after_today: bool = False):
        self.past_days, self.future_days, self.after_today = past_days, future_days, after_today

    def __call__(self, value):
        today = timezone.localdate()
        if value.year < 1900 or value.year > 2200:
            raise ValidationError(_("Enter a realistic date."), code="date_out_of_range")
        if self.after_today and value <= today:
            raise ValidationError(_("The date must be after today."), code="date_not_future")
        if self.past_days is not None and value < today - timedelta(days=self.past_days):
            raise ValidationError(
                _("The date cannot be more than %(days)d days ago.") % {"days": self.past_days},
                code="date_too_old")
        if self.future_days is not None and value > today + timedelta(days=self.future_days):
            if self.future_days <= 1:
                message = _("The date cannot be in the future.")
            else:
                message = _("The date cannot be more than %(days)d days ahead.") % {
                    "days": self.future_days}
            raise ValidationError(message, code="date_too_far")

    def __eq__(self, other):
        return isinstance(other, DateWindow) and vars(self) == vars(other)


# One day of grace for a clock or time zone on the other side of midnight.
VERIFIED_ON = DateWindow(past_days=365, future_days=1)
SHIPPED_ON = DateWindow(past_days=2 * 365, future_days=1)
CERTIFICATE_ISSUED = DateWindow(past_days=10 * 365, future_days=1)
CERTIFICATE_EXPIRES = DateWindow(past_days=10 * 365, future_days=20 * 365)
HALT_DATE = DateWindow(past_days=10 * 365, future_days=20 * 365)


class LicenceValidUntil(DateWindow):
    """After today, and no further ahead than LICENCE_MAX_VALIDITY_DAYS."""

    def __init__(self):
        super().__init__(after_today=True)

    def __call__(self, value):
        self.future_days = settings.LICENCE_MAX_VALIDITY_DAYS
        super().__call__(value)


LICENCE_VALID_UNTIL = LicenceValidUntil()
