"""privacy and security: the audit of refused actions

Revision ID: 0008
Revises: 0007

Refusals were written to the case's timeline as "refused" events (out of scope only); they
move to the audit table, which holds every refusal, with or without a case, and is kept for
its own period (RETENTION_AUDIT_DAYS). A downgrade drops the table; the moved events are not
put back on the timeline.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(16), nullable=True),
        sa.Column("actor", sa.String(16), nullable=False),
        sa.Column("official_id", sa.Integer(), nullable=True),
        sa.Column("actor_hash", sa.String(64), nullable=True),
        sa.Column("roles", sa.String(255), nullable=True),
        sa.Column("action", sa.String(48), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("case_ref", sa.String(32), nullable=True),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_at", "audit", ["at"])
    op.create_index("ix_audit_official_at", "audit", ["official_id", "at"])
    op.create_index("ix_audit_case_ref", "audit", ["case_ref"])
    _move_refusals()


def _move_refusals() -> None:
    bind = op.get_bind()
    events = sa.table("case_events", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                      sa.column("at", sa.DateTime(timezone=True)), sa.column("actor_id", sa.Integer),
                      sa.column("action", sa.String), sa.column("details", sa.JSON))
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("ref", sa.String))
    rows = bind.execute(
        sa.select(events.c.id, events.c.case_id, events.c.at, events.c.actor_id, events.c.details,
                  cases.c.ref)
        .select_from(events.outerjoin(cases, cases.c.id == events.c.case_id))
        .where(events.c.action == "refused").order_by(events.c.id)).all()
    if not rows:
        return
    target = sa.table("audit", *(sa.column(n) for n in (
        "at", "actor", "official_id", "action", "case_id", "case_ref", "reason")))
    bind.execute(target.insert(), [
        {"at": r.at, "actor": "official", "official_id": r.actor_id, "action": "case",
         "case_id": r.case_id, "case_ref": r.ref,
         "reason": str((r.details or {}).get("reason") or "out_of_scope")[:32]} for r in rows])
    bind.execute(events.delete().where(events.c.action == "refused"))


def downgrade() -> None:
    op.drop_index("ix_audit_case_ref", table_name="audit")
    op.drop_index("ix_audit_official_at", table_name="audit")
    op.drop_index("ix_audit_at", table_name="audit")
    op.drop_table("audit")
