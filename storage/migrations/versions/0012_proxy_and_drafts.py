"""filing on someone's behalf (代为申报): who filed, the household's confirmation and its
one-time link; and the reminder time of an abandoned draft

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proxy_filings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("relation", sa.String(16), nullable=False),
        sa.Column("filer_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("filer_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("confirmed_via", sa.String(16), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("code_hash", sa.String(64), nullable=True),
        sa.Column("code_expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("household_channel", sa.String(16), nullable=True),
        sa.Column("household_chat_id", sa.String(64), nullable=True),
        sa.Column("household_lang", sa.String(8), nullable=True),
        sa.Column("filer_sees_all", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_proxy_filings_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_proxy_filings"),
        sa.UniqueConstraint("case_id", name="uq_proxy_filings_case_id"),
        sa.UniqueConstraint("code_hash", name="uq_proxy_filings_code_hash"),
    )
    op.create_index("ix_proxy_filings_household", "proxy_filings",
                    ["household_channel", "household_chat_id"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("reminded_at")
    op.drop_index("ix_proxy_filings_household", table_name="proxy_filings")
    op.drop_table("proxy_filings")
