"""The officials' work queue: cases needing a decision, oldest first, filtered and searched,
with each case's age in working days against the target and its open findings."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts import policy
from licensing.services import clock
from licensing.web import queries, queue_rows
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
    query = query.urlencode()
    may_take = policy.may_take_cases(user)
    return render(http_request, "cases/queue.html", {
        "form": form, "page": page, "query": query,
        "target": queries.TARGET_WORKING_DAYS,
        "reminders": list(clock.reminders_for(user)[:20]),
        "assignee": filters.get("assignee") or "",
        "may_take": may_take,
        # The rows in Python (licensing.web.queue_rows): same HTML, a fraction of the CPU.
        "rows": queue_rows.render_rows(page.object_list, target=queries.TARGET_WORKING_DAYS,
                                       may_take=may_take, query=query,
                                       csrf_token=get_token(http_request)),
        "filtered": any(v for k, v in filters.items() if k not in ("sort", "per_page")),
    })
