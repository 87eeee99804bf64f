"""SQLAlchemy table definitions: the schema every query in storage/ runs against.

Core tables rather than ORM classes: the hot path is one read and one write per
conversation step, and Core statements skip the ORM's unit-of-work overhead
(bench/bench_self_report_step.py measures it). Times are stored as aware UTC datetimes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    TypeDecorator,
    UniqueConstraint,
)

# Stable constraint names so migrations are portable between SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)



class UtcDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on both backends (SQLite hands back naive values otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database: use the clock (UTC)")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class ChannelId(TypeDecorator[str]):
    """A chat's or a person's id on a channel, always a string in Python ("123456789" on
    Telegram; a web visitor's or a WeCom user's id elsewhere).

    Columns created as BIGINT by the first migrations keep that type on SQLite: it stores a
    numeric string as an integer and any other string as text, compares '123' = 123 as equal,
    and this type hands every value back as a string. PostgreSQL columns are VARCHAR (0007).
    """

    impl = String(64)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else str(value)


divisions = Table(
    "divisions",
    metadata,
    Column("code", String(32), primary_key=True),
    Column("name", String(64), nullable=False),
    Column("level", String(16), nullable=False),  # district | town | village
    Column("parent_code", String(32), nullable=True, index=True),
)

# One row per chat: language, consent and the conversation's current step + draft.
conversations = Table(
    "conversations",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("chat_id", ChannelId, primary_key=True),
    Column("user_id", ChannelId, nullable=False),
    Column("lang", String(8), nullable=True),
    Column("consent_at", UtcDateTime(), nullable=True),
    Column("step", String(64), nullable=True),
    Column("draft", JSON, nullable=False, default=dict),
    Column("unreachable", Boolean, nullable=False, default=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    # When an abandoned draft was last reminded of (a reminder older than updated_at is for
    # an earlier draft: the person came back since).
    Column("reminded_at", UtcDateTime(), nullable=True),
)

# Every update handled, with the replies it produced, keyed by chat: update numbers are per
# bot and Telegram may restart them after a quiet week, so a key alone could match another
# chat's update. The replies are owed until delivered: `owed` stays true (and `next_try` says
# when the dispatcher may take them) until every message has gone out.
processed_updates = Table(
    "processed_updates",
    metadata,
    Column("channel", String(16), primary_key=True),
    Column("chat_id", ChannelId, primary_key=True),
    Column("update_key", String(64), primary_key=True),
    Column("replies", JSON, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False, index=True),
    Column("owed", Boolean, nullable=False, default=False),
    Column("delivered", Integer, nullable=False, default=0),  # messages already sent, in order
    Column("next_try", UtcDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(255), nullable=True),
    Index("ix_processed_updates_owed", "owed", "next_try"),
)

# Updates as received, recorded (sealed) before the channel is told they arrived: a crash
# between receiving and handling loses nothing. Handled = a processed_updates row exists.
inbox = Table(
    "inbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("update_key", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False, index=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("failed", Boolean, nullable=False, default=False),  # given up: kept for an operator
    Column("last_error", String(255), nullable=True),
    Index("ix_inbox_key", "channel", "chat_id", "update_key", unique=True),
)

case_counters = Table(
    "case_counters",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("last", Integer, nullable=False),
)

officials = Table(
    "officials",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(16), nullable=False),
    Column("user_id", ChannelId, nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("display_name", String(128), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("unreachable", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime(), nullable=False),
    UniqueConstraint("channel", "user_id", name="uq_officials_channel_user"),
)

# A person may hold several divisions, each with a role.
official_roles = Table(
    "official_roles",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("official_id", Integer, ForeignKey("officials.id"), nullable=False, index=True),
    Column("role", String(16), nullable=False),
    Column("division_code", String(32), nullable=False, index=True),
    Column("active", Boolean, nullable=False, default=True),
    Column("granted_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("ref", String(32), nullable=False, unique=True),
    Column("source", String(16), nullable=False),
    Column("village_code", String(32), nullable=False),
    Column("town_code", String(32), nullable=False),
    Column("household_id", String(64), nullable=True, index=True),
    Column("head_name", String(128), nullable=False),
    Column("phone_enc", LargeBinary, nullable=True),
    Column("phone_hash", String(64), nullable=True, index=True),
    Column("id_number_enc", LargeBinary, nullable=True),
    Column("id_number_hash", String(64), nullable=True, index=True),
    Column("people", Integer, nullable=False),
    Column("risk_types", JSON, nullable=False),
    Column("description_enc", LargeBinary, nullable=True),
    Column("media", JSON, nullable=False, default=list),  # [{"kind": "photo"|"voice", "file_id": ...}]
    Column("urgent", Boolean, nullable=False, default=False),
    Column("stage", String(16), nullable=False),
    Column("category", String(16), nullable=True),
    Column("closed_reason", String(32), nullable=True),
    # While in the programme's own steps (review, notice, confirm): "inclusion" or "elimination".
    Column("track", String(16), nullable=True),
    # Who reported: a chat to send receipts to; never shown to the reported household.
    Column("reporter_channel", String(16), nullable=True),
    Column("reporter_chat_id", ChannelId, nullable=True),
    Column("reporter_lang", String(8), nullable=True),
    Column("owner_id", Integer, ForeignKey("officials.id"), nullable=True, index=True),
    # A transfer waits here until the receiver takes it: one officer, or any officer of a village.
    Column("transfer_to_id", Integer, nullable=True),
    Column("transfer_village", String(32), nullable=True),
    Column("reported_at", UtcDateTime(), nullable=False),
    Column("accepted_at", UtcDateTime(), nullable=True),
    Column("visited_at", UtcDateTime(), nullable=True),
    Column("proposed_at", UtcDateTime(), nullable=True),
    Column("identified_at", UtcDateTime(), nullable=True),  # monitoring started
    Column("eliminated_at", UtcDateTime(), nullable=True),
    Column("closed_at", UtcDateTime(), nullable=True),
    # The next deadline: which step is due, when, and how far it has climbed.
    Column("due_step", String(16), nullable=True),
    Column("due_at", UtcDateTime(), nullable=True),
    Column("escalation_level", Integer, nullable=False, default=0),
    # When it last climbed (a deadline or a chase): after downtime the next level waits a full
    # ESCALATION_REPEAT_HOURS from here, so a case climbs one level at a time.
    Column("escalated_at", UtcDateTime(), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("version", Integer, nullable=False, default=1),
    # Personal data removed (closed past RETENTION_CLOSED_CASES_DAYS, or erased on request).
    Column("anonymised_at", UtcDateTime(), nullable=True),
    Index("ix_cases_due", "due_at"),
    Index("ix_cases_reporter", "reporter_channel", "reporter_chat_id"),
    Index("ix_cases_reported_at", "reported_at"),
)

# The audit trail: every transition, reminder, escalation and refusal.
case_events = Table(
    "case_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=True, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("actor_kind", String(16), nullable=False),  # resident | official | system
    Column("actor_id", BigInteger, nullable=True),
    Column("action", String(32), nullable=False),
    Column("details", JSON, nullable=False, default=dict),
)

# Messages to anyone but the person being answered, rendered at send time.
outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("lang", String(8), nullable=True),  # None: look the recipient's language up at send time
    Column("key", String(64), nullable=False),
    Column("params", JSON, nullable=False, default=dict),
    Column("buttons", JSON, nullable=False, default=list),  # [[{"key":..,"params":..,"data":..}]]
    Column("case_id", Integer, nullable=True, index=True),
    Column("urgent", Boolean, nullable=False, default=False),
    Column("edit_of", Integer, nullable=True),  # edit the message an earlier outbox row sent
    Column("status", String(16), nullable=False, default="pending"),
    Column("not_before", UtcDateTime(), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("claimed_by", String(64), nullable=True),
    Column("claimed_until", UtcDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(255), nullable=True),
    Column("sent_at", UtcDateTime(), nullable=True),
    Column("sent_message_id", BigInteger, nullable=True),
    # What the sent message shows now (a digest of its text and buttons), kept on the row that
    # sent it and updated by each edit: an edit that would change nothing is not sent.
    Column("shown_digest", String(64), nullable=True),
    Index("ix_outbox_status_not_before", "status", "not_before"),
)
