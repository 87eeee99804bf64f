"""Simulated Telegram users: what they do (updates for the bot) and what they see (bot messages)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bot.fake_telegram.objects import BotMessage, bot_message_json, chat_json, photo_size, user_json

if TYPE_CHECKING:
    from bot.fake_telegram.server import FakeTelegram


class FakeUser:
    """One person in a private chat with the bot (chat id == user id)."""

    def __init__(
        self,
        fake: FakeTelegram,
        user_id: int,
        first_name: str,
        language_code: str | None,
        username: str | None,
        last_name: str | None,
    ) -> None:
        self.fake = fake
        self.user_id = user_id
        self.first_name = first_name
        self.language_code = language_code
        self.username = username
        self.last_name = last_name
        self.messages: list[BotMessage] = []
        self.events: list[tuple[BotMessage, str]] = []  # every send and edit, in order
        self._changed = asyncio.Event()
        self._last_text_message: dict[str, Any] | None = None

    # --- identity ----------------------------------------------------------------------

    @property
    def json(self) -> dict[str, Any]:
        return user_json(self.user_id, self.first_name, self.last_name, self.username, self.language_code)

    @property
    def chat(self) -> dict[str, Any]:
        return chat_json(self.user_id, self.first_name, self.username)

    # --- what the user does --------------------------------------------------------------

    def _message(self, **content: Any) -> dict[str, Any]:
        return {
            "message_id": self.fake.next_message_id(self.user_id),
            "date": int(time.time()),
            "chat": self.chat,
            "from": self.json,
            **content,
        }

    def send_text(self, text: str) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(" ", 1)[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        message = self._message(**content)
        self._last_text_message = message
        return self.fake.enqueue({"message": message})

    def edit_last_text(self, text: str) -> dict[str, Any]:
        if self._last_text_message is None:
            raise LookupError("this user has sent no text yet")
        edited = {**self._last_text_message, "text": text, "edit_date": int(time.time())}
        return self.fake.enqueue({"edited_message": edited})

    def share_contact(self, phone_number: str = "+8613800138000", own: bool = True) -> dict[str, Any]:
        contact: dict[str, Any] = {"phone_number": phone_number, "first_name": self.first_name}
        if own:
            contact["user_id"] = self.user_id
        return self.fake.enqueue({"message": self._message(contact=contact)})

    def send_location(self, latitude: float, longitude: float) -> dict[str, Any]:
        return self.fake.enqueue(
            {"message": self._message(location={"latitude": latitude, "longitude": longitude})}
        )

    def send_photo(
        self, data: bytes = b"\xff\xd8\xff fake jpeg", caption: str | None = None
    ) -> dict[str, Any]:
        file_id = self.fake.store_file(data, "photos", ".jpg")
        content: dict[str, Any] = {
            "photo": [photo_size(file_id + "s", len(data) // 4), photo_size(file_id, len(data))]
        }
        self.fake.files[file_id + "s"] = self.fake.files[file_id]
        if caption:
            content["caption"] = caption
        return self.fake.enqueue({"message": self._message(**content)})

    def send_voice(self, data: bytes = b"OggS fake voice", duration: int = 3) -> dict[str, Any]:
        file_id = self.fake.store_file(data, "voice", ".oga")
        return self.fake.enqueue(
            {
                "message": self._message(
                    voice={
                        "file_id": file_id,
                        "file_unique_id": f"u{file_id}",
                        "duration": duration,
                        "mime_type": "audio/ogg",
                        "file_size": len(data),
                    }
                )
            }
        )

    def send_document(self, data: bytes, file_name: str = "file.csv") -> dict[str, Any]:
        file_id = self.fake.store_file(data, "documents", "")
        return self.fake.enqueue(
            {
                "message": self._message(
                    document={
                        "file_id": file_id,
                        "file_unique_id": f"u{file_id}",
                        "file_name": file_name,
                        "file_size": len(data),
                    }
                )
            }
        )

    def send_sticker(self) -> dict[str, Any]:
        return self.fake.enqueue(
            {
                "message": self._message(
                    sticker={
                        "file_id": "sticker1",
                        "file_unique_id": "usticker1",
                        "type": "regular",
                        "width": 512,
                        "height": 512,
                        "is_animated": False,
                        "is_video": False,
                    }
                )
            }
        )

    def press(self, text_or_data: str) -> dict[str, Any]:
        """Press a button on the newest bot message that has it (by label or payload)."""
        for message in reversed(self.messages):
            button = message.find_button(text_or_data)
            if button is not None and "callback_data" in button:
                return self.press_on(message.message_id, button["callback_data"])
        raise LookupError(f"no button {text_or_data!r} in this chat:\n{self.transcript()}")

    def press_on(self, message_id: int, callback_data: str) -> dict[str, Any]:
        """Press any payload on a message: forged and stale presses included."""
        message = next((m for m in self.messages if m.message_id == message_id), None)
        if message is None:
            raise LookupError(f"no bot message {message_id} in this chat")
        query_id = self.fake.new_callback_id()
        return self.fake.enqueue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.json,
                    "chat_instance": str(self.user_id),
                    "data": callback_data,
                    "message": bot_message_json(message, self.chat, self.fake.bot_json),
                }
            }
        )

    # --- what the user sees ---------------------------------------------------------------

    @property
    def last(self) -> BotMessage:
        if not self.messages:
            raise LookupError("the bot has sent nothing to this chat")
        return self.messages[-1]

    def record(self, message: BotMessage, event: str) -> None:
        if event == "sent":
            self.messages.append(message)
        self.events.append((message, event))
        self._changed.set()

    def wait_for(
        self, predicate: Callable[[BotMessage], bool] | None = None, timeout: float = 10.0, count: int = 1
    ):  # type: ignore[no-untyped-def]
        """Wait for `count` bot sends or edits in this chat from now on (matching `predicate`).

        Counting starts when this is called, so call it before the action that causes
        the messages, and await it after.
        """
        start = len(self.events)

        async def waiter() -> list[BotMessage]:
            deadline = asyncio.get_running_loop().time() + timeout
            while True:
                new = [m for m, _ in self.events[start:] if predicate is None or predicate(m)]
                if len(new) >= count:
                    return new
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise TimeoutError(
                        f"waited {timeout}s for {count} message(s), got {len(new)}; "
                        f"chat so far:\n{self.transcript()}"
                    )
                self._changed.clear()
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    pass

        return waiter()

    def transcript(self) -> str:
        lines = []
        for message in self.messages[-15:]:
            buttons = " ".join(f"[{t}]" for t in message.button_texts())
            lines.append(f"#{message.message_id}{'*' if message.edited else ''}: {message.plain} {buttons}")
        return "\n".join(lines)
