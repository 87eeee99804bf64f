"""the household register in chat: a household's group (组) and a short number for buttons

Revision ID: 0011
Revises: 0010

`group_name` is the register's optional `group` column (村民小组, e.g. "3组"). `short_id` is a
number derived from `household_id` (the first 63 bits of its SHA-256) that fits in a chat
button's 64-byte payload, where a 64-character household id does not; it is computed here for
the households already loaded.
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def short_id(household_id: str) -> int:
    """The same rule as storage.households.short_id_of (copied: a migration stays as written)."""
    number = int.from_bytes(hashlib.sha256(household_id.encode()).digest()[:8], "big") >> 1
    return number or 1


def upgrade() -> None:
    with op.batch_alter_table("households") as batch:
        batch.add_column(sa.Column("group_name", sa.String(32), nullable=True))
        batch.add_column(sa.Column("short_id", sa.BigInteger(), nullable=True))
    bind = op.get_bind()
    table = sa.table("households", sa.column("household_id", sa.String),
                     sa.column("short_id", sa.BigInteger))
    ids = [r.household_id for r in bind.execute(sa.select(table.c.household_id)).all()]
    for start in range(0, len(ids), 1000):
        bind.execute(table.update().where(table.c.household_id == sa.bindparam("hid"))
                     .values(short_id=sa.bindparam("sid")),
                     [{"hid": hid, "sid": short_id(hid)} for hid in ids[start:start + 1000]])
    op.create_index("ix_households_short_id", "households", ["short_id"], unique=True)
    op.create_index("ix_households_village_group", "households", ["village_code", "group_name"])


def downgrade() -> None:
    op.drop_index("ix_households_village_group", table_name="households")
    op.drop_index("ix_households_short_id", table_name="households")
    with op.batch_alter_table("households") as batch:
        batch.drop_column("short_id")
        batch.drop_column("group_name")
