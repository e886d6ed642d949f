"""The officials' look-up of the denied-party lists: a name (and optionally a country) against
every active list's live version, with the matcher's score and reasons for each entry found.
The same search as the API's /screening/search (licensing.services.party_screening)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import policy
from licensing.screening.names import PRODUCTION_THRESHOLD
from licensing.services import party_screening
from licensing.web.forms import ListSearchForm

RESULT_LIMIT = 20


@require_GET
@login_required
def list_search(http_request):
    if not policy.may_search_lists(http_request.user):
        raise PermissionDenied(_("The list look-up is for the authority's officials."))
    form = ListSearchForm(http_request.GET or None)
    matches = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            matches = party_screening.search_lists(
                form.cleaned_data["name"], country=form.cleaned_data["country"] or None,
                limit=RESULT_LIMIT)
        else:
            status = 400
    return render(http_request, "screening/search.html", {
        "form": form, "matches": matches, "limit": RESULT_LIMIT,
        "threshold": PRODUCTION_THRESHOLD,
    }, status=status)
