"""Drive the neutral core like a person would: type, press, share — and read the replies.

The errbot "testbot" shape: push a message, pop the replies.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from chat.events import Event, Sender
from chat.media import qualify
from chat.replies import Reply
from handlers.engine import Engine


@dataclass
class FlowChat:
    core: Engine
    user_id: int
    first_name: str = "测试"
    language_code: str | None = "zh-hans"
    channel: str = "telegram"
    history: list[Reply] = field(default_factory=list)
    _updates: itertools.count = field(default_factory=lambda: itertools.count(1))
    _messages: itertools.count = field(default_factory=lambda: itertools.count(1000))

    @property
    def sender(self) -> Sender:
        return Sender(str(self.user_id), self.first_name, None, self.language_code)

    async def _run(self, **fields: object) -> list[Reply]:
        event = Event(channel=self.channel, chat_id=str(self.user_id), sender=self.sender,
                      update_key=str(self.user_id * 100000 + next(self._updates)), **fields)
        return await self.deliver(event)

    async def deliver(self, event: Event) -> list[Reply]:
        replies = await self.core.handle(event)
        self.history.extend(replies)
        self.last_event = event
        return replies

    async def send(self, text: str) -> list[Reply]:
        if text.startswith("/"):
            command, _, args = text[1:].partition(" ")
            return await self._run(kind="command", text=text, command=command, args=args)
        return await self._run(kind="text", text=text)

    async def send_kind(self, kind: str, **fields: object) -> list[Reply]:
        """A photo, voice note, contact…; file_id= is a Telegram file id (qualified here)."""
        if "file_id" in fields:
            fields["media"] = qualify(self.channel, str(fields.pop("file_id")))
        return await self._run(kind=kind, **fields)

    async def press_data(self, data: str, message_id: int | None = None) -> list[Reply]:
        return await self._run(kind="button", data=data, message_id=message_id or 1,
                               callback_id=str(next(self._messages)))

    async def press(self, label: str) -> list[Reply]:
        """Press the newest button whose label contains `label`."""
        for reply in reversed(self.history):
            for row in reply.buttons:
                for button in row:
                    if label in button.text:
                        return await self.press_data(button.data)
        raise AssertionError(f"no button {label!r} in:\n{self.transcript()}")

    def texts(self) -> str:
        return "\n".join(r.text for r in self.history)

    def transcript(self) -> str:
        lines = []
        for r in self.history[-12:]:
            labels = " ".join(f"[{b.text}]" for row in r.buttons for b in row)
            lines.append(f"{r.text} {labels}")
        return "\n".join(lines)
