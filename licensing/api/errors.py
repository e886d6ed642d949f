"""One JSON shape for every API error: {"detail": ..., "problems": [...]} or field messages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.errors import (
    RETRY_AFTER_SECONDS,
    database_unavailable_message,
    is_database_unavailable,
)
from licensing.errors import (
    InvalidInput,
    NotPermitted,
    TransitionConflict,
    TransitionRefused,
)


def api_exception_handler(exc, context):
    if isinstance(exc, InvalidInput):
        return Response(exc.field_errors, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TransitionRefused):
        return Response({"detail": exc.message, "problems": exc.problems},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, TransitionConflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, NotPermitted):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, Http404):
        return Response({"detail": _("Not found.")}, status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied):
        return Response({"detail": _("You may not do this.")}, status=status.HTTP_403_FORBIDDEN)
    if is_database_unavailable(exc):  # temporary: JSON 503, never an HTML 500
        return Response({"detail": database_unavailable_message()},
                        status=status.HTTP_503_SERVICE_UNAVAILABLE,
                        headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
    return exception_handler(exc, context)
