"""Tables of the officials' side: invites, join attempts, home visits, assistance measures."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
)

from storage.tables import ChannelId, UtcDateTime, metadata

# Single-use, expiring invite codes; only a hash of the code is kept.
invites = Table(
    "invites",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("role", String(16), nullable=False),
    Column("division_code", String(32), nullable=False),
    Column("created_by", Integer, nullable=True),  # officials.id; None from the command line
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Column("used_at", UtcDateTime(), nullable=True),
    Column("used_by", ChannelId, nullable=True),  # the channel's user id
    Column("revoked_at", UtcDateTime(), nullable=True),
)

# Every attempt to redeem a code, for the rate limit and the audit trail.
join_attempts = Table(
    "join_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(16), nullable=False),
    Column("user_id", ChannelId, nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("reason", String(32), nullable=False),
)

# Home visits (入户核实) and follow-up visits.
visits = Table(
    "visits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("official_id", Integer, nullable=False),
    Column("kind", String(16), nullable=False),  # initial | follow_up
    Column("checks", JSON, nullable=False),  # {"food": "ok"|"risk", ...}
    Column("income_per_person", Integer, nullable=True),  # yuan per person per year
    Column("notes_enc", LargeBinary, nullable=True),
    Column("media", JSON, nullable=False),
)

# Assistance measures (一揽子帮扶).
measures = Table(
    "measures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("amount", Integer, nullable=True),  # yuan
    Column("period", String(16), nullable=True),  # monthly | one_off
    Column("end_date", Date, nullable=True),
    Column("official_id", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)
