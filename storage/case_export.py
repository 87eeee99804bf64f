"""The case list behind exports (CSV, XLSX, the /export file): one row per case of a scope,
oldest report first, with the ID number decrypted for the caller to mask."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.figure_types import Scope, in_scope
from storage.tables import cases


@dataclass(frozen=True, slots=True)
class ExportCase:
    """One case as an export row shows it; the ID number is decrypted (masking is the caller's)."""

    ref: str
    town_code: str
    village_code: str
    household_id: str | None
    head_name: str
    id_number: str | None
    people: int
    source: str
    risk_types: list[str]
    stage: str
    category: str | None
    closed_reason: str | None
    reported_at: datetime
    accepted_at: datetime | None
    visited_at: datetime | None
    proposed_at: datetime | None
    identified_at: datetime | None
    eliminated_at: datetime | None
    closed_at: datetime | None
    due_at: datetime | None


_EXPORT_COLUMNS = (
    cases.c.ref, cases.c.town_code, cases.c.village_code, cases.c.household_id,
    cases.c.head_name, cases.c.id_number_enc, cases.c.people, cases.c.source,
    cases.c.risk_types, cases.c.stage, cases.c.category, cases.c.closed_reason,
    cases.c.reported_at, cases.c.accepted_at, cases.c.visited_at, cases.c.proposed_at,
    cases.c.identified_at, cases.c.eliminated_at, cases.c.closed_at, cases.c.due_at, cases.c.id)


def _export_case(r: Any, cipher: FieldCipher) -> ExportCase:
    return ExportCase(
        r.ref, r.town_code, r.village_code, r.household_id, r.head_name,
        cipher.decrypt(r.id_number_enc), r.people, r.source, list(r.risk_types or []),
        r.stage, r.category, r.closed_reason, r.reported_at, r.accepted_at, r.visited_at,
        r.proposed_at, r.identified_at, r.eliminated_at, r.closed_at, r.due_at)


async def export_cases(tx: Tx, cipher: FieldCipher, scope: Scope) -> list[ExportCase]:
    """Every case in the scope, oldest report first (no description, phone or reporter)."""
    query = select(*_EXPORT_COLUMNS).where(*in_scope(scope)).order_by(
        cases.c.reported_at, cases.c.id)
    return [_export_case(r, cipher) for r in (await tx.execute(query)).all()]


async def export_cases_in_pages(engine: AsyncEngine, cipher: FieldCipher, scope: Scope,
                                page: int = 1000) -> list[ExportCase]:
    """The same list read in short transactions of `page` cases, oldest report first, so a
    district's whole list never holds the database (SQLite has one connection per process)
    while the bot's updates wait. Not one snapshot: a case changed meanwhile shows either
    state, which a list of 100,000 cases can live with."""
    out: list[ExportCase] = []
    after: tuple[datetime, int] | None = None
    while True:
        query = select(*_EXPORT_COLUMNS).where(*in_scope(scope))
        if after is not None:
            query = query.where(or_(cases.c.reported_at > after[0], and_(
                cases.c.reported_at == after[0], cases.c.id > after[1])))
        async with engine.begin() as tx:
            rows = (await tx.execute(query.order_by(cases.c.reported_at, cases.c.id)
                                     .limit(page))).all()
        out.extend(_export_case(r, cipher) for r in rows)
        if len(rows) < page:
            return out
        after = (rows[-1].reported_at, rows[-1].id)
