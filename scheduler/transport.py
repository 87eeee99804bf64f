"""What the outbox dispatcher needs from a chat channel, framework-neutral.

Each adapter in bot/ implements Transport; errors come back as SendFailure kinds so the
dispatcher's retry rules never see a framework exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from handlers.model import Reply

FailureKind = Literal["retry_after", "blocked", "not_modified", "network", "server", "bad_request"]


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


class Transport(Protocol):
    """Sends one rendered reply to a chat; raises SendFailure."""

    channel: str

    async def deliver(self, chat_id: int, reply: Reply) -> Sent: ...
