"""Requests to erase what is held about a person, and their decisions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from storage.db import Tx
from storage.tables_privacy import data_requests


@dataclass(frozen=True, slots=True)
class DataRequest:
    id: int
    created_at: datetime
    channel: str
    chat_id: str
    user_id: str
    lang: str | None
    status: str  # pending | approved | refused
    decided_by: int | None


def _record(row: Any) -> DataRequest:
    return DataRequest(row.id, row.created_at, row.channel, row.chat_id, row.user_id, row.lang,
                       row.status, row.decided_by)


async def create(tx: Tx, channel: str, chat_id: str, user_id: str, lang: str | None,
                 now: datetime) -> int:
    return int((await tx.execute(data_requests.insert().values(
        created_at=now, channel=channel, chat_id=chat_id, user_id=user_id, lang=lang,
        status="pending").returning(data_requests.c.id))).scalar_one())


async def by_id(tx: Tx, request_id: int, *, lock: bool = False) -> DataRequest | None:
    query = select(data_requests).where(data_requests.c.id == request_id)
    if lock and tx.dialect.name == "postgresql":
        query = query.with_for_update()  # two admins pressing at once: one decides
    row = (await tx.execute(query)).first()
    return _record(row) if row else None


async def pending_for(tx: Tx, channel: str, chat_id: str) -> DataRequest | None:
    row = (await tx.execute(select(data_requests).where(
        data_requests.c.channel == channel, data_requests.c.chat_id == chat_id,
        data_requests.c.status == "pending").order_by(data_requests.c.id.desc()))).first()
    return _record(row) if row else None


async def decide(tx: Tx, request_id: int, status: str, official_id: int, now: datetime, *,
                 reason_enc: bytes | None = None) -> None:
    await tx.execute(update(data_requests).where(data_requests.c.id == request_id).values(
        status=status, decided_by=official_id, decided_at=now, reason_enc=reason_enc))
