"""The few facts a list line shows about each of several cases (household head, 组), read in
two queries for the whole list — never one per case. The 组 is the register's (households.
group_name, normalised like "3组" when imported) when the case is tied to a registered
household; else the one the latest report named."""

from __future__ import annotations

from collections.abc import Collection
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
    heads = {row.id: row.head_name for row in cases_rows}
    registered = {row.id: row.group_name.strip() for row in cases_rows
                  if row.group_name and row.group_name.strip()}
    groups: dict[int, str] = {}
    rows = (await tx.execute(select(case_reports.c.case_id, case_reports.c.group_name)
                             .where(case_reports.c.case_id.in_(ids),
                                    case_reports.c.group_name.is_not(None))
                             .order_by(case_reports.c.id))).all()
    for case_id, group in rows:
        if group and group.strip():
            groups[case_id] = group.strip()  # the latest report's 组 wins
    groups.update(registered)  # the register, where it knows the household, over any report
    return {case_id: Facts(head, groups.get(case_id)) for case_id, head in heads.items()}
