"""Structured logs: one JSON object per line, with the request id of the HTTP request or
Celery task the line belongs to (LOG_FORMAT=json, the default; `text` for a terminal)."""

import json
import logging
from datetime import UTC, datetime

from ops.request_id import current_request_id

# Attributes every LogRecord has; anything else was passed with `extra=` and is kept.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


def install_request_id_on_records() -> None:
    """Every log record gets `request_id` when it is made, whichever handler takes it
    (the console, a test's caplog, an error reporter). Idempotent."""
    factory = logging.getLogRecordFactory()
    if getattr(factory, "adds_request_id", False):
        return

    def make_record(*args, **kwargs):
        record = factory(*args, **kwargs)
        record.request_id = current_request_id.get()
        return record

    make_record.adds_request_id = True
    logging.setLogRecordFactory(make_record)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        event = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or None,
            "process": record.process,
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                event[key] = value
        if record.exc_info:
            event["exception"] = self.formatException(record.exc_info)
        return json.dumps(event, default=str, ensure_ascii=False)


class AccessLogMiddleware:
    """One line per HTTP request (method, path, status, duration), after RequestIdMiddleware."""

    logger = logging.getLogger("licensing.access")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = datetime.now(UTC)
        response = self.get_response(request)
        elapsed = (datetime.now(UTC) - started).total_seconds()
        self.logger.info("%s %s %s", request.method, request.path, response.status_code,
                         extra={"method": request.method, "path": request.path,
                                "status": response.status_code,
                                "duration_ms": round(elapsed * 1000, 1)})
        return response


def logging_config(level: str, fmt: str) -> dict:
    """The LOGGING setting: everything to stderr, JSON or text, with the request id."""
    install_request_id_on_records()
    formatter = ({"()": "ops.logs.JsonFormatter"} if fmt == "json" else
                 {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"})
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        # Django's own request log repeats what the access log says, less structured.
        "loggers": {"django.server": {"level": "WARNING"}},
    }
