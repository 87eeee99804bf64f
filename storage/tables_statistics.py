"""Indexes the yearly figures need on the cases table (created by migration 0005)."""

from __future__ import annotations

from sqlalchemy import Index

from storage.tables import cases

# Range scans "identified / eliminated before the end of YEAR" and household de-duplication.
ix_cases_identified = Index("ix_cases_identified_at", cases.c.identified_at, cases.c.household_id)
ix_cases_eliminated = Index("ix_cases_eliminated_at", cases.c.eliminated_at, cases.c.household_id)
ix_cases_stage = Index("ix_cases_stage", cases.c.stage)
