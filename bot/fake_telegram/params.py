"""Reading Bot API parameters from query, JSON, urlencoded or multipart bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .errors import ApiError, bad_request

# Parameters that arrive JSON-encoded inside form fields (aiogram, PTB and curl all do this).
JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "commands",
        "scope",
        "menu_button",
        "allowed_updates",
        "link_preview_options",
        "reply_parameters",
        "media",
    }
)
INT_FIELDS = frozenset(
    {
        "message_id",
        "offset",
        "limit",
        "timeout",
        "cache_time",
        "reply_to_message_id",
        "duration",
        "max_connections",
        "from_chat_id",
        "message_thread_id",
    }
)
BOOL_FIELDS = frozenset(
    {
        "show_alert",
        "disable_notification",
        "protect_content",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "disable_content_type_detection",
        "show_caption_above_media",
    }
)


@dataclass
class Upload:
    """A file part of a multipart request."""

    filename: str | None
    data: bytes
    content_type: str | None


def _coerce_int(value: Any, name: str) -> Any:
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            if name == "chat_id":
                return value  # "@channelusername" stays a string
            raise bad_request(f"Bad Request: invalid {name} specified") from None
    return value


def _coerce_bool(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return value


def coerce(params: dict[str, Any]) -> dict[str, Any]:
    """Turn form strings into the JSON types a JSON body would have carried."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key in JSON_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                if key == "reply_markup":
                    raise bad_request("Bad Request: can't parse reply keyboard markup JSON object") from None
                raise bad_request(f"Bad Request: can't parse {key} JSON object") from None
        elif key in INT_FIELDS or key == "chat_id":
            value = _coerce_int(value, key)
        elif key in BOOL_FIELDS:
            value = _coerce_bool(value)
        out[key] = value
    return out


async def read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
    """All parameters of a Bot API request plus any uploaded files, keyed by field name."""
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    if request.method == "POST" and request.can_read_body:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON body") from None
            if isinstance(body, dict):
                params.update(body)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    uploads[key] = Upload(value.filename, value.file.read(), value.content_type)
                else:
                    params[key] = value
    return coerce(params), uploads
