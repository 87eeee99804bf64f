"""A town lead's /cases starts with the decisions waiting for their approval, then the rest of
the town's cases, each group soonest due first — also on the page where one group ends and
the other begins (the inbox walks the two groups along their own indexes and joins them)."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.app import App
from cases.clock import MovableClock
from storage.tables import cases
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import official

WAITING, REST = 10, 12


async def fill_the_town(app: App, clock: MovableClock) -> None:
    """Cases NC-2026-000001 … 000010 proposed (waiting for the lead), due late; 000011 … 000022
    accepted, due sooner than any of them — due order alone would show the rest first."""
    now = clock.now()
    rows = []
    for n in range(WAITING + REST):
        waiting = n < WAITING
        rows.append(dict(
            ref=f"NC-2026-{n + 1:06d}", source="self", village_code=HANCHANGBA,
            town_code=MULIANG, head_name="户主", people=2, risk_types=["illness"], media=[],
            urgent=False, stage="proposed" if waiting else "accepted",
            reported_at=now - timedelta(days=3), due_step="approval" if waiting else "visit",
            due_at=now + timedelta(days=10, hours=n) if waiting else now + timedelta(hours=n),
            escalation_level=0, updated_at=now, version=1))
    async with app.db.begin() as tx:
        await tx.execute(cases.insert(), rows)


def refs(text: str) -> list[str]:
    return re.findall(r"NC-2026-\d{6}", text)


async def test_the_page_where_waiting_ends_and_the_rest_begins(app: App, clock: MovableClock
                                                               ) -> None:
    lead = await official(app, 7401, "town_lead", MULIANG, "镇审核人")
    await fill_the_town(app, clock)

    first = (await lead.send("/cases"))[-1]
    assert "等您审核（10 件）" in first.text, first.text
    assert refs(first.text) == [f"NC-2026-{n:06d}" for n in range(1, 9)]

    second = (await lead.press("下一页"))[-1]
    assert refs(second.text) == [f"NC-2026-{n:06d}" for n in (9, 10, *range(11, 17))]
    assert second.text.index("等您审核") < second.text.index("NC-2026-000010") \
        < second.text.index("其他在办案件") < second.text.index("NC-2026-000011"), second.text

    third = (await lead.press("下一页"))[-1]
    assert refs(third.text) == [f"NC-2026-{n:06d}" for n in range(17, 23)]
    assert not any("下一页" in b.text for row in third.buttons for b in row)
