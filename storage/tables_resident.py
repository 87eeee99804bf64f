"""Tables of the resident's side: questions asked to the village."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Index, Integer, LargeBinary, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# A question a resident sent to their village (no case is opened for it). The asker's chat is
# kept to deliver the answer; their name, words and phone (only when they shared it) are
# encrypted; the daily limit counts by a keyed hash of the asker, never by the person.
questions = Table(
    "questions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("asked_at", UtcDateTime(), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("chat_id", ChannelId, nullable=False),
    Column("lang", String(8), nullable=True),
    Column("asker_hash", String(64), nullable=False),
    Column("village_code", String(32), nullable=False),
    Column("town_code", String(32), nullable=False),
    Column("name_enc", LargeBinary, nullable=True),
    Column("text_enc", LargeBinary, nullable=True),
    Column("media", JSON, nullable=False),  # [{"kind": "voice", "file_id": ...}]
    Column("phone_enc", LargeBinary, nullable=True),  # only when the resident shared it
    Column("answered_by", Integer, nullable=True),
    Column("answered_at", UtcDateTime(), nullable=True),
    Column("answer_enc", LargeBinary, nullable=True),
    Column("answer_media", JSON, nullable=False),
    Column("case_id", Integer, nullable=True),  # the case an official opened from it
    Index("ix_questions_asker_at", "asker_hash", "asked_at"),
    Index("ix_questions_chat", "channel", "chat_id"),
)

# The phone number an official agreed to show residents on receipts ("李信息员 138…");
# without a row, residents see the name only. Encrypted like every phone number.
official_phones = Table(
    "official_phones",
    metadata,
    Column("official_id", Integer, primary_key=True),
    Column("phone_enc", LargeBinary, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
)
