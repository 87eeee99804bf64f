"""Turning text/caption + parse_mode into what Telegram stores, with Telegram's limits."""

from __future__ import annotations

from typing import Any

from . import errors
from .errors import bad_request
from .html_check import HtmlError, ParsedText, parse_html, parse_plain

MAX_TEXT = 4096
MAX_CAPTION = 1024


def format_text(
    text: Any,
    parse_mode: Any,
    entities: Any,
    *,
    strict_ampersand: bool,
    caption: bool = False,
) -> ParsedText:
    """Parse and check a message text (or caption); raise ApiError(400) like Telegram."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    mode = parse_mode.lower() if isinstance(parse_mode, str) and parse_mode else None
    if mode == "html":
        try:
            parsed = parse_html(text, strict_ampersand=strict_ampersand)
        except HtmlError as exc:
            raise bad_request(errors.CANT_PARSE + str(exc)) from None
    elif mode in ("markdown", "markdownv2"):
        # Markdown is not validated by this fake; the project sends HTML.
        parsed = parse_plain(text)
    elif mode is not None:
        raise bad_request("Bad Request: unsupported parse_mode")
    else:
        parsed = parse_plain(text, entities if isinstance(entities, list) else None)
    if caption:
        if len(parsed.text) > MAX_CAPTION:
            raise bad_request(errors.CAPTION_TOO_LONG)
    else:
        if not parsed.text:
            raise bad_request(errors.TEXT_EMPTY)
        if len(parsed.text) > MAX_TEXT:
            raise bad_request(errors.TEXT_TOO_LONG)
    return parsed
