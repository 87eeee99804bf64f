"""statistics (issue 6): eliminations a reopening undid, so past years' figures stay put

Revision ID: 0006
Revises: 0005

Backfill: the timeline already tells which eliminations were undone — a "closed" event with
reason risk_eliminated followed by a "reopened" event on the same case. Each such pair becomes
a row, with the case's current household, place, members and source (the best record left).
An imported elimination that was reopened before this migration left no time in the timeline
and cannot be recovered.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "past_eliminations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("eliminated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("household_id", sa.String(64), nullable=True),
        sa.Column("village_code", sa.String(32), nullable=False),
        sa.Column("town_code", sa.String(32), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name="fk_past_eliminations_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_past_eliminations"),
    )
    op.create_index("ix_past_eliminations_case_id", "past_eliminations", ["case_id"])
    op.create_index("ix_past_eliminations_eliminated_at", "past_eliminations",
                    ["eliminated_at", "household_id"])
    _backfill()


def _backfill() -> None:
    bind = op.get_bind()
    events = sa.table("case_events", sa.column("id", sa.Integer), sa.column("case_id", sa.Integer),
                      sa.column("at", sa.DateTime(timezone=True)), sa.column("action", sa.String),
                      sa.column("details", sa.JSON))
    cases = sa.table("cases", sa.column("id", sa.Integer), sa.column("household_id", sa.String),
                     sa.column("village_code", sa.String), sa.column("town_code", sa.String),
                     sa.column("people", sa.Integer), sa.column("source", sa.String))
    reopened_cases = sa.select(events.c.case_id).where(events.c.action == "reopened")
    rows = bind.execute(
        sa.select(events.c.case_id, events.c.at, events.c.action, events.c.details)
        .where(events.c.action.in_(("closed", "reopened")), events.c.case_id.in_(reopened_cases))
        .order_by(events.c.case_id, events.c.at, events.c.id)).all()
    undone: list[tuple[int, Any, Any]] = []  # (case id, eliminated at, reopened at)
    pending: dict[int, Any] = {}
    for r in rows:
        details = r.details or {}
        if r.action == "closed":
            if details.get("reason") == "risk_eliminated":
                pending[r.case_id] = r.at
            else:
                pending.pop(r.case_id, None)
        elif r.case_id in pending:
            undone.append((r.case_id, pending.pop(r.case_id), r.at))
    if not undone:
        return
    ids = sorted({case_id for case_id, _, _ in undone})
    snapshot = {c.id: c for c in bind.execute(
        sa.select(cases).where(cases.c.id.in_(ids))).all()}
    target = sa.table("past_eliminations", *(sa.column(n) for n in (
        "case_id", "eliminated_at", "undone_at", "household_id", "village_code", "town_code",
        "people", "source")))
    bind.execute(target.insert(), [
        {"case_id": case_id, "eliminated_at": at, "undone_at": undone_at,
         "household_id": snapshot[case_id].household_id,
         "village_code": snapshot[case_id].village_code,
         "town_code": snapshot[case_id].town_code, "people": snapshot[case_id].people,
         "source": snapshot[case_id].source}
        for case_id, at, undone_at in undone if case_id in snapshot])


def downgrade() -> None:
    op.drop_index("ix_past_eliminations_eliminated_at", table_name="past_eliminations")
    op.drop_index("ix_past_eliminations_case_id", table_name="past_eliminations")
    op.drop_table("past_eliminations")
