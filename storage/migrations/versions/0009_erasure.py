"""retention and the person's rights: cases anonymised when kept long enough after closure (or
on request), and requests to erase what is held about a person

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("anonymised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "data_requests",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason_enc", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_data_requests"),
    )
    op.create_index("ix_data_requests_chat", "data_requests", ["channel", "chat_id"])


def downgrade() -> None:
    op.drop_index("ix_data_requests_chat", table_name="data_requests")
    op.drop_table("data_requests")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("anonymised_at")
