"""Tables of privacy and security: the audit of refused actions, requests to erase data."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# Every authorization refusal — who (an official's id, or a keyed hash of anyone else's
# account), what, which case and why — and nothing personal. Kept RETENTION_AUDIT_DAYS.
audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("channel", String(16), nullable=True),
    Column("actor", String(16), nullable=False),  # official | removed | person
    Column("official_id", Integer, nullable=True),
    Column("actor_hash", String(64), nullable=True),  # a person who is no official
    Column("roles", String(255), nullable=True),  # "officer@500119101201,…" at the time
    Column("action", String(48), nullable=False),  # "/case", "c:approve", "join", …
    Column("case_id", Integer, nullable=True),
    Column("case_ref", String(32), nullable=True),
    Column("reason", String(32), nullable=False),
    Index("ix_audit_at", "at"),
    Index("ix_audit_official_at", "official_id", "at"),
    Index("ix_audit_case_ref", "case_ref"),
)

# A person's request (/mydata) to erase what is held about them; a district admin approves it
# (the data is erased then) or refuses it with a reason (sealed), and the person is told.
data_requests = Table(
    "data_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("user_id", ChannelId, nullable=False),
    Column("lang", String(8), nullable=True),
    Column("status", String(16), nullable=False),  # pending | approved | refused
    Column("decided_by", Integer, nullable=True),  # officials.id
    Column("decided_at", UtcDateTime(), nullable=True),
    Column("reason_enc", LargeBinary, nullable=True),
    Index("ix_data_requests_chat", "channel", "chat_id"),
)
