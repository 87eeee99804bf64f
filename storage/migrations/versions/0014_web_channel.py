"""the web channel: messages waiting on a visitor's page, uploaded files, status recovery
attempts

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "web_messages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("edit_of", sa.Integer(), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_web_messages"),
    )
    op.create_index("ix_web_messages_visitor", "web_messages", ["visitor", "id"])
    op.create_index("ix_web_messages_created", "web_messages", ["created_at"])
    op.create_table(
        "web_uploads",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("visitor", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_uploads"),
    )
    op.create_index("ix_web_uploads_visitor", "web_uploads", ["visitor", "created_at"])
    op.create_index("ix_web_uploads_created", "web_uploads", ["created_at"])
    op.create_table(
        "web_attempts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_web_attempts"),
    )
    op.create_index("ix_web_attempts_key", "web_attempts", ["key_hash", "at"])


def downgrade() -> None:
    op.drop_index("ix_web_attempts_key", table_name="web_attempts")
    op.drop_table("web_attempts")
    op.drop_index("ix_web_uploads_created", table_name="web_uploads")
    op.drop_index("ix_web_uploads_visitor", table_name="web_uploads")
    op.drop_table("web_uploads")
    op.drop_index("ix_web_messages_created", table_name="web_messages")
    op.drop_index("ix_web_messages_visitor", table_name="web_messages")
    op.drop_table("web_messages")
