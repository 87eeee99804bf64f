"""statistics and history import (issue 6): indexes for the yearly figures

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_identified_at", "cases", ["identified_at", "household_id"])
    op.create_index("ix_cases_eliminated_at", "cases", ["eliminated_at", "household_id"])
    op.create_index("ix_cases_stage", "cases", ["stage"])


def downgrade() -> None:
    op.drop_index("ix_cases_stage", table_name="cases")
    op.drop_index("ix_cases_eliminated_at", table_name="cases")
    op.drop_index("ix_cases_identified_at", table_name="cases")
