"""A village with more than a thousand open cases: the officer's /cases still answers with the
soonest-due page, says "1,000+" instead of counting every case, and pages on."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import App
from cases.clock import MovableClock
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import official

OPEN = 1_010


async def crowd_the_village(app: App, clock: MovableClock) -> None:
    """OPEN open cases in 汉场坝村, due one hour apart from tomorrow on (the 50 last without a
    due time), and closed cases due sooner than all of them, which must never show."""
    now = clock.now()
    rows = []
    for n in range(OPEN + 20):
        closed = n >= OPEN
        rows.append(dict(
            ref=f"NC-2026-{n + 1:06d}", source="self", village_code=HANCHANGBA,
            town_code=MULIANG, head_name="户主", people=2, risk_types=["illness"], media=[],
            urgent=False, stage="closed" if closed else "accepted",
            reported_at=now - timedelta(days=3),
            due_step=None if closed or n >= OPEN - 50 else "visit",
            due_at=now - timedelta(days=1) if closed else
            (None if n >= OPEN - 50 else now + timedelta(days=1, hours=n)),
            escalation_level=0, updated_at=now, version=1))
    async with app.db.begin() as tx:
        await tx.execute(cases.insert(), rows)


def refs(text: str) -> list[str]:
    return re.findall(r"NC-2026-\d{6}", text)


async def test_a_crowded_village_shows_1000_plus_and_pages_in_due_order(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, 7301, "officer", HANCHANGBA, "李信息员")
    await crowd_the_village(app, clock)

    first = (await officer.send("/cases"))[-1]
    assert "1,000+" in first.text or "1000+" in first.text, first.text
    assert refs(first.text) == [f"NC-2026-{n:06d}" for n in range(1, 9)]  # soonest due first
    labels = [b.text for row in first.buttons for b in row]
    assert any("下一页" in label for label in labels)

    second = (await officer.press("下一页"))[-1]
    assert refs(second.text) == [f"NC-2026-{n:06d}" for n in range(9, 17)]


async def test_cases_without_a_due_time_come_last_and_closed_ones_never(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, 7302, "officer", HANCHANGBA, "李信息员")
    await crowd_the_village(app, clock)
    last_page = (OPEN - 1) // 8
    text = "\n".join(r.text for r in await officer.press_data(f"ib:{last_page}"))
    shown = refs(text)
    assert shown and all(int(ref[-6:]) > OPEN - 50 for ref in shown), text  # no due time: last
    assert all(int(ref[-6:]) <= OPEN for ref in shown)  # closed cases never
