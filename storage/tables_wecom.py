"""Tables of the WeCom channel: the messages sent there, so an edit finds its card; and the
codes an official moves their cards between Telegram and WeCom with."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# Every message sent to a WeCom user, numbered here: WeCom's own msgid is a string and the
# flows edit messages by number. A template card keeps the task id it was sent with and its
# response code: WeCom changes a card only with a code it gave (on the send, and again on
# each press), once, within 72 hours. `code_used` marks the code spent.
wecom_messages = Table(
    "wecom_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", ChannelId, nullable=False),
    Column("task_id", String(64), nullable=True),  # a card's; None for a text or a file
    Column("buttons", Integer, nullable=False, default=0),
    Column("response_code", String(255), nullable=True),
    Column("code_at", UtcDateTime(), nullable=True),
    Column("code_used", UtcDateTime(), nullable=True),
    Column("sent_at", UtcDateTime(), nullable=False),
    Index("ix_wecom_messages_sent", "sent_at"),
)

# An official moving their cards to another channel (/channel): a single-use code, kept only
# as a hash, that they send from the other channel (/join CODE) within CHANNEL_MOVE_MINUTES.
channel_moves = Table(
    "channel_moves",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("official_id", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime(), nullable=True),
)
