"""intake: neighbour reports, household register, data alerts (issue 4)

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "households",
        sa.Column("household_id", sa.String(64), nullable=False),
        sa.Column("village_code", sa.String(32), nullable=False),
        sa.Column("head_name", sa.String(128), nullable=False),
        sa.Column("id_number_enc", sa.LargeBinary(), nullable=True),
        sa.Column("id_number_hash", sa.String(64), nullable=True),
        sa.Column("members", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("phone_hash", sa.String(64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("household_id", name="pk_households"),
        sa.UniqueConstraint("id_number_hash", name="uq_households_id_number_hash"),
    )
    op.create_index("ix_households_village_code", "households", ["village_code"])
    op.create_table(
        "case_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("opened_case", sa.Boolean(), nullable=False),
        sa.Column("reporter_hash", sa.String(64), nullable=True),
        sa.Column("household_key", sa.String(64), nullable=True),
        sa.Column("notify_channel", sa.String(16), nullable=True),
        sa.Column("notify_chat_enc", sa.LargeBinary(), nullable=True),
        sa.Column("notify_lang", sa.String(8), nullable=True),
        sa.Column("contact_ok", sa.Boolean(), nullable=False),
        sa.Column("contact_name_enc", sa.LargeBinary(), nullable=True),
        sa.Column("contact_phone_enc", sa.LargeBinary(), nullable=True),
        sa.Column("household_knows", sa.String(8), nullable=True),
        sa.Column("group_name", sa.String(32), nullable=True),
        sa.Column("risk_types", sa.JSON(), nullable=False),
        sa.Column("description_enc", sa.LargeBinary(), nullable=True),
        sa.Column("media", sa.JSON(), nullable=False),
        sa.Column("thanked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_reports_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_case_reports"),
    )
    op.create_index("ix_case_reports_case_id", "case_reports", ["case_id"])
    op.create_index("ix_case_reports_reporter_at", "case_reports", ["reporter_hash", "at"])
    op.create_table(
        "data_alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("alert_key", sa.String(64), nullable=False),
        sa.Column("department", sa.String(64), nullable=False),
        sa.Column("household_id", sa.String(64), nullable=False),
        sa.Column("alert_type", sa.String(16), nullable=False),
        sa.Column("amount", sa.Numeric(14, 2), nullable=True),
        sa.Column("alert_date", sa.Date(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_data_alerts_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_data_alerts"),
        sa.UniqueConstraint("alert_key", name="uq_data_alerts_alert_key"),
    )
    op.create_index("ix_data_alerts_household_id", "data_alerts", ["household_id"])


def downgrade() -> None:
    op.drop_table("data_alerts")
    op.drop_table("case_reports")
    op.drop_table("households")
