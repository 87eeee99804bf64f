"""Quiet-hours arithmetic and the background service wiring (dispatcher + APScheduler tick)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from scheduler.quiet_hours import QuietHours, parse_hhmm
from scheduler.service import start_background
from storage import scheduling

ZONE = ZoneInfo("Asia/Shanghai")


def test_quiet_hours_span_midnight_and_end_in_the_morning() -> None:
    quiet = QuietHours(parse_hhmm("22:00"), parse_hhmm("07:00"), ZONE)
    at = lambda h, m=0: datetime(2026, 3, 2, h, m, tzinfo=ZONE).astimezone(UTC)  # noqa: E731
    morning = datetime(2026, 3, 3, 7, 0, tzinfo=ZONE)
    assert quiet.hold_until(at(21, 59)) is None
    assert quiet.hold_until(at(22, 0)) == morning
    assert quiet.hold_until(at(6, 59)) == datetime(2026, 3, 2, 7, 0, tzinfo=ZONE)
    assert quiet.hold_until(at(7, 0)) is None
    assert QuietHours(parse_hhmm("0:00"), parse_hhmm("0:00"), ZONE).hold_until(at(23)) is None


async def test_background_runs_the_dispatcher_and_the_scheduler_tick(app) -> None:
    background = await start_background(app.background(), {}, with_scheduler=True)
    try:
        async def ticked() -> None:
            while True:
                async with app.db.begin() as tx:
                    if await scheduling.get_state(tx, "due.watermark"):
                        return
                await asyncio.sleep(0.02)

        await asyncio.wait_for(ticked(), timeout=10)  # the first tick runs at start
        assert background.scheduler.scheduler.get_job("safety-net.tick") is not None
    finally:
        await background.stop()
