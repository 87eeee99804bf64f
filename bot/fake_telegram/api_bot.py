"""Bot API methods about the bot itself: identity, updates, webhook, commands, callbacks, files."""

from __future__ import annotations

import re
from typing import Any

from . import errors, objects
from .errors import bad_request
from .params import Upload
from .state import FakeState

_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")


def _scope_key(p: dict[str, Any]) -> tuple[str, str]:
    scope = p.get("scope")
    scope_type = scope.get("type", "default") if isinstance(scope, dict) else "default"
    if isinstance(scope, dict) and scope.get("chat_id") is not None:
        scope_type = f"{scope_type}:{scope['chat_id']}"
    return scope_type, str(p.get("language_code") or "")


class BotMethods:
    """getMe, getUpdates, webhook calls, commands, menu button, callbacks and getFile."""

    def __init__(self, state: FakeState) -> None:
        self.state = state

    def table(self) -> dict[str, Any]:
        """Canonical method name -> handler."""
        return {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "deleteWebhook": self.delete_webhook,
            "setWebhook": self.set_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "logOut": self.ok,
            "close": self.ok,
            "answerCallbackQuery": self.answer_callback_query,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "getFile": self.get_file,
        }

    async def ok(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """Methods that just succeed here (logOut, close)."""
        return True

    async def get_me(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getMe."""
        return self.state.bot_user()

    async def get_updates(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getUpdates with offset confirmation and long polling."""
        state = self.state
        state.get_updates_calls += 1
        if state.webhook_url:
            raise errors.ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        queue = state.updates
        queue.confirm(p.get("offset"))
        timeout = float(p.get("timeout") or 0)
        limit = int(p.get("limit") or 100)
        if timeout > 0:
            await state.changes.wait_until(lambda: queue.ready() or state.closing, timeout)
        if state.closing:
            return []
        return queue.take(limit)

    async def delete_webhook(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """deleteWebhook (optionally dropping pending updates)."""
        self.state.webhook_url = ""
        if p.get("drop_pending_updates"):
            self.state.updates.clear()
        return True

    async def set_webhook(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """setWebhook: from now on updates are POSTed to the URL (bot/fake_telegram/webhook.py)
        with the secret header, up to max_connections at once; getUpdates answers 409."""
        max_connections = int(p.get("max_connections") or 40)
        if not 1 <= max_connections <= 100:
            raise bad_request("Bad Request: max_connections must be between 1 and 100")
        self.state.webhook_url = str(p.get("url") or "")
        self.state.webhook_secret = str(p.get("secret_token") or "")
        self.state.webhook_max_connections = max_connections
        if p.get("drop_pending_updates"):
            self.state.updates.clear()
        self.state.changes.notify()
        return True

    async def get_webhook_info(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getWebhookInfo."""
        return {
            "url": self.state.webhook_url,
            "has_custom_certificate": False,
            "max_connections": self.state.webhook_max_connections,
            "pending_update_count": len(self.state.updates.pending),
        }

    async def answer_callback_query(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """answerCallbackQuery: each query can be answered once."""
        record = self.state.callbacks.get(str(p.get("callback_query_id", "")))
        if record is None or record.answered:
            raise bad_request(errors.QUERY_TOO_OLD)
        record.answered = True
        record.answer_text = p.get("text") or None
        record.show_alert = bool(p.get("show_alert"))
        record.url = p.get("url") or None
        self.state.emit_callback_answer(record)
        return True

    async def set_my_commands(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """setMyCommands, keyed by (scope type, language_code)."""
        commands = p.get("commands")
        if not isinstance(commands, list):
            raise bad_request("Bad Request: commands must be an Array")
        clean = []
        for command in commands:
            if not isinstance(command, dict):
                raise bad_request(errors.COMMANDS_INVALID)
            name = str(command.get("command", "")).lstrip("/")
            description = str(command.get("description", ""))
            if not _COMMAND_RE.fullmatch(name):
                raise bad_request(errors.COMMANDS_INVALID)
            if not 1 <= len(description) <= 256:
                raise bad_request("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
            clean.append({"command": name, "description": description})
        if len(clean) > 100:
            raise bad_request("Bad Request: too many commands specified")
        self.state.commands[_scope_key(p)] = clean
        return True

    async def get_my_commands(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getMyCommands."""
        return list(self.state.commands.get(_scope_key(p), []))

    async def delete_my_commands(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """deleteMyCommands."""
        self.state.commands.pop(_scope_key(p), None)
        return True

    async def set_chat_menu_button(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """setChatMenuButton (per chat, or the default when chat_id is absent)."""
        chat_id = p.get("chat_id")
        if chat_id is not None:
            self.state.chat_or_error(chat_id)
        button = p.get("menu_button") or {"type": "default"}
        if not isinstance(button, dict) or button.get("type") not in (
            "default",
            "commands",
            "web_app",
        ):
            raise bad_request("Bad Request: can't parse menu button")
        self.state.menu_buttons[int(chat_id) if chat_id is not None else None] = button
        return True

    async def get_chat_menu_button(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getChatMenuButton."""
        chat_id = p.get("chat_id")
        key = int(chat_id) if chat_id is not None else None
        return self.state.menu_buttons.get(key, self.state.menu_buttons.get(None, {"type": "commands"}))

    async def get_file(self, p: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """getFile: metadata with the download path."""
        stored = self.state.files.get(str(p.get("file_id", "")))
        if stored is None:
            raise bad_request(errors.INVALID_FILE_ID)
        return objects.file_json(stored)
