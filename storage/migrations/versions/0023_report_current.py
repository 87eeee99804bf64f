"""report_current: the running year's figures read their rows from covering indexes
(PostgreSQL only; storage/tables_scale.py)

Revision ID: 0023
Revises: 0022
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.create_index("ix_cases_reported_figures", "cases", ["reported_at"],
                    postgresql_include=["town_code", "village_code", "source", "accepted_at",
                                        "visited_at", "proposed_at", "risk_types"])
    op.create_index("ix_cases_identified_figures", "cases", ["identified_at"],
                    postgresql_include=["id", "household_id", "town_code", "village_code",
                                        "people", "source", "risk_types"],
                    postgresql_where=sa.text("identified_at IS NOT NULL"))
    op.create_index("ix_cases_eliminated_figures", "cases", ["eliminated_at"],
                    postgresql_include=["id", "household_id", "town_code", "village_code",
                                        "people", "source"],
                    postgresql_where=sa.text("eliminated_at IS NOT NULL"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for name in ("ix_cases_eliminated_figures", "ix_cases_identified_figures",
                 "ix_cases_reported_figures"):
        op.drop_index(name, table_name="cases")
