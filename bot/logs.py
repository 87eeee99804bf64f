"""Logging that never carries a token, phone or ID number."""

from __future__ import annotations

import logging
import re
import sys
from types import TracebackType
from typing import TextIO

# Bot API URLs carry the token: /bot123456:ABC.../method
_TOKEN = re.compile(r"bot\d+:[A-Za-z0-9_-]+")
_PHONE = re.compile(r"(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)")
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


class RedactingFilter(logging.Filter):
    """Masks tokens, mobile numbers and ID numbers in every record, whatever logged it —
    its message, the traceback of an exception logged with it and its stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # An exception's text may quote what a person typed ("bad phone 139…"). The
            # traceback is formatted here, once, redacted; every formatter then reuses
            # record.exc_text instead of formatting the exception again.
            record.exc_text = _EXCEPTIONS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_EXCEPTIONS = logging.Formatter()


def redact(text: str) -> str:
    text = _TOKEN.sub("bot<token>", text)
    text = _PHONE.sub("<phone>", text)
    return _ID_NUMBER.sub("<id-number>", text)


class StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the time of the record, not at set-up: a test
    runner or a daemon that swaps the stream never gets a "closed file" error."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        pass  # StreamHandler assigns it in __init__; the live sys.stderr always wins


def _log_uncaught(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An exception nobody caught is logged (so redacted), not printed raw by Python."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    logging.getLogger("uncaught").critical("uncaught exception", exc_info=(kind, error, tb))


def configure_logging(level: str = "INFO") -> None:
    """Plain logs on stderr, redacted; httpx/aiohttp request lines (they hold the token) silenced;
    uncaught exceptions logged through the same filter."""
    sys.excepthook = _log_uncaught
    root = logging.getLogger()
    if not any(isinstance(f, RedactingFilter) for h in root.handlers for f in h.filters):
        handler = StderrHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler.addFilter(RedactingFilter())
        root.addHandler(handler)
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "aiohttp.access", "telegram.ext.Updater", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
