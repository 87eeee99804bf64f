"""Test doubles at the edge (a recording Transport) and quick setup of cases and officials."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.app import App
from cases.clock import MovableClock
from chat.replies import Edit, Message
from chat.transport import TELEGRAM, SendFailure, Sent
from scheduler.dispatcher import OutboxDispatcher
from scheduler.limiter import SendLimits
from storage import conversations as conv_repo
from storage import officials as officials_repo
from storage.cases import NewCase
from storage.outbox import OutboxMessage, enqueue
from storage.tables import cases

VILLAGE = "500119001201"  # 黄淦村, 东城街道
TOWN = "500119001000"
DISTRICT = "500119000000"


@dataclass
class Call:
    at: datetime
    chat_id: int
    reply: Message


@dataclass
class RecordingTransport:
    """Records what would go to Telegram; fails on demand like the Bot API would."""

    clock: MovableClock
    channel: str = "telegram"
    capabilities = TELEGRAM
    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[int | None, SendFailure]] = field(default_factory=list)
    next_id: int = 100

    def fail(self, failure: SendFailure, chat_id: int | None = None, times: int = 1) -> None:
        self.failures.extend([(chat_id, failure)] * times)

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        chat = int(chat_id)  # Telegram chats in these tests: compared with numbers
        for i, (only, failure) in enumerate(self.failures):
            if only is None or only == chat:
                del self.failures[i]
                raise failure
        self.calls.append(Call(self.clock.now(), chat, reply))
        self.next_id += 1
        return Sent(reply.message_id if isinstance(reply, Edit) else self.next_id)

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        """Button answers are not recorded here."""

    async def fetch_media(self, native_id: str) -> bytes:
        return b""

    def texts(self, chat_id: int) -> list[str]:
        return [c.reply.text for c in self.calls if c.chat_id == chat_id]


def dispatcher(app: App, transport: RecordingTransport, limits: SendLimits | None = None,
               **kwargs: Any) -> OutboxDispatcher:
    return OutboxDispatcher(engine=app.db, transports={"telegram": transport},
                            clock=app.services.clock, catalogue=app.services.catalogue,
                            limits=limits or SendLimits.unlimited(),
                            cipher=kwargs.pop("cipher", app.services.cases.cipher), **kwargs)


async def queue(app: App, chat_id: int, key: str = "due.nobody", **kwargs: Any) -> int:
    async with app.db.begin() as tx:
        return await enqueue(tx, OutboxMessage("telegram", chat_id, key, **kwargs),
                             app.services.clock.now())


async def set_lang(app: App, chat_id: int, lang: str) -> None:
    async with app.db.begin() as tx:
        await conv_repo.save(tx, conv_repo.Conversation("telegram", chat_id, chat_id, lang),
                             app.services.clock.now())


async def official(app: App, user_id: int, role: str, division: str, name: str) -> int:
    async with app.db.begin() as tx:
        record = await officials_repo.grant(
            tx, channel="telegram", user_id=user_id, chat_id=user_id, display_name=name,
            role=role, division_code=division, now=app.services.clock.now())
        return record.id


async def new_case(app: App, *, step: str, due_in: timedelta, owner_id: int | None = None,
                   urgent: bool = False, stage: str = "accepted",
                   updated_ago: timedelta = timedelta(days=3), ref: str | None = None) -> int:
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        count = (await tx.execute(cases.select())).all()
        record = await app.services.cases.insert(tx, ref or f"NC-2026-{len(count) + 1:06d}",
                                                 NewCase(
            source="self", village_code=VILLAGE, town_code=TOWN, head_name="王秀英", people=3,
            risk_types=["illness"], urgent=urgent, reported_at=now - updated_ago,
            due_step=step, due_at=now + due_in))
        await tx.execute(cases.update().where(cases.c.id == record.id).values(
            owner_id=owner_id, stage=stage, updated_at=now - updated_ago))
        return record.id
