"""LOG_FORMAT=json: one JSON object a line — time, level, logger, message, exception — for a
log shipper (journald, Loki, Elasticsearch). Redacted like the plain lines: the message and
the traceback go through bot/logs.py's redact(), so no token, phone or ID number appears."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from bot.logs import RedactingFilter, redact


class JsonFormatter(logging.Formatter):
    """{"time": ISO 8601 UTC, "level", "logger", "message", "exception": text or null}."""

    def format(self, record: logging.LogRecord) -> str:
        exception = None
        if record.exc_info:
            exception = self.formatException(record.exc_info)
        elif record.exc_text:
            exception = record.exc_text
        if record.stack_info:
            stack = self.formatStack(record.stack_info)
            exception = f"{exception}\n{stack}" if exception else stack
        return json.dumps({
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
            "exception": None if exception is None else redact(exception),
        }, ensure_ascii=False)


def use_json_logs() -> None:
    """Switch the redacting handler that configure_logging() installed to JSON lines."""
    for handler in logging.getLogger().handlers:
        if any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.setFormatter(JsonFormatter())
