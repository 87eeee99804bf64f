"""Queries of officials' work on cases: visits, measures, the inbox, the cards sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from storage.cases import add_event
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.outbox import open_params
from storage.tables import cases, outbox
from storage.tables_intake import case_reports
from storage.tables_officials import measures, visits


@dataclass(frozen=True, slots=True)
class VisitRecord:
    at: datetime
    official_id: int
    kind: str
    checks: dict[str, str]
    income_per_person: int | None


@dataclass(frozen=True, slots=True)
class MeasureRecord:
    kind: str
    start_date: date
    amount: int | None
    period: str | None
    end_date: date | None


async def add_visit(tx: Tx, cipher: FieldCipher, *, case_id: int, at: datetime, official_id: int,
                    kind: str, checks: dict[str, str], income: int | None, notes: str | None,
                    media: list[dict[str, str]]) -> None:
    await tx.execute(visits.insert().values(
        case_id=case_id, at=at, official_id=official_id, kind=kind, checks=checks,
        income_per_person=income, notes_enc=cipher.encrypt(notes), media=media))


async def record_visit(tx: Tx, cipher: FieldCipher, *, case_id: int, at: datetime,
                       official_id: int, kind: str, checks: dict[str, str], income: int | None,
                       notes: str | None, media: list[dict[str, str]]) -> None:
    """A home visit: its row (notes encrypted) and its "visited" timeline event."""
    await add_visit(tx, cipher, case_id=case_id, at=at, official_id=official_id, kind=kind,
                    checks=checks, income=income, notes=notes, media=media)
    await add_event(tx, case_id, at, "official", official_id, "visited", {
        "kind": kind, "checks": checks, "income_per_person": income, "photos": len(media)})


async def visits_of(tx: Tx, case_id: int) -> list[VisitRecord]:
    rows = (await tx.execute(select(visits).where(visits.c.case_id == case_id)
                             .order_by(visits.c.at, visits.c.id))).all()
    return [VisitRecord(r.at, r.official_id, r.kind, dict(r.checks), r.income_per_person)
            for r in rows]


async def add_measure(tx: Tx, *, case_id: int, kind: str, start: date, amount: int | None,
                      period: str | None, end: date | None, official_id: int, now: datetime) -> None:
    await tx.execute(measures.insert().values(
        case_id=case_id, kind=kind, start_date=start, amount=amount, period=period, end_date=end,
        official_id=official_id, created_at=now))


async def measures_of(tx: Tx, case_id: int) -> list[MeasureRecord]:
    rows = (await tx.execute(select(measures).where(measures.c.case_id == case_id)
                             .order_by(measures.c.id))).all()
    return [MeasureRecord(r.kind, r.start_date, r.amount, r.period, r.end_date) for r in rows]


async def open_cases_touching(tx: Tx, official_id: int) -> list[int]:
    """Open cases an official owns, or that wait for them to take a transfer."""
    rows = (await tx.execute(select(cases.c.id).where(
        or_(cases.c.owner_id == official_id, cases.c.transfer_to_id == official_id),
        cases.c.stage != "closed").order_by(cases.c.id))).all()
    return [r.id for r in rows]


async def card_rows(tx: Tx, case_id: int, cipher: FieldCipher | None, *,
                    except_message: tuple[str, str, int] | None = None
                    ) -> list[tuple[int, str, str, dict[str, Any]]]:
    """Case cards already sent for a case: (outbox id, channel, chat id, params), to edit
    them later with the same params (a notice keeps its first line; opened here, sealed again
    when queued). except_message (channel, chat, message id) leaves out the card an answer is
    replacing already."""
    rows = (await tx.execute(select(
        outbox.c.id, outbox.c.channel, outbox.c.chat_id, outbox.c.params, outbox.c.sent_message_id)
        .where(outbox.c.case_id == case_id, outbox.c.key == "case.card", outbox.c.edit_of.is_(None))
        .order_by(outbox.c.id))).all()
    return [(r.id, r.channel, r.chat_id, open_params(cipher, r.params)) for r in rows
            if except_message is None or (r.channel, r.chat_id, r.sent_message_id) != except_message]


async def latest_income(tx: Tx, case_id: int) -> int | None:
    """The income per person recorded on the latest visit that recorded one."""
    row = (await tx.execute(select(visits.c.income_per_person).where(
        visits.c.case_id == case_id, visits.c.income_per_person.is_not(None))
        .order_by(visits.c.at.desc(), visits.c.id.desc()).limit(1))).first()
    return row.income_per_person if row else None


@dataclass(frozen=True, slots=True)
class MediaRecord:
    """A photo or voice note kept on a case, and where it came from: the report that opened
    the case, a further report (origin "report", with its source) or a visit ("visit")."""

    kind: str  # photo | voice
    file_id: str
    origin: str  # report | visit
    source: str | None  # self | neighbour | visit | data, for a report
    at: datetime


async def media_of(tx: Tx, case_id: int) -> list[MediaRecord]:
    """Every photo and voice note of a case, oldest first. The first report's media live on
    the case row (its case_reports row holds the same list), so only further reports are
    read from case_reports. Nothing about who sent them is returned."""
    found: list[MediaRecord] = []

    def take(media: Any, origin: str, source: str | None, at: datetime) -> None:
        for item in media or []:
            if isinstance(item, dict) and item.get("kind") in ("photo", "voice") \
                    and item.get("file_id"):
                found.append(MediaRecord(item["kind"], str(item["file_id"]), origin, source, at))

    row = (await tx.execute(select(cases.c.media, cases.c.source, cases.c.reported_at)
                            .where(cases.c.id == case_id))).first()
    if row is None:
        return []
    take(row.media, "report", row.source, row.reported_at)
    for r in (await tx.execute(select(case_reports.c.media, case_reports.c.source,
                                      case_reports.c.at).where(
        case_reports.c.case_id == case_id, ~case_reports.c.opened_case)
        .order_by(case_reports.c.at, case_reports.c.id))).all():
        take(r.media, "report", r.source, r.at)
    for v in (await tx.execute(select(visits.c.media, visits.c.at)
                               .where(visits.c.case_id == case_id)
                               .order_by(visits.c.at, visits.c.id))).all():
        take(v.media, "visit", None, v.at)
    # Reports and visits interleaved by time; the stable sort keeps each one's own order.
    return sorted(found, key=lambda m: m.at)
