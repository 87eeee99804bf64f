"""The update pump: a failing flow is tried again with backoff and, after five failures, the
person hears an apology and the update is kept for an operator; updates recorded before a stop
are handled at the next start; the webhook answers 200 only once an update is recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import select

import bot.pump as pump_module
from bot.app import App
from bot.pump import UpdatePump
from bot.webhook import WEBHOOK_PATH, serve_webhook
from cases.clock import MovableClock
from chat.telegram import chat_of, event_from_update
from scheduler.health import measure
from scheduler.replies import ReplySender
from storage import inbox as inbox_repo
from storage.inbox import Received
from storage.tables import inbox
from tests.scheduler.helpers import RecordingTransport

CHAT = 7501


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(pump_module, "BACKOFF", (0.01,))
    yield


def update(n: int, text: str) -> dict[str, Any]:
    user = {"id": CHAT, "first_name": "王", "language_code": "zh"}
    return {"update_id": n, "message": {"message_id": n, "date": 0, "text": text, "from": user,
                                        "chat": {"id": CHAT, "type": "private"}}}


def make_pump(app: App, transport: RecordingTransport) -> UpdatePump:
    sender = ReplySender(engine=app.db, transports={"telegram": transport}, clock=app.services.clock,
                         cipher=app.services.cases.cipher)
    return UpdatePump(db=app.db, core=app.core, sender=sender, clock=app.services.clock,
                      cipher=app.services.cases.cipher, channel="telegram",
                      translate=event_from_update, chat_of=chat_of, window=timedelta(days=7))


def failing(times: int) -> Any:
    """A /help that raises `times` times, then answers as usual."""
    calls = {"n": 0}

    async def handler(ctx: Any) -> None:
        calls["n"] += 1
        if calls["n"] <= times:
            raise RuntimeError("a bug in a flow")
        ctx.say("help.text")

    return handler


async def inbox_rows(app: App) -> list[Any]:
    async with app.db.begin() as tx:
        return (await tx.execute(select(inbox).order_by(inbox.c.id))).all()


async def test_a_flow_that_fails_twice_is_answered_once_on_the_third_try(
        app: App, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.core.router.commands, "help", failing(2))
    transport = RecordingTransport(clock)
    pump = make_pump(app, transport)
    await pump.receive([update(1, "/help")])
    await pump.drain()
    help_text = app.services.catalogue.text("help.text", "zh")
    assert transport.texts(CHAT) == [help_text]
    [row] = await inbox_rows(app)
    assert (row.attempts, row.failed) == (2, False)
    await pump.sender.close()


async def test_after_five_failures_an_apology_and_the_update_kept_for_an_operator(
        app: App, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(app.core.router.commands, "help", failing(99))
    transport = RecordingTransport(clock)
    pump = make_pump(app, transport)
    await pump.receive([update(1, "/help"), update(2, "/lang")])  # /lang waits behind /help
    await pump.drain()
    sorry = app.services.catalogue.text("err.internal", "zh")
    texts = transport.texts(CHAT)
    assert texts[0] == sorry and texts[1] == app.services.catalogue.text("lang.choose", "zh")
    failed = [r for r in await inbox_rows(app) if r.failed]
    assert [(r.update_key, r.attempts) for r in failed] == [("1", 5)]
    assert (await measure(app.db, clock.now())).failed_updates == 1
    assert "given up" in "\n".join((await measure(app.db, clock.now())).lines())
    await pump.sender.close()


async def test_updates_recorded_before_a_stop_are_handled_first_at_start(
        app: App, clock: MovableClock) -> None:
    async with app.db.begin() as tx:  # recorded, then the process died before handling them
        await inbox_repo.record(tx, "telegram", [Received(str(CHAT), "1", update(1, "/start")),
                                                 Received(str(CHAT), "2", update(2, "/help"))],
                                clock.now(), clock.now() - timedelta(days=7), app.services.cases.cipher)
    transport = RecordingTransport(clock)
    pump = make_pump(app, transport)
    assert await pump.recover() == 2
    await pump.drain()
    texts = transport.texts(CHAT)
    help_text = app.services.catalogue.text("help.text", "zh")
    assert help_text in texts and texts.index(help_text) >= 1  # after /start's one screen
    assert await pump.recover() == 0  # handled: not again
    await pump.sender.close()


async def test_the_webhook_answers_200_only_once_the_update_is_recorded(
        app: App, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    transport = RecordingTransport(clock)
    pump = make_pump(app, transport)
    runner = await serve_webhook(pump, "127.0.0.1", 0, "s3cret")
    port = runner.addresses[0][1]
    url = f"http://127.0.0.1:{port}{WEBHOOK_PATH}"
    try:
        async with httpx.AsyncClient() as client:
            headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            assert (await client.post(url, json=update(1, "/help"), headers={})).status_code == 401
            ok = await client.post(url, json=update(1, "/help"), headers=headers)
            assert ok.status_code == 200 and len(await inbox_rows(app)) == 1  # recorded first

            async def broken(*_args: Any, **_kw: Any) -> None:
                raise OSError("disk full")

            monkeypatch.setattr(inbox_repo, "record", broken)
            refused = await client.post(url, json=update(2, "/lang"), headers=headers)
            assert refused.status_code == 503  # not recorded: Telegram will send it again
        await pump.drain()
        texts = transport.texts(CHAT)
        assert texts[0] == app.services.catalogue.text("help.text", "zh")
        assert app.services.catalogue.text("lang.choose", "zh") not in texts  # /lang never came in
        await pump.sender.close()
    finally:
        await runner.cleanup()
        await asyncio.sleep(0)
