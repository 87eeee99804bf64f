"""Validation and normalisation of reply_markup (inline, reply keyboard, remove, force reply)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from . import errors
from .errors import bad_request

# Inline button fields that give a button an action besides callback_data / url.
_OTHER_ACTIONS = (
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
_REPLY_FLAGS = ("request_contact", "request_location")


@dataclass
class Markup:
    """A parsed reply_markup."""

    inline: dict[str, Any] | None = None  # normalised InlineKeyboardMarkup, echoed in Message
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    reply_keyboard: list[list[dict[str, Any]]] | None = None
    one_time_keyboard: bool = False
    resize_keyboard: bool = False
    remove_keyboard: bool = False
    force_reply: bool = False


def _inline_button(raw: Any) -> dict[str, Any]:
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request(
            'Bad Request: can\'t parse inline keyboard button: Field "text" must be of type String'
        )
    button: dict[str, Any] = {"text": raw["text"]}
    if "callback_data" in raw and raw["callback_data"] is not None:
        data = raw["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= 64:
            raise bad_request(errors.BUTTON_DATA_INVALID)
        button["callback_data"] = data
        return button
    if raw.get("url") is not None:
        url = raw["url"]
        parsed = urlparse(url) if isinstance(url, str) else None
        if (
            parsed is None
            or parsed.scheme not in ("http", "https", "tg")
            or not (parsed.netloc or parsed.scheme == "tg")
        ):
            raise bad_request(errors.BUTTON_URL_INVALID)
        button["url"] = url
        return button
    for action in _OTHER_ACTIONS:
        if raw.get(action) is not None:
            button[action] = raw[action]
            return button
    raise bad_request(errors.BUTTON_NO_ACTION)


def _rows(raw: Any, field_name: str, markup_name: str) -> list[list[Any]]:
    if not isinstance(raw, list) or not all(isinstance(row, list) for row in raw):
        raise bad_request(
            f'Bad Request: field "{field_name}" of the {markup_name} should be an Array of Arrays'
        )
    return raw


def _reply_button(raw: Any) -> dict[str, Any]:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise bad_request('Bad Request: can\'t parse keyboard button: Field "text" must be of type String')
    button: dict[str, Any] = {"text": raw["text"]}
    for flag in _REPLY_FLAGS:
        button[flag] = bool(raw.get(flag, False))
    return button


def parse_markup(raw: Any) -> Markup:
    """Validate a reply_markup the way Telegram does; raise ApiError(400) if it is refused."""
    if raw is None:
        return Markup()
    if not isinstance(raw, dict):
        raise bad_request(errors.REPLY_MARKUP_INVALID)
    if "inline_keyboard" in raw:
        rows = _rows(raw["inline_keyboard"], "inline_keyboard", "InlineKeyboardMarkup")
        buttons = [[_inline_button(b) for b in row] for row in rows]
        buttons = [row for row in buttons if row]
        return Markup(inline={"inline_keyboard": buttons} if buttons else None, buttons=buttons)
    if "keyboard" in raw:
        rows = _rows(raw["keyboard"], "keyboard", "ReplyKeyboardMarkup")
        keyboard = [[_reply_button(b) for b in row] for row in rows]
        return Markup(
            reply_keyboard=[row for row in keyboard if row],
            one_time_keyboard=bool(raw.get("one_time_keyboard", False)),
            resize_keyboard=bool(raw.get("resize_keyboard", False)),
        )
    if raw.get("remove_keyboard"):
        return Markup(remove_keyboard=True)
    if raw.get("force_reply"):
        return Markup(force_reply=True)
    raise bad_request(errors.REPLY_MARKUP_INVALID)
