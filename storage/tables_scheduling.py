"""Tables of the scheduler (issue 5): notices created once, scheduler state, send failures."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from storage.tables import ChannelId, UtcDateTime, metadata

# Every reminder and escalation, created exactly once (also across restarts) by its key.
# level: for a reminder, the minutes before the deadline; for an escalation, the level reached.
notices = Table(
    "notices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, nullable=False),
    Column("step", String(16), nullable=False),
    Column("kind", String(16), nullable=False),  # reminder | escalation
    Column("level", Integer, nullable=False),
    Column("due_at", UtcDateTime(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("sent", Integer, nullable=False, default=1),  # 0: superseded by a later reminder
    UniqueConstraint("case_id", "step", "kind", "level", "due_at", name="uq_notices_key"),
)

# Each running deadline's clock — the case's due step and time, how far it has climbed and
# when — copied from `cases` by triggers (migration 0024) for
# every case with a deadline. The due scan finds the escalations due in this table's index,
# so no index of `cases` names escalation_level or escalated_at: a climb, which writes only
# those two, is a HOT update of the case (no entry in its 26 indexes; 20× faster on pages not
# in memory) plus an update of this narrow row.
due_clocks = Table(
    "due_clocks",
    metadata,
    Column("case_id", Integer, ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True),
    Column("escalation_level", Integer, nullable=False),
    Column("due_step", String(16), nullable=False),
    Column("due_at", UtcDateTime(), nullable=False),
    Column("escalated_at", UtcDateTime(), nullable=True),
    # One range per (level, step) pair, so the cases at the top of their chain are skipped
    # as a whole; the last column is checked inside the index (one level at a time).
    Index("ix_due_clocks_escalation", "escalation_level", "due_step", "due_at", "escalated_at"),
)

# Small named values: the reminder watermark, the last digest dates, the last health alert.
scheduler_state = Table(
    "scheduler_state",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("value", String(64), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)

# 429 / 403 / 5xx / network answers, for `python -m bot status` (kept for a day).
send_failures = Table(
    "send_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("kind", String(16), nullable=False),
    Index("ix_send_failures_at", "at"),
)

# Who holds a role that only one process may have at a time (the Telegram poller): held while
# the holder renews it, free once it expires (a killed holder blocks its successor that long).
leases = Table(
    "leases",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("holder", String(128), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
)

# Which webhook worker handles a chat's updates now (PostgreSQL, several workers): one at a
# time, so a chat's updates run in order even when Telegram posts them to different workers.
# Renewed while the worker works, deleted once the chat's inbox is empty; a dead worker's
# claims run out at expires_at and another worker's sweep takes the chat over.
chat_claims = Table(
    "chat_claims",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("chat_id", ChannelId, primary_key=True),
    Column("worker", String(128), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False),
    Index("ix_chat_claims_worker", "worker"),
)
