"""FakeUser: a simulated person in a private chat with the bot."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Coroutine
from typing import Any

from . import objects
from .html_check import utf16_len
from .models import BotMessage, CallbackRecord, UserMessage
from .state import ChatState, FakeState
from .transcript import render

# tdlib's bot-command rule: "/" + 1-64 word chars, optional @botname, not glued to words.
_COMMAND_RE = re.compile(r"(?<![\w/<>])/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?(?![\w/<>@])")
# Minimal RIFF/WEBP header so stickers have plausible bytes.
_STICKER_BYTES = b"RIFF\x1a\x00\x00\x00WEBPVP8 \x0e\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"


def command_entities(text: str) -> list[dict[str, Any]]:
    """bot_command entities Telegram would attach to a user's text (UTF-16 offsets)."""
    return [
        {
            "type": "bot_command",
            "offset": utf16_len(text[: m.start()]),
            "length": utf16_len(m.group()),
        }
        for m in _COMMAND_RE.finditer(text)
    ]


class FakeUser:
    """Acts as one user: each action enqueues an Update and returns it."""

    def __init__(self, state: FakeState, chat: ChatState) -> None:
        self._state = state
        self._chat = chat
        self.chat_instance = str(secrets.randbits(62))

    # --- identity --------------------------------------------------------------------------

    @property
    def id(self) -> int:
        """User id (== private chat id)."""
        return self._chat.chat_id

    @property
    def chat_id(self) -> int:
        """Private chat id (== user id)."""
        return self._chat.chat_id

    @property
    def first_name(self) -> str:
        """User's first name."""
        return str(self._chat.user["first_name"])

    @property
    def user_id(self) -> int:
        """User id (alias of ``id``)."""
        return self._chat.chat_id

    @property
    def username(self) -> str | None:
        """Telegram @username, if any."""
        return self._chat.user.get("username")

    @property
    def last_name(self) -> str | None:
        """Last name, if any."""
        return self._chat.user.get("last_name")

    @property
    def language_code(self) -> str | None:
        """Language the user's Telegram app reports; settable (a person switches language)."""
        return self._chat.user.get("language_code")

    @language_code.setter
    def language_code(self, value: str | None) -> None:
        if value:
            self._chat.user["language_code"] = value
        else:
            self._chat.user.pop("language_code", None)

    @property
    def json(self) -> dict[str, Any]:
        """The Bot API User object of this person."""
        return dict(self._chat.user)

    @property
    def chat(self) -> dict[str, Any]:
        """The Bot API Chat object of the private chat."""
        return dict(self._chat.chat)

    # --- acting ----------------------------------------------------------------------------

    def _send(self, content: dict[str, Any], reply_to: int | None = None) -> dict[str, Any]:
        chat = self._chat
        msg = UserMessage(
            chat.alloc_message_id(), chat.chat_id, self._state.now(), content, reply_to=reply_to
        )
        chat.log.append(msg)
        if chat.keyboard_one_time:
            chat.keyboard, chat.keyboard_one_time = None, False
        return self._state.updates.add("message", self._state.message_json(chat, msg))

    def send_text(self, text: str, reply_to: int | None = None) -> dict[str, Any]:
        """Send a text; commands get bot_command entities."""
        content: dict[str, Any] = {"text": text}
        entities = command_entities(text)
        if entities:
            content["entities"] = entities
        return self._send(content, reply_to)

    def share_contact(
        self,
        phone_number: str = "+8613800138000",
        own: bool = True,
        first_name: str | None = None,
    ) -> dict[str, Any]:
        """Share a contact; ``own`` makes it this user's contact (user_id set)."""
        contact: dict[str, Any] = {"phone_number": phone_number}
        if own:
            contact["first_name"] = self.first_name
            if self._chat.user.get("last_name"):
                contact["last_name"] = self._chat.user["last_name"]
            contact["user_id"] = self.id
        else:
            contact["first_name"] = first_name or "Contact"
        return self._send({"contact": contact})

    def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        """Share a location."""
        return self._send({"location": {"latitude": latitude, "longitude": longitude}})

    def send_photo(self, data: bytes, caption: str | None = None) -> dict[str, Any]:
        """Send a picture; getFile + download return ``data``."""
        stored = self._state.files.add(data, "photos", mime_type="image/jpeg")
        content: dict[str, Any] = {"photo": objects.photo_sizes(stored)}
        if caption:
            content["caption"] = caption
        return self._send(content)

    def send_voice(self, data: bytes, duration: int = 3) -> dict[str, Any]:
        """Send a voice note."""
        stored = self._state.files.add(data, "voice", mime_type="audio/ogg")
        stored.duration = duration
        return self._send({"voice": objects.voice_json(stored, duration)})

    def send_document(
        self,
        data: bytes,
        file_name: str = "file.bin",
        caption: str | None = None,
        mime_type: str | None = None,
    ) -> dict[str, Any]:
        """Send a file."""
        stored = self._state.files.add(data, "documents", file_name, mime_type)
        content: dict[str, Any] = {"document": objects.document_json(stored)}
        if caption:
            content["caption"] = caption
        return self._send(content)

    def send_sticker(self, emoji: str = "👍") -> dict[str, Any]:
        """Send a (static) sticker."""
        stored = self._state.files.add(_STICKER_BYTES, "stickers", mime_type="image/webp")
        return self._send({"sticker": objects.sticker_json(stored, emoji)})

    def edit_last_text(self, text: str) -> dict[str, Any]:
        """Edit the user's newest text message; enqueues an ``edited_message`` update."""
        for entry in reversed(self._chat.log):
            if isinstance(entry, UserMessage) and "text" in entry.content:
                entry.content["text"] = text
                entities = command_entities(text)
                if entities:
                    entry.content["entities"] = entities
                else:
                    entry.content.pop("entities", None)
                entry.edit_date = self._state.now()
                payload = self._state.message_json(self._chat, entry)
                return self._state.updates.add("edited_message", payload)
        raise LookupError(f"{self.first_name} has sent no text to edit\n{self.transcript()}")

    def press(self, text_or_data: str) -> dict[str, Any]:
        """Press a callback button on the newest bot message that has a matching one.

        Matching, per message: exact label, then exact callback_data, then label substring
        (so ``press("完成")`` finds "✔ 完成"). LookupError with the transcript if none.
        """
        for msg in reversed(self._chat.bot_log):
            if msg.deleted:
                continue
            callback_buttons = [b for row in msg.buttons for b in row if "callback_data" in b]
            for test in (
                lambda b: b["text"] == text_or_data,
                lambda b: b["callback_data"] == text_or_data,
                lambda b: text_or_data in b["text"],
            ):
                for button in callback_buttons:
                    if test(button):
                        return self.press_on(msg.message_id, button["callback_data"])
        raise LookupError(
            f"no inline button with text or callback_data {text_or_data!r} "
            f"in chat {self.chat_id}\n{self.transcript()}"
        )

    def press_on(self, message_id: int, callback_data: str) -> dict[str, Any]:
        """Send a callback query with any data "on" a message id of this chat.

        The data may be forged and the message stale (deleted messages arrive as
        inaccessible, date 0); an id never used in this chat raises LookupError.
        """
        chat = self._chat
        if not 1 <= message_id < chat.next_message_id:
            raise LookupError(f"no message {message_id} was ever in chat {self.chat_id}")
        target = chat.find(message_id)
        if target is None:
            message = objects.inaccessible_message_json(chat.chat, message_id)
        else:
            message = self._state.message_json(chat, target)
        query_id = str(secrets.randbits(63))
        payload = objects.callback_query_json(query_id, chat.user, message, callback_data, self.chat_instance)
        update = self._state.updates.add("callback_query", payload)
        record = CallbackRecord(
            query_id, self.id, chat.chat_id, message_id, callback_data, update["update_id"]
        )
        self._state.callbacks[query_id] = record
        chat.log.append(record)
        return update

    # --- observing -------------------------------------------------------------------------

    @property
    def messages(self) -> list[BotMessage]:
        """Bot messages in this chat, oldest first, without deleted ones."""
        return [m for m in self._chat.bot_log if not m.deleted]

    @property
    def all_messages(self) -> list[BotMessage]:
        """Bot messages including deleted ones (``deleted`` set)."""
        return list(self._chat.bot_log)

    @property
    def last(self) -> BotMessage:
        """Newest (non-deleted) bot message; AssertionError with the transcript if none."""
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent nothing to {self.chat_id}\n{self.transcript()}")
        return messages[-1]

    @property
    def keyboard(self) -> list[list[dict[str, Any]]] | None:
        """Reply keyboard currently shown to the user, if any."""
        return self._chat.keyboard

    @property
    def chat_actions(self) -> list[str]:
        """sendChatAction actions seen in this chat."""
        return list(self._chat.actions)

    @property
    def callbacks(self) -> list[CallbackRecord]:
        """This user's button presses, oldest first."""
        return [e for e in self._chat.log if isinstance(e, CallbackRecord)]

    def mark(self) -> int:
        """A position in this chat's bot events (sends and edits), for ``wait_for(since=...)``."""
        return len(self._chat.events)

    def wait_for(
        self,
        predicate: Callable[[BotMessage], bool] | None = None,
        timeout: float = 10.0,
        count: int = 1,
        since: int | None = None,
        edits: bool = True,
    ) -> Coroutine[Any, Any, list[BotMessage]]:
        """Wait for ``count`` new bot sends (and edits, unless ``edits=False``) in this chat.

        Counting starts when this is *called* (or at ``since``, from ``mark()``), so the safe
        pattern is ``waiter = user.wait_for(); user.press("OK"); await waiter`` — a reply
        that arrives before the ``await`` is still seen. Returns the matching messages (an
        edited message appears once per edit); raises TimeoutError with the transcript.
        """
        chat = self._chat
        start = len(chat.events) if since is None else since

        def matched() -> list[BotMessage]:
            return [
                m
                for m, event in chat.events[start:]
                if (edits or event == "sent") and (predicate is None or predicate(m))
            ]

        async def waiter() -> list[BotMessage]:
            ok = await self._state.changes.wait_until(lambda: len(matched()) >= count, timeout)
            found = matched()
            if not ok:
                what = "matching the predicate " if predicate is not None else ""
                raise TimeoutError(
                    f"waited {timeout}s for {count} new bot message(s) {what}in chat "
                    f"{self.chat_id}, got {len(found)}\n{self.transcript()}"
                )
            return found[:count]

        return waiter()

    async def wait_until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Wait until ``condition()`` holds (re-checked on every change in the fake)."""
        if not await self._state.changes.wait_until(condition, timeout):
            raise TimeoutError(f"condition not met within {timeout}s\n{self.transcript()}")

    def transcript(self) -> str:
        """Human-readable dump of the chat."""
        return render(self._chat)

    def __repr__(self) -> str:
        return f"FakeUser(id={self.id}, first_name={self.first_name!r})"
