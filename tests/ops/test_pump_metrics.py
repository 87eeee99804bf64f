"""The pump tells the metrics of each update done: with its latency when this process received
it, without one when it was recovered from the inbox at start, and as failed when given up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

import bot.pump as pump_module
from bot.app import App
from bot.pump import UpdatePump
from cases.clock import MovableClock
from chat.events import Event
from chat.telegram import chat_of, event_from_update
from scheduler.replies import ReplySender
from tests.scheduler.helpers import RecordingTransport

CHAT = 7601


def update(n: int, text: str) -> dict[str, Any]:
    user = {"id": CHAT, "first_name": "王", "language_code": "zh"}
    return {"update_id": n, "message": {"message_id": n, "date": 0, "text": text, "from": user,
                                        "chat": {"id": CHAT, "type": "private"}}}


def make_pump(app: App, clock: MovableClock, seen: list[tuple[str, float | None, bool]]
              ) -> UpdatePump:
    sender = ReplySender(engine=app.db, transports={"telegram": RecordingTransport(clock)},
                         clock=clock, cipher=app.services.cases.cipher)

    def on_handled(event: Event, latency: float | None, ok: bool) -> None:
        seen.append((event.kind, latency, ok))

    return UpdatePump(db=app.db, core=app.core, sender=sender, clock=clock,
                      cipher=app.services.cases.cipher, channel="telegram",
                      translate=event_from_update, chat_of=chat_of, window=timedelta(days=7),
                      on_handled=on_handled)


async def test_live_updates_have_a_latency_recovered_ones_none(
        app: App, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, float | None, bool]] = []
    live = make_pump(app, clock, seen)
    await live.receive([update(1, "/help")])
    await live.drain()
    [(kind, latency, ok)] = seen
    assert kind == "command" and ok and latency is not None and 0 <= latency < 10

    crashed = make_pump(app, clock, seen)
    monkeypatch.setattr(crashed, "_enqueue", lambda job: None)  # recorded, never handled
    await crashed.receive([update(2, "/help")])
    restarted = make_pump(app, clock, seen)
    assert await restarted.recover() == 1
    await restarted.drain()
    assert seen[1] == ("command", None, True)


async def test_an_update_given_up_counts_as_failed(
        app: App, clock: MovableClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pump_module, "BACKOFF", (0.01,))

    async def broken(ctx: Any) -> None:
        raise RuntimeError("a bug in a flow")

    monkeypatch.setitem(app.core.router.commands, "help", broken)
    seen: list[tuple[str, float | None, bool]] = []
    pump = make_pump(app, clock, seen)
    await pump.receive([update(3, "/help")])
    await pump.drain()
    assert [(kind, ok) for kind, _, ok in seen] == [("command", False)]
