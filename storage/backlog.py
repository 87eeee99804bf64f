"""The outbox backlog as `python -m bot status`, the health alert and the metrics read it.

Messages that a process pushes (Telegram) are backlog while due and unsent. A web visitor's
messages are not pushed at all: the web process (`python -m bot web`) hands them to the page
(`web_messages`), where they wait until the visitor looks. Counted as backlog, they would
alarm an operator who runs no web process, or whose visitors simply have not come back, so
they are counted apart: "waiting on the page".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select

from storage.db import Tx
from storage.tables import outbox
from storage.tables_web import web_messages

PAGE_CHANNELS = ("web",)  # chat/web.py's channel: shown when the visitor looks, never pushed


@dataclass(frozen=True, slots=True)
class Backlog:
    due: int  # pushed channels: pending and due now
    oldest: datetime | None  # when the oldest of those was queued
    for_page: int  # web visitors' messages the web process has not yet handed to the page
    on_page: int  # on the page, not yet seen by the visitor


async def measure_backlog(tx: Tx, now: datetime) -> Backlog:
    due = outbox.c.status == "pending", outbox.c.not_before <= now
    pushed = (await tx.execute(select(func.count(), func.min(outbox.c.created_at)).where(
        *due, outbox.c.channel.not_in(PAGE_CHANNELS)))).one()
    for_page = (await tx.execute(select(func.count()).where(
        *due, outbox.c.channel.in_(PAGE_CHANNELS)))).scalar_one()
    on_page = (await tx.execute(select(func.count()).select_from(web_messages).where(
        web_messages.c.shown_at.is_(None)))).scalar_one()
    oldest = pushed[1]
    if oldest is not None and oldest.tzinfo is None:  # SQLite gives naive UTC
        oldest = oldest.replace(tzinfo=UTC)
    return Backlog(int(pushed[0]), oldest, int(for_page), int(on_page))
