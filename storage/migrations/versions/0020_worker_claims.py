"""chat_claims: one webhook worker at a time handles a chat's updates

Revision ID: 0020
Revises: 0019
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "chat_claims",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("worker", sa.String(128), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "chat_id", name="pk_chat_claims"),
    )
    op.create_index("ix_chat_claims_worker", "chat_claims", ["worker"])


def downgrade() -> None:
    op.drop_index("ix_chat_claims_worker", table_name="chat_claims")
    op.drop_table("chat_claims")
