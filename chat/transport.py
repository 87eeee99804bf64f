"""What a channel offers the core: sending a reply, answering a button press, fetching media,
and what it can and cannot do. Errors come back as SendFailure kinds, so retry rules never
see a framework's exception."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from chat.replies import Edit, Message, Text

FailureKind = Literal["retry_after", "blocked", "not_modified", "network", "server", "bad_request"]

# Worth another try later: Telegram said when (429), or the answer never came (5xx, network).
RETRYABLE: frozenset[str] = frozenset({"retry_after", "network", "server"})


class SendFailure(Exception):
    """A send that did not go through, classified for the retry rules."""

    def __init__(self, kind: FailureKind, detail: str = "", retry_after: float = 0.0) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Sent:
    message_id: int | None


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a channel can do; the core falls back where it cannot (see `fit`)."""

    can_edit: bool = True  # replace a sent message's text and buttons
    buttons_per_message: int = 100
    max_text: int = 4096
    max_caption: int = 1024
    voice_format: str = "ogg/opus"
    toasts: bool = True  # a short notice on a pressed button
    # The channel wakes the person (a phone notification). Without push (the web page) a
    # message waits until the person looks, so quiet hours need not hold it back.
    push: bool = True
    # The channel's own send limits for the outbox, when they differ from Telegram's (the
    # dispatcher's SendLimits): seconds between two messages to one chat, sends a second in
    # all. 0: the dispatcher's.
    send_spacing: float = 0.0
    sends_per_second: int = 0


TELEGRAM = Capabilities()


class Transport(Protocol):
    """Sends one reply to a chat; raises SendFailure."""

    channel: str
    capabilities: Capabilities

    async def deliver(self, chat_id: str, reply: Message) -> Sent: ...

    async def answer_button(self, callback_id: str, text: str | None) -> None: ...

    async def fetch_media(self, native_id: str) -> bytes: ...


def fit(reply: Message, caps: Capabilities) -> Message:
    """The reply as this channel can show it: a new message where it cannot edit (the edit's
    short form when it has one: a card that moved on is a line, not the card again), and no
    more buttons than it allows (the first ones; a flow pages long lists itself)."""
    if isinstance(reply, Edit) and not caps.can_edit:
        reply = Text(reply.short or reply.text, reply.buttons)
    count = sum(len(row) for row in reply.buttons)
    if count > caps.buttons_per_message:
        kept, left = [], caps.buttons_per_message
        for row in reply.buttons:
            if left <= 0:
                break
            kept.append(row[:left])
            left -= len(kept[-1])
        reply.buttons = kept
    return reply
