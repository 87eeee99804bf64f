"""Cases, their reference counter and their timeline events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Row, desc, select, update

from storage import figure_summary
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import case_counters, case_events, cases
from storage.upsert import insert_for


@dataclass(frozen=True, slots=True)
class NewCase:
    """What a report carries into the register."""

    source: str
    village_code: str
    town_code: str
    head_name: str
    people: int
    risk_types: list[str]
    urgent: bool
    reported_at: datetime
    phone: str | None = None
    id_number: str | None = None
    household_id: str | None = None
    description: str | None = None
    media: list[dict[str, str]] = field(default_factory=list)
    reporter_channel: str | None = None
    reporter_chat_id: str | None = None
    reporter_lang: str | None = None
    due_step: str | None = None
    due_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class CaseRecord:
    """A case as the domain sees it: decrypted, plain data."""

    id: int
    ref: str
    source: str
    village_code: str
    town_code: str
    household_id: str | None
    head_name: str
    phone: str | None
    id_number: str | None
    people: int
    risk_types: list[str]
    description: str | None
    media: list[dict[str, str]]
    urgent: bool
    stage: str
    category: str | None
    closed_reason: str | None
    reporter_channel: str | None
    reporter_chat_id: str | None
    reporter_lang: str | None
    owner_id: int | None
    reported_at: datetime
    accepted_at: datetime | None
    visited_at: datetime | None
    proposed_at: datetime | None
    identified_at: datetime | None
    eliminated_at: datetime | None
    closed_at: datetime | None
    due_step: str | None
    due_at: datetime | None
    escalation_level: int
    updated_at: datetime
    version: int
    transfer_to_id: int | None = None  # a transfer waiting for this officer to take it
    transfer_village: str | None = None  # ... or for any officer of this village
    # In the programme's own steps: "inclusion" (into monitoring) or "elimination" (out of it).
    track: str | None = None


@dataclass(frozen=True, slots=True)
class CaseEvent:
    at: datetime
    actor_kind: str
    actor_id: int | None
    action: str
    details: dict[str, Any]


async def next_reference_number(tx: Tx, year: int) -> int:
    """Take the next number of a year's counter; numbers are never reused."""
    stmt = insert_for(tx, case_counters).values(year=year, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=["year"], set_={"last": case_counters.c.last + 1}
    ).returning(case_counters.c.last)
    return int((await tx.execute(stmt)).scalar_one())


async def reserve_reference_number(tx: Tx, year: int, number: int) -> None:
    """Make sure the counter never hands out an imported reference's number."""
    stmt = insert_for(tx, case_counters).values(year=year, last=number)
    stmt = stmt.on_conflict_do_update(
        index_elements=["year"],
        set_={"last": _greatest(tx, case_counters.c.last, number)},
    )
    await tx.execute(stmt)


def _greatest(tx: Tx, column: Any, number: int) -> Any:
    from sqlalchemy import case as sql_case

    return sql_case((column < number, number), else_=column)


class CaseStore:
    """Reads and writes cases, encrypting sensitive fields on the way in."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    async def insert(self, tx: Tx, ref: str, new: NewCase) -> CaseRecord:
        c = self.cipher
        values = {
            "ref": ref,
            "source": new.source,
            "village_code": new.village_code,
            "town_code": new.town_code,
            "household_id": new.household_id,
            "head_name": new.head_name,
            "phone_enc": c.encrypt(new.phone),
            "phone_hash": c.lookup_hash(new.phone),
            "id_number_enc": c.encrypt(new.id_number),
            "id_number_hash": c.lookup_hash(new.id_number),
            "people": new.people,
            "risk_types": list(new.risk_types),
            "description_enc": c.encrypt(new.description),
            "media": list(new.media),
            "urgent": new.urgent,
            "stage": "reported",
            "reporter_channel": new.reporter_channel,
            "reporter_chat_id": new.reporter_chat_id,
            "reporter_lang": new.reporter_lang,
            "reported_at": new.reported_at,
            "due_step": new.due_step,
            "due_at": new.due_at,
            "escalation_level": 0,
            "updated_at": new.reported_at,
            "version": 1,
        }
        result = await tx.execute(cases.insert().values(**values).returning(cases))
        # Every caller reports at its own "now": no closed year changes (imported history is
        # written by storage/history.insert_cases, which marks its years).
        return self._record(result.one())

    async def by_ref(self, tx: Tx, ref: str) -> CaseRecord | None:
        row = (await tx.execute(select(cases).where(cases.c.ref == ref))).first()
        return self._record(row) if row else None

    async def by_id(self, tx: Tx, case_id: int, *, lock: bool = False) -> CaseRecord | None:
        query = select(cases).where(cases.c.id == case_id)
        if lock and tx.dialect.name == "postgresql":
            query = query.with_for_update()
        row = (await tx.execute(query)).first()
        return self._record(row) if row else None

    async def for_reporter(
        self, tx: Tx, channel: str, chat_id: str, limit: int = 20
    ) -> list[CaseRecord]:
        query = (
            select(cases)
            .where(cases.c.reporter_channel == channel, cases.c.reporter_chat_id == chat_id)
            .order_by(cases.c.reported_at.desc())
            .limit(limit)
        )
        return [self._record(r) for r in (await tx.execute(query)).all()]

    async def update_fields(
        self, tx: Tx, case_id: int, expected_version: int, **values: Any
    ) -> bool:
        """Change a case only if nobody changed it since it was read (double taps act once).
        A change of its history (figure_summary.HISTORY_COLUMNS) marks the closed years it
        counts in as stale: the dates that bound them come back from the update itself."""
        stmt = (
            update(cases)
            .where(cases.c.id == case_id, cases.c.version == expected_version)
            .values(version=expected_version + 1, **values)
        )
        if figure_summary.HISTORY_COLUMNS.isdisjoint(values):
            result = await tx.execute(stmt)
            return (result.rowcount or 0) == 1
        row = (await tx.execute(stmt.returning(
            *(cases.c[name] for name in figure_summary.DATE_COLUMNS)))).first()
        if row is None:
            return False
        # The report is a case's earliest date and no caller moves it, so its year bounds the
        # dates this change replaced too.
        await figure_summary.history_changed(tx, row, values.get("updated_at"))
        return True

    def record(self, row: Row[Any]) -> CaseRecord:
        """A case read by another query (every column of cases), sensitive fields opened."""
        return self._record(row)

    def _record(self, row: Row[Any]) -> CaseRecord:
        c = self.cipher
        return CaseRecord(
            id=row.id,
            ref=row.ref,
            source=row.source,
            village_code=row.village_code,
            town_code=row.town_code,
            household_id=row.household_id,
            head_name=row.head_name,
            phone=c.decrypt(row.phone_enc),
            id_number=c.decrypt(row.id_number_enc),
            people=row.people,
            risk_types=list(row.risk_types or []),
            description=c.decrypt(row.description_enc),
            media=list(row.media or []),
            urgent=row.urgent,
            stage=row.stage,
            category=row.category,
            closed_reason=row.closed_reason,
            reporter_channel=row.reporter_channel,
            reporter_chat_id=row.reporter_chat_id,
            reporter_lang=row.reporter_lang,
            owner_id=row.owner_id,
            reported_at=row.reported_at,
            accepted_at=row.accepted_at,
            visited_at=row.visited_at,
            proposed_at=row.proposed_at,
            identified_at=row.identified_at,
            eliminated_at=row.eliminated_at,
            closed_at=row.closed_at,
            due_step=row.due_step,
            due_at=row.due_at,
            escalation_level=row.escalation_level,
            updated_at=row.updated_at,
            version=row.version,
            transfer_to_id=row.transfer_to_id,
            transfer_village=row.transfer_village,
            track=row.track,
        )


async def ref_of(tx: Tx, case_id: int) -> str | None:
    """A case's reference, or None when there is no such case."""
    return (await tx.execute(select(cases.c.ref).where(cases.c.id == case_id))).scalar()


async def version_of(tx: Tx, case_id: int) -> int | None:
    """The case's version as this transaction sees it (no decryption)."""
    return (await tx.execute(select(cases.c.version).where(cases.c.id == case_id))).scalar()


async def add_event(
    tx: Tx,
    case_id: int | None,
    at: datetime,
    actor_kind: str,
    actor_id: int | None,
    action: str,
    details: dict[str, Any] | None = None,
) -> None:
    """Append to the audit trail."""
    await tx.execute(
        case_events.insert().values(
            case_id=case_id, at=at, actor_kind=actor_kind, actor_id=actor_id,
            action=action, details=details or {},
        )
    )


async def add_events(tx: Tx, events: list[dict[str, Any]]) -> None:
    """Append several events to the audit trail in one statement a thousand, in list order. Each dict:
    case_id, at, actor_kind, actor_id, action, details."""
    if events:
        await tx.execute(case_events.insert(), events)  # one INSERT per 1,000 rows


async def events_of(tx: Tx, case_id: int, limit: int | None = None) -> list[CaseEvent]:
    """A case's timeline (its latest `limit` events), oldest first."""
    rows = (await tx.execute(
        select(case_events).where(case_events.c.case_id == case_id)
        .order_by(desc(case_events.c.id)).limit(limit))).all()
    return [CaseEvent(r.at, r.actor_kind, r.actor_id, r.action, dict(r.details or {}))
            for r in reversed(rows)]


async def last_event(tx: Tx, case_id: int, action: str) -> CaseEvent | None:
    row = (await tx.execute(
        select(case_events).where(case_events.c.case_id == case_id, case_events.c.action == action)
        .order_by(desc(case_events.c.id)).limit(1))).first()
    return CaseEvent(row.at, row.actor_kind, row.actor_id, row.action, dict(row.details or {})) \
        if row else None
