"""Leases: a named role held by one process while it keeps renewing it (see bot/poll_lease.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import Tx
from storage.tables_scheduling import leases


@dataclass(frozen=True, slots=True)
class Lease:
    holder: str
    expires_at: datetime


async def take(tx: Tx, name: str, holder: str, now: datetime, until: datetime) -> Lease:
    """Take or renew the lease unless another holder's is still running; returns whoever
    holds it afterwards (us when it worked)."""
    insert = (postgresql.insert if tx.dialect.name == "postgresql" else sqlite.insert)(leases)
    stmt = insert.values(name=name, holder=holder, expires_at=until).on_conflict_do_update(
        index_elements=["name"],
        set_={"holder": holder, "expires_at": until},
        where=(leases.c.expires_at < now) | (leases.c.holder == holder))
    await tx.execute(stmt)
    row = (await tx.execute(select(leases.c.holder, leases.c.expires_at)
                            .where(leases.c.name == name))).one()
    return Lease(row.holder, row.expires_at)


async def give_up(tx: Tx, name: str, holder: str) -> None:
    """Release our lease at a clean stop, so a successor need not wait for it to expire."""
    await tx.execute(delete(leases).where(leases.c.name == name, leases.c.holder == holder))
