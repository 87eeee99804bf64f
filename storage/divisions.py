"""The division register: district → towns → villages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from storage.db import Tx
from storage.tables import divisions


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str
    parent_code: str | None


async def all_divisions(tx: Tx) -> list[Division]:
    rows = (await tx.execute(select(divisions).order_by(divisions.c.code))).all()
    return [Division(r.code, r.name, r.level, r.parent_code) for r in rows]


async def count(tx: Tx) -> int:
    return int((await tx.execute(select(func.count()).select_from(divisions))).scalar() or 0)


async def upsert_many(tx: Tx, items: list[Division]) -> None:
    """Load a register: rows with a known code are updated, new ones added.

    Divisions absent from the file stay, since cases and officials may still point at them.
    """
    existing = {d.code for d in await all_divisions(tx)}
    for item in items:
        values = {"name": item.name, "level": item.level, "parent_code": item.parent_code}
        if item.code in existing:
            await tx.execute(divisions.update().where(divisions.c.code == item.code).values(values))
        else:
            await tx.execute(divisions.insert().values(code=item.code, **values))
