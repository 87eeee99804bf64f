"""The closed years' figures, kept so a report of every district need not recount five years of
cases (issue 12; migration 0022). See storage/figure_summary.py for how they stay exact."""

from __future__ import annotations

from sqlalchemy import JSON, Column, Integer, String, Table

from storage.tables import UtcDateTime, metadata

# One row per year whose history changed at least once: its generation grows with each change
# (a case's report, step, household, place, members or source, or an elimination, dated in or
# before that year). A year's figures are current while the sum of the generations up to it is
# the one they were computed under.
figure_years = Table(
    "figure_years",
    metadata,
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("generation", Integer, nullable=False),
)

# The history-only part of one scope's figures for one closed year (households identified and
# eliminated, sources, risks, timeliness), as computed under `generation`.
closed_year_figures = Table(
    "closed_year_figures",
    metadata,
    Column("key", String(255), primary_key=True),  # the year's local start and the scope
    Column("year", Integer, nullable=False),
    Column("generation", Integer, nullable=False),
    Column("figures", JSON, nullable=False),
    Column("computed_at", UtcDateTime(), nullable=False),
)
