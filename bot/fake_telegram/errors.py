"""Bot API error type and Telegram's exact description strings."""

from __future__ import annotations

from typing import Any

UNAUTHORIZED = "Unauthorized"
NOT_FOUND = "Not Found"
CHAT_NOT_FOUND = "Bad Request: chat not found"
TEXT_EMPTY = "Bad Request: message text is empty"
TEXT_TOO_LONG = "Bad Request: message is too long"
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
CANT_PARSE = "Bad Request: can't parse entities: "
BUTTON_DATA_INVALID = "Bad Request: BUTTON_DATA_INVALID"
BUTTON_NO_ACTION = (
    "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
)
BUTTON_URL_INVALID = "Bad Request: BUTTON_URL_INVALID"
REPLY_MARKUP_INVALID = "Bad Request: can't parse reply keyboard markup JSON object"
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
EDIT_NOT_FOUND = "Bad Request: message to edit not found"
CANT_EDIT = "Bad Request: message can't be edited"
NO_TEXT_TO_EDIT = "Bad Request: there is no text in the message to edit"
NO_CAPTION_TO_EDIT = "Bad Request: there is no caption in the message to edit"
DELETE_NOT_FOUND = "Bad Request: message to delete not found"
QUERY_TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"
WRONG_FILE_ID = "Bad Request: wrong file identifier/HTTP URL specified"
FILE_MISSING = "Bad Request: there is no {field} in the request"
INVALID_FILE_ID = "Bad Request: invalid file_id"
BLOCKED = "Forbidden: bot was blocked by the user"
INTERNAL = "Internal Server Error"
BAD_GATEWAY = "Bad Gateway"
COMMANDS_INVALID = "Bad Request: BOT_COMMAND_INVALID"

DEFAULT_DESCRIPTIONS: dict[int, str] = {
    400: "Bad Request",
    401: UNAUTHORIZED,
    403: BLOCKED,
    404: NOT_FOUND,
    409: "Conflict: terminated by other getUpdates request",
    500: INTERNAL,
    502: BAD_GATEWAY,
}


def too_many_requests(retry_after: int) -> str:
    """Telegram's 429 description for a given back-off."""
    return f"Too Many Requests: retry after {retry_after}"


class ApiError(Exception):
    """A Bot API failure that becomes an ``ok: false`` response."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        """The JSON body Telegram would answer with."""
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.status == 429 and self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class DroppedConnection(Exception):
    """Tells the server to close the connection without answering (a simulated network fault)."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


def bad_request(description: str) -> ApiError:
    """Shorthand for a 400 with the given description."""
    return ApiError(400, description)
