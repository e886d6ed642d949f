"""JSON bodies with limits: a body larger than `API_MAX_JSON_BYTES` or nested deeper than
`API_MAX_JSON_DEPTH` is refused with 400 before it is parsed (Python's parser would otherwise
recurse until it fails, and a huge body costs memory and time for nothing)."""

import io
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import parsers
from rest_framework.exceptions import ParseError

# A whole JSON string (escapes included) or one bracket: brackets inside strings do not count.
_TOKENS = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)
_OPENERS = frozenset(b"[{")


def json_depth_exceeds(data: bytes, limit: int) -> bool:
    """Does any value in `data` nest arrays or objects more than `limit` deep?"""
    depth = 0
    for match in _TOKENS.finditer(data):
        first = match.group()[0]
        if first in _OPENERS:
            depth += 1
            if depth > limit:
                return True
        elif first != 0x22:  # a closing bracket (0x22 is '"', a string)
            depth -= 1
    return False


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser behind a size and a nesting-depth limit."""

    def parse(self, stream, media_type=None, parser_context=None):
        max_bytes = settings.API_MAX_JSON_BYTES
        data = stream.read(max_bytes + 1) if stream is not None else b""
        if len(data) > max_bytes:
            raise ParseError(_("The request body is too large: at most %(limit)d bytes.")
                             % {"limit": max_bytes})
        if json_depth_exceeds(data, settings.API_MAX_JSON_DEPTH):
            raise ParseError(_("The request body is nested too deeply: at most %(limit)d "
                               "levels.") % {"limit": settings.API_MAX_JSON_DEPTH})
        try:
            return super().parse(io.BytesIO(data), media_type, parser_context)
        except RecursionError:  # belt and braces: never a 500
            raise ParseError(_("The request body is nested too deeply.")) from None

