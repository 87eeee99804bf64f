"""Tables of the programme's policy per district: values a district admin set (by chat or on
the command line) over the defaults in `.env`, and the record of every change."""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String, Table

from storage.tables import UtcDateTime, metadata

# One row per (district, setting): "deadline.visit" = "5", "income_line.2027" = "8000",
# "steps.inclusion" = "review,notice,confirm", … (cases/district_policy.py lists the names).
district_policy = Table(
    "district_policy",
    metadata,
    Column("district_code", String(32), primary_key=True),
    Column("name", String(48), primary_key=True),
    Column("value", String(64), nullable=False),
    Column("set_by", Integer, nullable=True),  # officials.id; None from the command line
    Column("set_at", UtcDateTime(), nullable=False),
)

# Every change, never updated or deleted: who set what, from what, to what, by which way.
policy_changes = Table(
    "policy_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("district_code", String(32), nullable=False),
    Column("name", String(48), nullable=False),
    Column("old_value", String(64), nullable=True),  # None: the `.env` default applied
    Column("new_value", String(64), nullable=False),
    Column("official_id", Integer, nullable=True),
    Column("via", String(16), nullable=False),  # chat | cli | sandbox
    Index("ix_policy_changes_district_at", "district_code", "at"),
)
