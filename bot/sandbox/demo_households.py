"""The sandbox's household register: twelve fictitious households of 汉场坝村 in four groups
(their ID numbers use the unassigned region 999999), loaded once into an empty register so
the officer's 🏘 我的农户 has households to list, search and visit."""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from cases.household_import import parse, plan, write
from storage import households as household_repo
from storage.db import chunk_transactions

DEMO_HOUSEHOLDS = Path(__file__).resolve().parents[2] / "storage" / "seed" / "households_demo.csv"


async def load_demo_households(app: App) -> int:
    """Households loaded (0 when the register already holds some)."""
    async with app.db.begin() as tx:
        if await household_repo.count(tx):
            return 0
    services = app.services
    rows = parse(DEMO_HOUSEHOLDS, register=services.divisions,
                 today=services.programme.local(services.clock.now()).date(), category_labels={})
    work = plan(rows, {}, services.cases.cipher)
    await write(chunk_transactions(app.db), services.cases.cipher, work, now=services.clock.now())
    return len(work.new)
