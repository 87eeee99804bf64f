"""wecom: the messages sent to WeCom users, so an edit finds its card and response code;
the codes an official moves their cards between channels with

Revision ID: 0019
Revises: 0018
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "wecom_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("task_id", sa.String(64), nullable=True),
        sa.Column("buttons", sa.Integer(), nullable=False),
        sa.Column("response_code", sa.String(255), nullable=True),
        sa.Column("code_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_used", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_wecom_messages"),
    )
    op.create_index("ix_wecom_messages_sent", "wecom_messages", ["sent_at"])
    op.create_table(
        "channel_moves",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("official_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_channel_moves"),
        sa.UniqueConstraint("code_hash", name="uq_channel_moves_code_hash"),
    )


def downgrade() -> None:
    op.drop_table("channel_moves")
    op.drop_index("ix_wecom_messages_sent", "wecom_messages")
    op.drop_table("wecom_messages")
