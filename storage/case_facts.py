"""The few facts a list line shows about each of several cases (household head, 组), read in
two queries for the whole list — never one per case. The 组 is the register's (households.
group_name, normalised like "3组" when imported) when the case is tied to a registered
household; else the one the latest report named."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import select

from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import case_reports, households


@dataclass(frozen=True, slots=True)
class Facts:
    head: str
    group: str | None  # 组: the register's, else the latest report's; None when unknown


async def facts_of(tx: Tx, case_ids: Collection[int]) -> dict[int, Facts]:
    ids = sorted(set(case_ids))
    if not ids:
        return {}
    cases_rows = (await tx.execute(
        select(cases.c.id, cases.c.head_name, households.c.group_name)
        .select_from(cases.outerjoin(households,
                                     households.c.household_id == cases.c.household_id))
        .where(cases.c.id.in_(ids)))).all()
    reported: dict[int, list[str]] = {}
    rows = (await tx.execute(select(case_reports.c.case_id, case_reports.c.group_name)
                             .where(case_reports.c.case_id.in_(ids),
                                    case_reports.c.group_name.is_not(None))
                             .order_by(case_reports.c.id))).all()
    for case_id, group in rows:
        reported.setdefault(case_id, []).append(group)
    return {row.id: facts_from(row.head_name, row.group_name, reported.get(row.id, ()))
            for row in cases_rows}


def facts_from(head: str, registered: str | None, reported: Iterable[str | None]) -> Facts:
    """A case's facts from its head, its household's 组 in the register, and the 组 each of
    its reports named (oldest first)."""
    if registered and registered.strip():
        return Facts(head, registered.strip())  # the register, where it knows the household
    group = None
    for named in reported:
        if named and named.strip():
            group = named.strip()  # the latest report's 组 wins
    return Facts(head, group)
