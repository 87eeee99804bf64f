"""a province on PostgreSQL (issue 12): indexes that keep query times flat at 1M cases

Open-case indexes are partial on `stage <> 'closed'` and ordered by due time (inbox pages);
area indexes by report time (statistics); escalations by (level, step, due time). They replace
the (area, stage, due) and (level, due) indexes. See storage/tables_scale.py.

Revision ID: 0015
Revises: 0014
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "stage <> 'closed'"
OPEN_ONLY: dict[str, Any] = {"postgresql_where": sa.text(OPEN), "sqlite_where": sa.text(OPEN)}
DUE_SET: dict[str, Any] = {"postgresql_where": sa.text("due_at IS NOT NULL"),
                           "sqlite_where": sa.text("due_at IS NOT NULL")}


def escalation_columns() -> list[str]:
    """The escalation index's columns: with escalated_at last when that column exists
    (migration 0016 adds it and rebuilds the index if it ran after this one)."""
    present = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("cases")}
    extra = ["escalated_at"] if "escalated_at" in present else []
    return ["escalation_level", "due_step", "due_at", *extra]


def upgrade() -> None:
    op.create_index("ix_cases_open_village", "cases", ["village_code", "due_at", "id"], **OPEN_ONLY)
    op.create_index("ix_cases_open_town", "cases", ["town_code", "due_at", "id"], **OPEN_ONLY)
    op.create_index("ix_cases_open_owner", "cases", ["owner_id", "due_at", "id"], **OPEN_ONLY)
    op.create_index("ix_cases_open_due", "cases", ["due_at", "id"], **OPEN_ONLY)
    op.create_index("ix_cases_village_reported", "cases", ["village_code", "reported_at"])
    op.create_index("ix_cases_town_reported", "cases", ["town_code", "reported_at"])
    op.create_index("ix_cases_escalation", "cases", escalation_columns(), **DUE_SET)
    op.create_index("ix_cases_area_figures", "cases", ["town_code", "village_code"],
                    postgresql_include=["id", "household_id", "people", "source", "stage",
                                        "reported_at", "accepted_at", "visited_at",
                                        "proposed_at", "identified_at", "eliminated_at",
                                        "due_at", "risk_types"])
    op.drop_index("ix_cases_village_stage_due", table_name="cases")
    op.drop_index("ix_cases_town_stage_due", table_name="cases")
    op.drop_index("ix_cases_level_due", table_name="cases")


def downgrade() -> None:
    op.create_index("ix_cases_level_due", "cases", ["escalation_level", "due_at"])
    op.create_index("ix_cases_town_stage_due", "cases", ["town_code", "stage", "due_at"])
    op.create_index("ix_cases_village_stage_due", "cases", ["village_code", "stage", "due_at"])
    for name in ("ix_cases_area_figures", "ix_cases_escalation", "ix_cases_town_reported", "ix_cases_village_reported",
                 "ix_cases_open_due", "ix_cases_open_owner", "ix_cases_open_town",
                 "ix_cases_open_village"):
        op.drop_index(name, table_name="cases")
