"""Tables and indexes the yearly figures need (indexes: migration 0005; eliminations: 0006)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Table

from storage.tables import UtcDateTime, cases, metadata

# Range scans "identified / eliminated before the end of YEAR" and household de-duplication.
ix_cases_identified = Index("ix_cases_identified_at", cases.c.identified_at, cases.c.household_id)
ix_cases_eliminated = Index("ix_cases_eliminated_at", cases.c.eliminated_at, cases.c.household_id)
ix_cases_stage = Index("ix_cases_stage", cases.c.stage)

# Eliminations a reopening undid. cases.eliminated_at holds only a case's current elimination;
# reopen() copies it here first, with the household, place, members and source the case had
# then, so past years' "risk eliminated" figures never change when a case is reopened later.
past_eliminations = Table(
    "past_eliminations",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("eliminated_at", UtcDateTime(), nullable=False),
    Column("undone_at", UtcDateTime(), nullable=False),  # when the case was reopened
    Column("household_id", String(64), nullable=True),
    Column("village_code", String(32), nullable=False),
    Column("town_code", String(32), nullable=False),
    Column("people", Integer, nullable=False),
    Column("source", String(16), nullable=False),
    Index("ix_past_eliminations_eliminated_at", "eliminated_at", "household_id"),
)
