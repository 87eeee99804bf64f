"""Indexes on cases for a province-sized database (issue 12; migration 0015).

No index names a stage other than "closed", the one terminal stage: an open-case index is
partial on `stage <> 'closed'` and ordered by the due time, so a stage added to the lifecycle
needs no new index. Queries that want one of the partial indexes say `is_open()` — the literal
'closed' written into the SQL, not a bound parameter: PostgreSQL's generic plan (chosen after
five executions of a prepared statement) and SQLite can only match a partial index's condition
against a literal.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Index, and_, literal_column, or_, text

from storage.tables import cases

OPEN_CONDITION = "stage <> 'closed'"


def is_open() -> ColumnElement[bool]:
    """Open cases, in the form the partial indexes below match."""
    return cases.c.stage != literal_column("'closed'")


def live() -> ColumnElement[bool]:
    """Cases with a running deadline: open ones, and closed ones awaiting their re-check or
    a decision on a household's re-review request."""
    return and_(cases.c.due_at.is_not(None), cases.c.due_step.is_not(None),
                or_(is_open(), cases.c.due_step.in_(("recheck", "appeal"))))


def _open_only(name: str, *columns: str) -> Index:
    return Index(name, *(cases.c[c] for c in columns), postgresql_where=text(OPEN_CONDITION),
                 sqlite_where=text(OPEN_CONDITION))


# Inboxes, page by page in due order: a village's, a town's, an owner's, everyone's.
ix_cases_open_village = _open_only("ix_cases_open_village", "village_code", "due_at", "id")
ix_cases_open_town = _open_only("ix_cases_open_town", "town_code", "due_at", "id")
ix_cases_open_owner = _open_only("ix_cases_open_owner", "owner_id", "due_at", "id")
ix_cases_open_due = _open_only("ix_cases_open_due", "due_at", "id")

# The decisions waiting for a town lead's approval (their town's) or an admin's (all), in due
# order, ahead of the rest of their inbox (storage/case_inbox.py; migration 0022). The stage is
# a column, not a condition: a new stage needs no new index here either.
ix_cases_open_stage_town = _open_only("ix_cases_open_stage_town", "stage", "town_code", "due_at",
                                      "id")
ix_cases_open_stage_due = _open_only("ix_cases_open_stage_due", "stage", "due_at", "id")

# Today's part of the yearly figures, read from the open cases alone (index-only, migration
# 0022): the open cases by village and stage, overdue or not; the households monitored now,
# de-duplicated in household order.
ix_cases_open_figures = _open_only("ix_cases_open_figures", "town_code", "village_code", "stage",
                                   "due_at")
ix_cases_open_households = Index(
    "ix_cases_open_households", cases.c.household_id, cases.c.identified_at, cases.c.id,
    postgresql_include=["village_code", "town_code", "people", "source", "stage"],
    postgresql_where=text(OPEN_CONDITION), sqlite_where=text(OPEN_CONDITION))

# Statistics of one village, one town or one district's towns: every case of the area, the
# reported-in-year ones as a range.
ix_cases_village_reported = Index("ix_cases_village_reported", cases.c.village_code,
                                  cases.c.reported_at)
ix_cases_town_reported = Index("ix_cases_town_reported", cases.c.town_code, cases.c.reported_at)

# The yearly figures of an area read this narrow copy of the columns they count (PostgreSQL:
# an index-only scan of a quarter of the table's size, in area order) instead of the table.
STATS_COLUMNS = ("id", "household_id", "people", "source", "stage", "reported_at",
                 "accepted_at", "visited_at", "proposed_at", "identified_at", "eliminated_at",
                 "due_at", "risk_types")
ix_cases_area_figures = Index("ix_cases_area_figures", cases.c.town_code, cases.c.village_code,
                              postgresql_include=list(STATS_COLUMNS))

# The due scan's escalations are found in due_clocks (storage/tables_scheduling.py), not in an
# index of cases: a climb must not change a column any index here names.

# The running year's figures (storage/statistics.py: counted forward from last year's kept
# ones) read only the year's rows: reported in the year (sources, risks, timeliness),
# identified or eliminated in it (households). These copies of the columns those read make
# each an index-only range scan (PostgreSQL, migration 0023): 200,000 cases of a year at 1M
# are otherwise scattered over every page of the table, read again by each statement.
# PostgreSQL only: SQLite has no INCLUDE, and its ix_cases_reported_at / _identified_at /
# _eliminated_at already give the ranges.
ix_cases_reported_figures = Index(
    "ix_cases_reported_figures", cases.c.reported_at,
    postgresql_include=["town_code", "village_code", "source", "accepted_at", "visited_at",
                        "proposed_at", "risk_types"]).ddl_if(dialect="postgresql")
ix_cases_identified_figures = Index(
    "ix_cases_identified_figures", cases.c.identified_at,
    postgresql_include=["id", "household_id", "town_code", "village_code", "people", "source",
                        "risk_types"],
    postgresql_where=text("identified_at IS NOT NULL")).ddl_if(dialect="postgresql")
ix_cases_eliminated_figures = Index(
    "ix_cases_eliminated_figures", cases.c.eliminated_at,
    postgresql_include=["id", "household_id", "town_code", "village_code", "people", "source"],
    postgresql_where=text("eliminated_at IS NOT NULL")).ddl_if(dialect="postgresql")
