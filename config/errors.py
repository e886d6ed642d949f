"""What a caller sees when the server fails: never a traceback.

`handler500` (config/urls.py) answers every uncaught exception, from a view or a middleware.
A database that is unreachable or dropped the connection (OperationalError, InterfaceError)
is a temporary condition: 503 with Retry-After, so clients retry. The API answers JSON, the
web a short page that needs neither the database nor the signed-in user to render."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_unavailable(exc) -> bool:
    return isinstance(exc, DATABASE_UNAVAILABLE)


def database_unavailable_message() -> str:
    return _("The service is briefly unavailable (database). Try again in a few seconds.")


def database_unavailable_json():
    response = JsonResponse({"detail": database_unavailable_message()}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, *args, **kwargs):
    exc = sys.exc_info()[1]
    unavailable = is_database_unavailable(exc)
    if request.path.startswith("/api/"):
        if unavailable:
            return database_unavailable_json()
        return JsonResponse({"detail": _("Server error: the failure has been logged.")},
                            status=500)
    status = 503 if unavailable else 500
    html = loader.get_template("503.html" if unavailable else "500.html").render(
        {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(html, status=status)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
