"""Plumbing the web channel added for every channel: a process claims only the outbox rows of
the channels it serves (a web-only process never holds a Telegram card up for a lease), and an
erased chat's page messages go with it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import App
from bot.web.channel import make_transport
from cases.clock import MovableClock
from chat.replies import Text
from scheduler.dispatcher import OutboxDispatcher
from scheduler.limiter import SendLimits
from scheduler.quiet_hours import QuietHours, parse_hhmm
from storage import conversations as conv_repo
from storage.outbox import OutboxMessage, enqueue
from storage.tables import outbox
from storage.tables_web import web_messages
from tests.scheduler.helpers import RecordingTransport, queue


async def test_a_process_claims_only_the_channels_it_serves(app: App, clock: MovableClock
                                                            ) -> None:
    row = await queue(app, 501, "due.step.visit")  # a Telegram official's reminder
    web_only = OutboxDispatcher(engine=app.db, transports={"web": make_transport(app)},
                                clock=clock, catalogue=app.services.catalogue,
                                limits=SendLimits.unlimited(), cipher=app.services.cases.cipher)
    assert await web_only.run_once() == 0
    async with app.db.begin() as tx:
        claimed = (await tx.execute(select(outbox.c.claimed_by, outbox.c.status)
                                    .where(outbox.c.id == row))).one()
    assert claimed.claimed_by is None and claimed.status == "pending"  # untouched
    telegram = RecordingTransport(clock)
    both = OutboxDispatcher(engine=app.db, transports={"telegram": telegram},
                            clock=clock, catalogue=app.services.catalogue,
                            limits=SendLimits.unlimited(), cipher=app.services.cases.cipher)
    assert await both.run_once() == 1  # the Telegram process sends it at once
    assert telegram.texts(501)


async def test_an_erased_web_chat_loses_its_page_messages(app: App) -> None:
    transport = make_transport(app)
    visitor, other = "v" * 22, "w" * 22
    await transport.deliver(visitor, Text("王秀英 13800138000"))
    await transport.deliver(other, Text("another page"))
    async with app.db.begin() as tx:
        await conv_repo.forget_chat(tx, "web", visitor)
    async with app.db.begin() as tx:
        left = (await tx.execute(select(web_messages.c.visitor, func.count())
                                 .group_by(web_messages.c.visitor))).all()
    assert [tuple(r) for r in left] == [(other, 1)]


async def test_quiet_hours_do_not_hold_a_notice_to_a_page(app: App, clock: MovableClock) -> None:
    """Nobody is woken by a web page: a receipt at 23:30 is on it at once; Telegram waits."""
    zone = ZoneInfo("Asia/Shanghai")
    clock.set(clock.now().replace(hour=15, minute=30))  # 23:30 in Shanghai
    async with app.db.begin() as tx:
        to_page = await enqueue(tx, OutboxMessage("web", "v" * 22, "due.nobody"), clock.now())
    to_phone = await queue(app, 501)
    telegram = RecordingTransport(clock)
    d = OutboxDispatcher(engine=app.db, transports={"telegram": telegram,
                                                    "web": make_transport(app)},
                         clock=clock, catalogue=app.services.catalogue,
                         limits=SendLimits.unlimited(), cipher=app.services.cases.cipher,
                         quiet_hours=QuietHours(parse_hhmm("22:00"), parse_hhmm("07:00"), zone))
    assert await d.run_once() == 1
    async with app.db.begin() as tx:
        status = dict((await tx.execute(select(outbox.c.id, outbox.c.status)
                                        .where(outbox.c.id.in_([to_page, to_phone])))).all())
        waiting = (await tx.execute(select(func.count()).select_from(web_messages))).scalar()
    assert status == {to_page: "sent", to_phone: "pending"} and waiting == 1
    assert telegram.calls == []
