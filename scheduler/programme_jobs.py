"""The programme's timed work: a public notice (公示) nobody objected to moves on when its
period ends, and a district's admins are reminded 30 days before a year that has no income
line (without one, no case of theirs can close as risk eliminated)."""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from cases import casework, district_policy, programme_work
from cases.casework import Work
from cases.divisions import DivisionRegister
from cases.policy import Programme
from scheduler.recipients import tell
from storage import officials as officials_repo
from storage import programme_cases
from storage import scheduling as state_repo
from storage.cases import CaseStore

log = logging.getLogger(__name__)

BATCH = 200  # notices ended per tick; the rest wait for the next tick
LINE_WARNING = timedelta(days=30)
LINE_CHECKED_ON = "income_line.checked_on"  # the local day the line check last ran


class ProgrammeJobs:
    def __init__(self, *, engine: AsyncEngine, store: CaseStore, register: DivisionRegister,
                 programme: Programme, zone: ZoneInfo) -> None:
        self.engine = engine
        self.work = Work(store=store, programme=programme, register=register)
        self.zone = zone
        self._checked_on: str | None = None

    async def run(self, now: datetime) -> int:
        """One pass; returns how many notices ended."""
        ended = await self.end_notices(now)
        await self.check_income_lines(now)
        return ended

    async def end_notices(self, now: datetime) -> int:
        async with self.engine.begin() as tx:
            ids = await programme_cases.ended_notices(tx, now, BATCH)
        ended = 0
        for case_id in ids:  # one transaction each: one bad case does not hold up the others
            async with self.engine.begin() as tx:
                case = await self.work.store.by_id(tx, case_id, lock=True)
                if case is None or case.stage != "notice" or case.due_at is None \
                        or case.due_at > now:
                    continue  # an objection or another process came first
                work = await casework.for_case(tx, self.work, case)
                await programme_work.end_notice(tx, work, case, now)
                ended += 1
        if ended:
            log.info("%d public notices ended", ended)
        return ended

    async def check_income_lines(self, now: datetime) -> int:
        """Once a local day: each district missing this year's line, or next year's within
        30 days of it, has its admins told — once per district and year."""
        today = now.astimezone(self.zone).date()
        if self._checked_on == today.isoformat():
            return 0
        self._checked_on = today.isoformat()
        told = 0
        async with self.engine.begin() as tx:
            if await state_repo.get_state(tx, LINE_CHECKED_ON) == today.isoformat():
                return 0
            await state_repo.set_state(tx, LINE_CHECKED_ON, today.isoformat(), now)
            for district in self.work.register.districts():
                programme = await district_policy.programme_for(
                    tx, self.work.programme, self.work.register, district.code)
                for year in years_to_check(today):
                    if programme.income_line(year) is not None:
                        continue
                    key = f"income_line.reminded.{district.code}.{year}"
                    if await state_repo.get_state(tx, key) is not None:
                        continue
                    admins = await officials_repo.holders(tx, role="district_admin",
                                                          division_code=district.code)
                    await tell(tx, admins, "chain.income_line_missing",
                               {"year": str(year), "district": district.name}, now)
                    await state_repo.set_state(tx, key, now.isoformat(), now)
                    told += len(admins)
        return told


def years_to_check(today: date) -> list[int]:
    """This year, and next year once New Year is 30 days away or less."""
    years = [today.year]
    if date(today.year + 1, 1, 1) - today <= LINE_WARNING:
        years.append(today.year + 1)
    return years
