"""Tables of the send budget shared by several processes on one PostgreSQL (issue 12): who is
sending, when each chat may receive again, and the pauses a 429 asked for."""

from __future__ import annotations

from sqlalchemy import Column, PrimaryKeyConstraint, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# Every process sending under the shared budget, with its last heartbeat: each takes
# floor(budget / live processes) of the bot-wide rate.
send_workers = Table(
    "send_workers",
    metadata,
    Column("worker", String(128), primary_key=True),
    Column("started_at", UtcDateTime(), nullable=False),
    Column("seen_at", UtcDateTime(), nullable=False),
)

# When a chat may receive its next outbox message: set far ahead when a process claims one of
# its messages (busy for every process while it is in flight), then to one interval after the
# send (three seconds for a group: twenty a minute), or to the end of a 429's pause.
chat_pacing = Table(
    "chat_pacing",
    metadata,
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("next_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("channel", "chat_id", name="pk_chat_pacing"),
)

# A 429's "retry after" for one chat, or for the whole bot (chat_id '*'): honoured by every
# process's dispatcher and reply sender. Few rows: read by every process each second.
send_pauses = Table(
    "send_pauses",
    metadata,
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("until", UtcDateTime(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    PrimaryKeyConstraint("channel", "chat_id", name="pk_send_pauses"),
)
