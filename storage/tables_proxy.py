"""Tables of filing on someone's behalf (代为申报) and of abandoned drafts."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Table

from storage.tables import ChannelId, UtcDateTime, metadata

# A declaration a relative, neighbour or helper made for a household. The case itself is the
# household's own (source "self"); this row records who filed it and whether the household
# has confirmed. The filer's name is sealed; the filer's account is kept only as a keyed hash
# (for the reporter limits), their chat is the case's reporter chat. The one-time link's code
# is stored as a hash, like an official's invite.
proxy_filings = Table(
    "proxy_filings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, unique=True),
    Column("relation", String(16), nullable=False),  # child | relative | neighbour | other
    Column("filer_name_enc", LargeBinary, nullable=True),
    Column("filer_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # pending | confirmed | declined
    Column("confirmed_via", String(16), nullable=True),  # contact | link | officer
    Column("decided_at", UtcDateTime(), nullable=True),
    Column("code_hash", String(64), nullable=True, unique=True),
    Column("code_expires_at", UtcDateTime(), nullable=True),
    # The household's own chat, once it confirmed there: it hears everything about the case.
    Column("household_channel", String(16), nullable=True),
    Column("household_chat_id", ChannelId, nullable=True),
    Column("household_lang", String(8), nullable=True),
    # The household may let the filer see everything (measures included); by default not.
    Column("filer_sees_all", Boolean, nullable=False, default=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Index("ix_proxy_filings_household", "household_channel", "household_chat_id"),
)
