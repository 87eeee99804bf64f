"""Tables of the web channel: what waits on a visitor's page, the files they uploaded, and the
attempts to recover a case's status by its number and phone."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, LargeBinary, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# A web visitor has no push: every message to them (a reply, a notice from the outbox) is
# written here and waits until their page asks for it. A row is a new message or an edit of an
# earlier one (`edit_of`); the page applies them in id order. The body (text and buttons) is
# sealed. `shown_at` is set when the page has shown it: that is its delivery.
web_messages = Table(
    "web_messages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("visitor", ChannelId, nullable=False),
    Column("edit_of", Integer, nullable=True),
    Column("body", LargeBinary, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("shown_at", UtcDateTime(), nullable=True),
    Index("ix_web_messages_visitor", "visitor", "id"),
    Index("ix_web_messages_created", "created_at"),
)

# A photo or voice note a visitor uploaded: the bytes are encrypted in a file outside any
# served folder (WEB_UPLOAD_DIR), named by the random id here. Files no case, report or visit
# refers to are removed after WEB_UPLOAD_DRAFT_DAYS (a draft's, an anonymised case's).
web_uploads = Table(
    "web_uploads",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("visitor", ChannelId, nullable=False),
    Column("kind", String(8), nullable=False),  # photo | voice
    Column("size", Integer, nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_web_uploads_visitor", "visitor", "created_at"),
    Index("ix_web_uploads_created", "created_at"),
)

# Attempts to recover a case's status with its number and phone, by keyed hash of the address
# and of the case number (never either in plain): five an hour each.
web_attempts = Table(
    "web_attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key_hash", String(64), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Index("ix_web_attempts_key", "key_hash", "at"),
)
