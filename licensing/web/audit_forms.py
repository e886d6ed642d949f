"""Forms of the auditor's tools (issue 12)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from licensing.web.forms import AuditFilterForm, DateInput


class AuditSearchForm(AuditFilterForm):
    """The log's filters plus full-text search and one event by number."""

    q = forms.CharField(label=_("Search (all words, in any field)"), required=False,
                        max_length=200)
    event = forms.IntegerField(label=_("Event #"), required=False, min_value=1)
    field_order = ["q", "actor", "action", "request", "event", "date_from", "date_to"]


class MomentForm(forms.Form):
    """A moment to reconstruct a request at (date and time, in the authority's zone)."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Time"), required=False,
                           widget=forms.TimeInput(attrs={"type": "time", "step": "1"}),
                           help_text=_("Empty: the end of the day."))
