"""The context a flow step works with: the event, the chat's state, the open transaction, replies."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cases.conversation_state import Conversation
from chat.events import Event
from chat.payloads import Payload
from chat.replies import Button, Edit, Reply, RequestKeyboard, Text, Toast
from handlers.services import Services
from i18n.render import language_for
from storage.db import Tx


@dataclass(slots=True)
class Context:
    event: Event
    conv: Conversation
    tx: Tx
    services: Services
    replies: list[Reply] = field(default_factory=list)
    value: str = ""  # the payload after its prefix (a step button: after the step's name)
    payload: Payload | None = None  # the pressed button's payload, checked by the codec
    root: Any = None  # the root Router, so any step can ask the current question again

    @property
    def lang(self) -> str:
        return self.conv.lang or language_for(self.event.sender.language_code,
                                              self.services.default_lang)

    @property
    def pressed(self) -> Payload:
        """The pressed button's payload, checked and typed by the codec (button handlers only)."""
        if self.payload is None:
            raise RuntimeError("not a button press")
        return self.payload

    @property
    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def draft(self) -> dict[str, Any]:
        return self.conv.draft

    def t(self, key: str, **params: Any) -> str:
        """Render a catalogue message in this chat's language."""
        return self.services.catalogue.text(key, self.lang, **params)

    def join(self, items: Iterable[str]) -> str:
        """A list in a sentence, with this language's separator."""
        return self.services.catalogue.join(self.lang, items)

    def say(
        self,
        key: str,
        buttons: list[list[Button]] | None = None,
        keyboard: RequestKeyboard | None = None,
        **params: Any,
    ) -> None:
        """Send a new message rendered from the catalogue."""
        self.replies.append(Text(self.t(key, **params), buttons or [], keyboard))

    def send(self, text: str, buttons: list[list[Button]] | None = None,
             keyboard: RequestKeyboard | None = None) -> None:
        """Send already-rendered HTML."""
        self.replies.append(Text(text, buttons or [], keyboard))

    def edit_or_send(self, text: str, buttons: list[list[Button]] | None = None) -> None:
        """Replace the message a button sits on (or send anew when not answering a button)."""
        if self.event.kind == "button" and self.event.message_id:
            self.replies.append(Edit(self.event.message_id, text, buttons or []))
        else:
            self.send(text, buttons)

    def toast(self, key: str, **params: Any) -> None:
        """A short notice on the button the user pressed (one per press: the first counts)."""
        if not any(isinstance(r, Toast) for r in self.replies):
            self.replies.append(Toast(self.t(key, **params)))

    def button(self, key: str, data: str, **params: Any) -> Button:
        return Button(self.t(key, **params), data)

    def go(self, step: str | None) -> None:
        self.conv.step = step

    async def ask_again(self) -> None:
        """Repeat the chat's current question (after a detour, bad input or a stale button)."""
        if self.root is not None:
            await self.root.prompt_current(self)
