"""Messages drawn at send time: the outbox stores a key and parameters, and a live renderer
draws the message from the database when it goes out (a case card with the recipient's
buttons, never personal data in the outbox row)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from chat.replies import Message


@dataclass(slots=True)
class Deferred:
    """A message whose heavy part (a large file) is built after the dispatcher's database
    transaction, so a long build never holds the database."""

    build: Callable[[], Awaitable[Message]]


# (open transaction, channel, chat id, params, language) → the message, a Deferred, or None
# when there is nothing to send any more. The transaction is typed Any: chat/ knows no storage.
LiveRender = Callable[[Any, str, str, dict[str, Any], str], Awaitable["Message | Deferred | None"]]
