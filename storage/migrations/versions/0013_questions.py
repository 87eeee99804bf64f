"""questions a resident sends to their village (no case is opened for a question); the phone
an official agreed to show residents

Revision ID: 0013
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=True),
        sa.Column("asker_hash", sa.String(64), nullable=False),
        sa.Column("village_code", sa.String(32), nullable=False),
        sa.Column("town_code", sa.String(32), nullable=False),
        sa.Column("name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("text_enc", sa.LargeBinary(), nullable=True),
        sa.Column("media", sa.JSON(), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("answered_by", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_enc", sa.LargeBinary(), nullable=True),
        sa.Column("answer_media", sa.JSON(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_questions"),
    )
    op.create_index("ix_questions_asker_at", "questions", ["asker_hash", "asked_at"])
    op.create_index("ix_questions_chat", "questions", ["channel", "chat_id"])
    op.create_table(
        "official_phones",
        sa.Column("official_id", sa.Integer(), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("official_id", name="pk_official_phones"),
    )


def downgrade() -> None:
    op.drop_table("official_phones")
    op.drop_index("ix_questions_chat", table_name="questions")
    op.drop_index("ix_questions_asker_at", table_name="questions")
    op.drop_table("questions")
