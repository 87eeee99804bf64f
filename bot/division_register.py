"""The division register as the bot and the commands load it (the demo register for 南川区
when the database holds none), without the rest of the bot."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.division_import import parse_divisions
from cases.divisions import DivisionRegister
from storage import divisions as division_repo

log = logging.getLogger(__name__)

DEMO_REGISTER = Path(__file__).resolve().parent.parent / "storage" / "seed" / "divisions_nanchuan.csv"


async def load_register(db: AsyncEngine) -> DivisionRegister:
    """The division register; the demo register for 南川区 is loaded when it is empty."""
    async with db.begin() as tx:
        if await division_repo.count(tx) == 0:
            await division_repo.upsert_many(tx, parse_divisions(DEMO_REGISTER))
            log.info("loaded the demo division register (南川区)")
        return DivisionRegister(await division_repo.all_divisions(tx))
