"""deadlines: reminders, escalation and outbox health (issue 5)

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "notices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("step", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notices"),
        sa.UniqueConstraint("case_id", "step", "kind", "level", "due_at", name="uq_notices_key"),
    )
    op.create_table(
        "scheduler_state",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_scheduler_state"),
    )
    op.create_table(
        "send_failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_send_failures"),
    )
    op.create_index("ix_send_failures_at", "send_failures", ["at"])
    op.create_index("ix_cases_level_due", "cases", ["escalation_level", "due_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_level_due", table_name="cases")
    op.drop_index("ix_send_failures_at", table_name="send_failures")
    op.drop_table("send_failures")
    op.drop_table("scheduler_state")
    op.drop_table("notices")
