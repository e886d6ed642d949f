"""The officials' work queue: cases needing a decision, oldest first, filtered and searched,
with each case's age in working days against the target and its open findings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import policy
from licensing.services import clock
from licensing.web import queries
from licensing.web.forms import QueueFilterForm

PAGE_SIZE = 25


@require_GET
@login_required
def work_queue(http_request):
    user = http_request.user
    if not policy.sees_every_case(user):
        raise PermissionDenied(_("The work queue is for the authority's officials."))
    form = QueueFilterForm(http_request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = queries.page_of_rows(queries.work_queue(user, filters), http_request.GET.get("page"),
                                filters.get("per_page") or PAGE_SIZE,
                                related=("organisation", "assignment__officer"))
    queries.prefetch_rows(page.object_list)
    query = http_request.GET.copy()
    query.pop("page", None)
    return render(http_request, "cases/queue.html", {
        "form": form, "page": page, "query": query.urlencode(),
        "target": queries.TARGET_WORKING_DAYS,
        "reminders": list(clock.reminders_for(user)[:20]),
        "assignee": filters.get("assignee") or "",
        "may_take": policy.may_take_cases(user),
        "filtered": any(v for k, v in filters.items() if k not in ("sort", "per_page")),
    })
