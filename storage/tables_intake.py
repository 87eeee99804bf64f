"""Tables of intake: the household register, every report about a case, department alerts."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Table,
)

from storage.tables import UtcDateTime, metadata

# The household register (建档立卡): ID and phone numbers encrypted, found by keyed hash.
# short_id: a number derived from household_id that fits in a button (see storage/households.py).
households = Table(
    "households",
    metadata,
    Column("household_id", String(64), primary_key=True),
    Column("village_code", String(32), nullable=False, index=True),
    Column("head_name", String(128), nullable=False),
    Column("id_number_enc", LargeBinary, nullable=True),
    Column("id_number_hash", String(64), nullable=True, unique=True),
    Column("members", Integer, nullable=False),
    Column("category", String(16), nullable=False),
    Column("phone_enc", LargeBinary, nullable=True),
    Column("phone_hash", String(64), nullable=True),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("group_name", String(32), nullable=True),  # 组 (村民小组), from the register's file
    Column("short_id", BigInteger, nullable=True),
    Index("ix_households_short_id", "short_id", unique=True),
    Index("ix_households_village_group", "village_code", "group_name"),
)

# Every report about a case: the one that opened it and each further one merged into it.
# A neighbour's identity is kept only when they agreed to be contacted, and then encrypted;
# the rate limits work on a keyed hash of the reporter, never on the person.
case_reports = Table(
    "case_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("source", String(16), nullable=False),
    Column("opened_case", Boolean, nullable=False),
    Column("reporter_hash", String(64), nullable=True),
    Column("household_key", String(64), nullable=True),
    Column("notify_channel", String(16), nullable=True),
    Column("notify_chat_enc", LargeBinary, nullable=True),
    Column("notify_lang", String(8), nullable=True),
    Column("contact_ok", Boolean, nullable=False, default=False),
    Column("contact_name_enc", LargeBinary, nullable=True),
    Column("contact_phone_enc", LargeBinary, nullable=True),
    Column("household_knows", String(8), nullable=True),  # yes | no | unsure
    Column("group_name", String(32), nullable=True),  # 组
    Column("risk_types", JSON, nullable=False),
    Column("description_enc", LargeBinary, nullable=True),
    Column("media", JSON, nullable=False),
    Column("thanked_at", UtcDateTime(), nullable=True),  # "handled, thank you" queued
    Index("ix_case_reports_reporter_at", "reporter_hash", "at"),
)

# Department data alerts (大数据比对); alert_key makes a second import of a file a no-op.
data_alerts = Table(
    "data_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("alert_key", String(64), nullable=False, unique=True),
    Column("department", String(64), nullable=False),
    Column("household_id", String(64), nullable=False, index=True),
    Column("alert_type", String(16), nullable=False),
    Column("amount", Numeric(14, 2), nullable=True),
    Column("alert_date", Date, nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=True),
    Column("imported_at", UtcDateTime(), nullable=False),
)
