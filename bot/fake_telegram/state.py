"""In-memory world of the fake: the bot, private chats, their messages and button presses."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import errors, objects
from .errors import ApiError
from .files import FileStore
from .models import BotEvent, BotMessage, CallbackRecord, RecordedRequest, UserMessage
from .notify import Changes
from .updates import UpdateQueue

ChatEntry = BotMessage | UserMessage | CallbackRecord
BotMessageListener = Callable[[BotMessage, BotEvent], None]
CallbackListener = Callable[[CallbackRecord], None]


@dataclass
class ChatState:
    """One private chat: the user, a shared message-id counter and everything said."""

    user: dict[str, Any]
    chat: dict[str, Any]
    next_message_id: int = 1
    log: list[ChatEntry] = field(default_factory=list)  # messages and presses, in order
    bot_log: list[BotMessage] = field(default_factory=list)  # bot messages incl. deleted
    keyboard: list[list[dict[str, Any]]] | None = None  # reply keyboard currently shown
    keyboard_one_time: bool = False
    actions: list[str] = field(default_factory=list)  # sendChatAction history
    events: list[tuple[BotMessage, BotEvent]] = field(default_factory=list)  # sends, edits
    # Injected faults as (len(log) at the time, text): kept out of ``log`` so readers of the
    # log (the sandbox) only ever see messages and presses.
    fault_notes: list[tuple[int, str]] = field(default_factory=list)

    @property
    def chat_id(self) -> int:
        """The chat's id (== the user's id)."""
        return int(self.chat["id"])

    def alloc_message_id(self) -> int:
        """Next message id in this chat; user and bot share the counter like Telegram."""
        message_id = self.next_message_id
        self.next_message_id += 1
        return message_id

    def find(self, message_id: int) -> BotMessage | UserMessage | None:
        """A message of either side by id (deleted bot messages excluded)."""
        for entry in reversed(self.log):
            if isinstance(entry, BotMessage) and entry.message_id == message_id:
                return None if entry.deleted else entry
            if isinstance(entry, UserMessage) and entry.message_id == message_id:
                return entry
        return None


class FakeState:
    """Everything the server knows; shared by the HTTP layer and the test-facing API."""

    def __init__(
        self,
        bot_username: str,
        bot_first_name: str,
        first_update_id: int = 1,
        clock: Callable[[], float] = time.time,
        strict_ampersand: bool = True,
    ) -> None:
        self.changes = Changes()
        self.updates = UpdateQueue(self.changes, first_update_id)
        self.files = FileStore()
        self.clock = clock
        self.strict_ampersand = strict_ampersand
        self.bot_username = bot_username
        self.bot_first_name = bot_first_name
        self.bot_id = 0  # learnt from the first token seen
        self.chats: dict[int, ChatState] = {}
        self.callbacks: dict[str, CallbackRecord] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}
        self.webhook_url = ""
        self.webhook_secret = ""
        self.webhook_max_connections = 40  # Telegram's default
        # Where webhook POSTs go instead of webhook_url, in turn (a test's stand-in for a
        # load balancer in front of several workers); empty: webhook_url.
        self.webhook_targets: list[str] = []
        self.requests: list[RecordedRequest] = []
        self.get_updates_calls = 0
        self.closing = False
        self._message_listeners: list[BotMessageListener] = []
        self._callback_listeners: list[CallbackListener] = []

    def now(self) -> int:
        """Current Unix time as Telegram's int dates."""
        return int(self.clock())

    def bot_user(self) -> dict[str, Any]:
        """The bot as a User object."""
        return objects.bot_user_json(self.bot_id, self.bot_first_name, self.bot_username)

    def chat_or_error(self, chat_id: Any) -> ChatState:
        """The chat for a chat_id parameter, or Telegram's 'chat not found'."""
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        try:
            key = int(chat_id)
        except (TypeError, ValueError):
            raise ApiError(400, errors.CHAT_NOT_FOUND) from None
        chat = self.chats.get(key)
        if chat is None:
            raise ApiError(400, errors.CHAT_NOT_FOUND)
        return chat

    def message_json(self, chat: ChatState, msg: BotMessage | UserMessage) -> dict[str, Any]:
        """Full Message JSON for a stored message, with one level of reply_to_message."""
        reply = None
        if msg.reply_to is not None:
            target = chat.find(msg.reply_to)
            if target is not None:
                reply = self._flat_json(chat, target)
        return self._flat_json(chat, msg, reply)

    def _flat_json(
        self,
        chat: ChatState,
        msg: BotMessage | UserMessage,
        reply: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        if isinstance(msg, BotMessage):
            return objects.bot_message_json(msg, chat.chat, self.bot_user(), reply)
        return objects.user_message_json(msg, chat.chat, chat.user, reply)

    def add_bot_message(self, chat: ChatState, msg: BotMessage) -> None:
        """Store a new bot message and tell listeners."""
        chat.log.append(msg)
        chat.bot_log.append(msg)
        self.emit(msg, "sent")

    def note_fault(self, chat_id: Any, text: str) -> None:
        """Mark an injected fault in its chat's transcript (ignored for unknown chats)."""
        try:
            chat = self.chats.get(int(chat_id))
        except (TypeError, ValueError):
            return
        if chat is not None:
            chat.fault_notes.append((len(chat.log), text))

    def emit(self, msg: BotMessage, event: BotEvent) -> None:
        """Log the event in its chat, run listeners synchronously, then wake waiters."""
        chat = self.chats.get(msg.chat_id)
        if chat is not None:
            chat.events.append((msg, event))
        for listener in list(self._message_listeners):
            listener(msg, event)
        self.changes.notify()

    def emit_callback_answer(self, record: CallbackRecord) -> None:
        """Run callback-answer listeners, then wake waiters."""
        for listener in list(self._callback_listeners):
            listener(record)
        self.changes.notify()

    def on_bot_message(self, listener: BotMessageListener) -> Callable[[], None]:
        """Register a listener; returns a function that unregisters it."""
        self._message_listeners.append(listener)
        return lambda: self._message_listeners.remove(listener)

    def on_callback_answered(self, listener: CallbackListener) -> Callable[[], None]:
        """Register a listener for answerCallbackQuery; returns an unregister function."""
        self._callback_listeners.append(listener)
        return lambda: self._callback_listeners.remove(listener)
