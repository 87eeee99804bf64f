"""chat edge (issue 11): the inbox of received updates; processed updates keyed by chat, with
string update keys and replies owed until delivered; chat and user ids as strings

Revision ID: 0007
Revises: 0006

processed_updates is rebuilt (its primary key changes); its rows are carried over as already
delivered, so nothing handled before the upgrade is sent again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("update_key", sa.String(64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Boolean(), nullable=False),
        sa.Column("last_error", sa.String(255), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inbox"),
    )
    op.create_index("ix_inbox_key", "inbox", ["channel", "chat_id", "update_key"], unique=True)
    op.create_index("ix_inbox_received_at", "inbox", ["received_at"])

    op.create_table(
        "processed_updates_new",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("update_key", sa.String(64), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("owed", sa.Boolean(), nullable=False),
        sa.Column("delivered", sa.Integer(), nullable=False),
        sa.Column("next_try", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(255), nullable=True),
        # Constraint names are per schema on PostgreSQL: renamed once the old table is gone.
        sa.PrimaryKeyConstraint("channel", "chat_id", "update_key", name="pk_processed_updates_new"),
    )
    op.execute(
        "INSERT INTO processed_updates_new (channel, chat_id, update_key, replies, created_at, owed,"
        " delivered, next_try, attempts) SELECT channel, CAST(chat_id AS VARCHAR(64)),"
        " CAST(update_id AS VARCHAR(64)),"
        " replies, created_at, false, 0, NULL, 0 FROM processed_updates")
    op.drop_index("ix_processed_updates_created_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.rename_table("processed_updates_new", "processed_updates")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE processed_updates RENAME CONSTRAINT pk_processed_updates_new"
                   " TO pk_processed_updates")
    op.create_index("ix_processed_updates_created_at", "processed_updates", ["created_at"])
    op.create_index("ix_processed_updates_owed", "processed_updates", ["owed", "next_try"])
    _ids_as_text()


# Chat and user ids become channel-qualified strings (a web visitor or a WeCom user has no
# integer id). PostgreSQL converts the columns; SQLite keeps BIGINT, which stores any string
# (storage.tables.ChannelId reads every value back as a string), so no table is rebuilt.
ID_COLUMNS = (("conversations", "chat_id"), ("conversations", "user_id"), ("officials", "user_id"),
              ("officials", "chat_id"), ("cases", "reporter_chat_id"), ("outbox", "chat_id"),
              ("invites", "used_by"), ("join_attempts", "user_id"))


def _ids_as_text() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, column in ID_COLUMNS:
        op.alter_column(table, column, type_=sa.String(64), existing_type=sa.BigInteger(),
                        postgresql_using=f"{column}::text")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, column in ID_COLUMNS:  # fails if a non-numeric id was stored meanwhile
            op.alter_column(table, column, type_=sa.BigInteger(), existing_type=sa.String(64),
                            postgresql_using=f"{column}::bigint")
    op.drop_index("ix_processed_updates_owed", table_name="processed_updates")
    op.drop_index("ix_processed_updates_created_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    op.create_table(
        "processed_updates",
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "update_id", name="pk_processed_updates"),
    )
    op.create_index("ix_processed_updates_created_at", "processed_updates", ["created_at"])
    op.drop_index("ix_inbox_received_at", table_name="inbox")
    op.drop_index("ix_inbox_key", table_name="inbox")
    op.drop_table("inbox")
