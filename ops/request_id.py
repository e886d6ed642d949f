"""One id per HTTP request that follows it into the Celery tasks it queues, into their log
lines and into the audit events they write, so one submission can be traced end to end.

A client (or a proxy) may send its own `X-Request-ID`; it is kept when it looks like an id,
and the response always carries the id used."""

import contextvars
import re
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
# The name of the header on a Celery message; the worker reads it back from task.request.
TASK_HEADER = "x_request_id"
_ACCEPTABLE = re.compile(r"[A-Za-z0-9._:-]{8,64}")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default="")


def new_request_id() -> str:
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE, so every later log line of the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get(HEADER, "")
        request_id = offered if _ACCEPTABLE.fullmatch(offered) else new_request_id()
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            return response
        finally:
            current_request_id.reset(token)


@before_task_publish.connect(dispatch_uid="ops.request_id.publish")
def _put_request_id_on_the_message(headers=None, **kwargs):
    request_id = current_request_id.get()
    if request_id and headers is not None and TASK_HEADER not in headers:
        headers[TASK_HEADER] = request_id


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(dispatch_uid="ops.request_id.prerun")
def _take_request_id_from_the_message(task_id=None, task=None, **kwargs):
    # A task queued by another task keeps the id; an eager task already runs inside it.
    request_id = getattr(task.request, TASK_HEADER, None) or current_request_id.get()
    _task_tokens[task_id] = current_request_id.set(request_id or "")


@task_postrun.connect(dispatch_uid="ops.request_id.postrun")
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            current_request_id.reset(token)
        except ValueError:  # set in another context (eager task inside a request)
            current_request_id.set("")
