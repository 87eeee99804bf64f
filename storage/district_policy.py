"""District policy values and their change record (tables in storage/tables_programme.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from storage.db import Tx
from storage.tables_programme import district_policy, policy_changes
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class PolicyChange:
    at: datetime
    district_code: str
    name: str
    old_value: str | None
    new_value: str
    official_id: int | None
    via: str


async def values_of(tx: Tx, district_code: str) -> dict[str, str]:
    """Every value set for a district, by name."""
    rows = (await tx.execute(select(district_policy.c.name, district_policy.c.value)
                             .where(district_policy.c.district_code == district_code))).all()
    return {r.name: r.value for r in rows}


async def set_value(tx: Tx, *, district_code: str, name: str, value: str,
                    official_id: int | None, via: str, now: datetime) -> str | None:
    """Store a value and record the change; returns the value it replaced (None: default)."""
    old = (await values_of(tx, district_code)).get(name)
    stmt = insert_for(tx, district_policy).values(
        district_code=district_code, name=name, value=value, set_by=official_id, set_at=now)
    await tx.execute(stmt.on_conflict_do_update(
        index_elements=["district_code", "name"],
        set_={"value": value, "set_by": official_id, "set_at": now}))
    await tx.execute(policy_changes.insert().values(
        at=now, district_code=district_code, name=name, old_value=old, new_value=value,
        official_id=official_id, via=via))
    return old


async def changes(tx: Tx, district_code: str | None = None, limit: int = 200
                  ) -> list[PolicyChange]:
    """The latest changes, oldest first (of one district when named)."""
    query = select(policy_changes).order_by(policy_changes.c.id.desc()).limit(limit)
    if district_code is not None:
        query = query.where(policy_changes.c.district_code == district_code)
    rows = (await tx.execute(query)).all()
    return [PolicyChange(r.at, r.district_code, r.name, r.old_value, r.new_value, r.official_id,
                         r.via) for r in reversed(rows)]
