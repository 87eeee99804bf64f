"""due_clocks: each running deadline's clock in a narrow table kept by triggers, the due scan's
escalation index moved there from cases, and room left on the cases' pages (PostgreSQL) — so
a climb is a HOT update of the case (storage/tables_scheduling.py)

Revision ID: 0024
Revises: 0023
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Of each page of cases written from now on, 15 % stays free for the new versions of its rows
# (a climb, a stamp): PostgreSQL keeps such an update on the page (HOT) only when it fits.
# Pages written before keep no room until rewritten: `VACUUM FULL cases` once on a large
# database (docs/scale.md).
FILLFACTOR = 85

# The triggers that keep due_clocks a copy of each case's running deadline: a row while the
# case has a due step and time, none otherwise. Triggers, not application code, because a
# dozen places set a case's deadline (every transition, transfer, chase, import) and the copy
# must never lag behind one of them. (bench/generator.py loads with triggers off and fills
# the table itself.)
_COLUMNS = "case_id, escalation_level, due_step, due_at, escalated_at"
_VALUES = "NEW.id, NEW.escalation_level, NEW.due_step, NEW.due_at, NEW.escalated_at"
_UPSERT = ("ON CONFLICT (case_id) DO UPDATE SET escalation_level = excluded.escalation_level, "
           "due_step = excluded.due_step, due_at = excluded.due_at, "
           "escalated_at = excluded.escalated_at")
_COPIED = ("due_at", "due_step", "escalation_level", "escalated_at")


def _changed(differs: str) -> str:
    """Any copied column changed (`differs`: the dialect's NULL-safe "not equal")."""
    return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in _COPIED)


# Every case with a deadline, copied at once.
FILL = (f"INSERT INTO due_clocks ({_COLUMNS}) SELECT id, escalation_level, due_step, due_at, "
        "escalated_at FROM cases WHERE due_at IS NOT NULL AND due_step IS NOT NULL")

POSTGRESQL = [
    f"""CREATE FUNCTION copy_due_clock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.due_at IS NULL OR NEW.due_step IS NULL THEN
        DELETE FROM due_clocks WHERE case_id = NEW.id;
    ELSE
        INSERT INTO due_clocks ({_COLUMNS}) VALUES ({_VALUES}) {_UPSERT};
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER cases_due_clock_insert AFTER INSERT ON cases FOR EACH ROW "
    "EXECUTE FUNCTION copy_due_clock()",
    f"CREATE TRIGGER cases_due_clock_update AFTER UPDATE OF {', '.join(_COPIED)} ON cases "
    f"FOR EACH ROW WHEN ({_changed('IS DISTINCT FROM')}) "
    "EXECUTE FUNCTION copy_due_clock()",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS cases_due_clock_update ON cases",
    "DROP TRIGGER IF EXISTS cases_due_clock_insert ON cases",
    "DROP FUNCTION IF EXISTS copy_due_clock()",
]

# SQLite: an upsert inside a trigger needs its SELECT's WHERE (the parser's rule).
_SQLITE_BODY = f"""
    DELETE FROM due_clocks WHERE case_id = NEW.id AND (NEW.due_at IS NULL OR NEW.due_step IS NULL);
    INSERT INTO due_clocks ({_COLUMNS}) SELECT {_VALUES}
        WHERE NEW.due_at IS NOT NULL AND NEW.due_step IS NOT NULL {_UPSERT};
END"""
SQLITE = [
    f"CREATE TRIGGER cases_due_clock_insert AFTER INSERT ON cases BEGIN{_SQLITE_BODY}",
    f"CREATE TRIGGER cases_due_clock_update AFTER UPDATE OF {', '.join(_COPIED)} ON cases "
    f"WHEN {_changed('IS NOT')} BEGIN{_SQLITE_BODY}",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS cases_due_clock_update",
    "DROP TRIGGER IF EXISTS cases_due_clock_insert",
]


def upgrade() -> None:
    op.create_table(
        "due_clocks",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("escalation_level", sa.Integer(), nullable=False),
        sa.Column("due_step", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_due_clocks_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_due_clocks")),
    )
    op.execute(FILL)
    op.create_index("ix_due_clocks_escalation", "due_clocks",
                    ["escalation_level", "due_step", "due_at", "escalated_at"])
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL if postgresql else SQLITE:
        op.execute(statement)
    op.drop_index("ix_cases_escalation", table_name="cases")
    if postgresql:
        op.execute(f"ALTER TABLE cases SET (fillfactor = {FILLFACTOR})")


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute("ALTER TABLE cases RESET (fillfactor)")
    op.create_index("ix_cases_escalation", "cases",
                    ["escalation_level", "due_step", "due_at", "escalated_at"],
                    postgresql_where=sa.text("due_at IS NOT NULL"),
                    sqlite_where=sa.text("due_at IS NOT NULL"))
    for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_index("ix_due_clocks_escalation", table_name="due_clocks")
    op.drop_table("due_clocks")
