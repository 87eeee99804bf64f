"""The neutral incoming event: what an adapter turns a channel's update into."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

EventKind = Literal[
    "text", "command", "button", "contact", "location", "photo", "voice", "document", "other"
]


@dataclass(frozen=True, slots=True)
class Sender:
    """The person behind an event, as the channel knows them. Ids are strings on every
    channel (Telegram's integers as text): a web visitor or a WeCom user has no integer id."""

    user_id: str
    first_name: str = ""
    username: str | None = None
    language_code: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One incoming update, reduced to what the flows need.

    `update_key` is the channel's own key for the update (Telegram's update_id, as text),
    unique per (channel, chat) within the retention window of the processed-updates log.
    `media` is a channel-qualified media reference ("telegram:<file id>", see chat.media).
    """

    channel: str
    chat_id: str
    sender: Sender
    kind: EventKind
    update_key: str | None = None
    text: str | None = None  # message text or caption
    command: str | None = None  # "start" for "/start abc"
    args: str = ""  # "abc"
    data: str | None = None  # button payload
    message_id: int | None = None  # the message a button sits on
    callback_id: str | None = None
    phone: str | None = None  # shared contact
    contact_user_id: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    media: str | None = None  # photo (largest size), voice or document, channel-qualified
    # A village the channel vouches for: a web visitor who opened that village's signed QR
    # poster. The flows offer it first when they ask for the village, and check it is one.
    place_hint: str | None = None
