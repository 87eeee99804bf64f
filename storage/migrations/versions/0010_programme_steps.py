"""the programme's own steps (民主评议, 公示, 审定) as stages, and policy per district: values a
district admin set over the `.env` defaults, with the record of every change

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("track", sa.String(16), nullable=True))
    op.create_table(
        "district_policy",
        sa.Column("district_code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(48), nullable=False),
        sa.Column("value", sa.String(64), nullable=False),
        sa.Column("set_by", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("district_code", "name", name="pk_district_policy"),
    )
    op.create_table(
        "policy_changes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("district_code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(48), nullable=False),
        sa.Column("old_value", sa.String(64), nullable=True),
        sa.Column("new_value", sa.String(64), nullable=False),
        sa.Column("official_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_policy_changes"),
    )
    op.create_index("ix_policy_changes_district_at", "policy_changes", ["district_code", "at"])


def downgrade() -> None:
    op.drop_index("ix_policy_changes_district_at", table_name="policy_changes")
    op.drop_table("policy_changes")
    op.drop_table("district_policy")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("track")
