"""Opening a case: reference allocation, the first deadline and the first timeline event."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from cases.policy import Programme
from storage import cases as case_repo
from storage.cases import CaseRecord, CaseStore, NewCase
from storage.db import Tx


async def open_case(
    tx: Tx,
    *,
    store: CaseStore,
    programme: Programme,
    new: NewCase,
    now: datetime,
    actor_kind: str,
    actor_id: int | None,
) -> CaseRecord:
    """Register a new case in the "reported" stage, due for acceptance."""
    year = programme.local(new.reported_at).year
    number = await case_repo.next_reference_number(tx, year)
    ref = programme.format_ref(year, number)
    due = programme.deadlines.accept_due(new.reported_at, new.urgent)
    case = await store.insert(tx, ref, replace(new, due_step="accept", due_at=due))
    await case_repo.add_event(
        tx, case.id, now, actor_kind, actor_id, "reported",
        {"source": case.source, "urgent": case.urgent},
    )
    return case
