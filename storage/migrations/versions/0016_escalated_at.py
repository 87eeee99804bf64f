"""when a case last climbed the chain (one level per ESCALATION_REPEAT_HOURS, also after
downtime)

Revision ID: 0016
Revises: 0015
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


ESCALATION_INDEX = "ix_cases_escalation"  # migration 0015's, when it ran before this one
DUE_SET: dict[str, Any] = {"postgresql_where": sa.text("due_at IS NOT NULL"),
                           "sqlite_where": sa.text("due_at IS NOT NULL")}


def _has_escalation_index() -> bool:
    return ESCALATION_INDEX in {ix["name"] for ix in sa.inspect(op.get_bind()).get_indexes("cases")}


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True))
    if _has_escalation_index():  # the due scan checks the last climb inside the index
        op.drop_index(ESCALATION_INDEX, table_name="cases")
        op.create_index(ESCALATION_INDEX, "cases",
                        ["escalation_level", "due_step", "due_at", "escalated_at"], **DUE_SET)


def downgrade() -> None:
    if _has_escalation_index():
        op.drop_index(ESCALATION_INDEX, table_name="cases")
        op.create_index(ESCALATION_INDEX, "cases", ["escalation_level", "due_step", "due_at"],
                        **DUE_SET)
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("escalated_at")
