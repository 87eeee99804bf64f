"""closed_year_summary: closed years' figures kept, and a generation per year of history;
the inbox's indexes of decisions waiting for approval; today's figures from open cases alone

Revision ID: 0022
Revises: 0021
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

OPEN_ONLY: dict[str, Any] = {"postgresql_where": sa.text("stage <> 'closed'"),
             "sqlite_where": sa.text("stage <> 'closed'")}

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_years",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name="pk_figure_years"),
    )
    op.create_table(
        "closed_year_figures",
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_closed_year_figures"),
    )
    op.create_index("ix_cases_open_stage_town", "cases", ["stage", "town_code", "due_at", "id"],
                    **OPEN_ONLY)
    op.create_index("ix_cases_open_stage_due", "cases", ["stage", "due_at", "id"], **OPEN_ONLY)
    op.create_index("ix_cases_open_figures", "cases",
                    ["town_code", "village_code", "stage", "due_at"], **OPEN_ONLY)
    op.create_index("ix_cases_open_households", "cases", ["household_id", "identified_at", "id"],
                    postgresql_include=["village_code", "town_code", "people", "source", "stage"],
                    **OPEN_ONLY)


def downgrade() -> None:
    op.drop_index("ix_cases_open_households", table_name="cases")
    op.drop_index("ix_cases_open_figures", table_name="cases")
    op.drop_index("ix_cases_open_stage_due", table_name="cases")
    op.drop_index("ix_cases_open_stage_town", table_name="cases")
    op.drop_table("closed_year_figures")
    op.drop_table("figure_years")
