"""Who answers for a case at each level of the chain (一条线响应), and what happens when a level
has nobody: the next level up gets the case, and the district's admins are told that the
division has no official — at once, at most once a day per division, so a village without an
officer is filled instead of its cases going quietly to someone else.

Shared by routing (a new report), the due scan (escalations) and 催办 (chasing).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from cases.divisions import DivisionRegister
from cases.escalation import MAX_LEVEL, division_at, role_at
from storage import officials as officials_repo
from storage import scheduling as state_repo
from storage.db import Tx
from storage.officials import OfficialRecord
from storage.outbox import OutboxMessage, enqueue
from storage.scan_writes import TickWrites

log = logging.getLogger(__name__)

VACANCY_EVERY = timedelta(hours=24)  # one "no official" notice per division per day
NOBODY = MAX_LEVEL + 1  # the level "reached" when no level from the one asked for is staffed


class Placed(Protocol):
    """Where a case sits (a CaseRecord and the due scan's DueCase both are)."""

    @property
    def village_code(self) -> str: ...

    @property
    def town_code(self) -> str: ...

    @property
    def owner_id(self) -> int | None: ...


def district_of(town_code: str, register: DivisionRegister) -> str | None:
    town = register.get(town_code)
    return town.parent_code if town is not None else None


def division_code(level: int, case: Placed, register: DivisionRegister) -> str | None:
    return division_at(level, village_code=case.village_code, town_code=case.town_code,
                       district_code=district_of(case.town_code, register))


class Roster:
    """Who holds each division, looked up once per pass: a scan escalating 500 cases of one
    town asks the database for its town lead once, not 500 times."""

    def __init__(self) -> None:
        self._seen: dict[tuple[str, str | int], list[OfficialRecord]] = {}
        self.vacancies_seen: set[str] = set()  # divisions report_vacancies looked at
        # When each division's vacancy was last reported ("vacant:CODE" → ISO time, or None),
        # when read up front; and where report_vacancies writes instead of writing at once
        # (the due scan's one statement of writes).
        self.vacancy_notes: dict[str, str | None] = {}
        self.writes: TickWrites | None = None

    async def owner(self, tx: Tx, owner_id: int) -> list[OfficialRecord]:
        key = ("owner", owner_id)
        if key not in self._seen:
            owner = await officials_repo.by_id(tx, owner_id)
            self._seen[key] = [owner] if owner is not None and owner.active \
                and not owner.unreachable else []
        return self._seen[key]

    async def holders(self, tx: Tx, role: str, code: str) -> list[OfficialRecord]:
        key = (role, code)
        if key not in self._seen:
            self._seen[key] = await officials_repo.holders(tx, role=role, division_code=code)
        return self._seen[key]

    async def preload(self, tx: Tx, cases: Iterable[Placed], register: DivisionRegister) -> None:
        """Read up front, in two statements, everyone these cases' chains may ask for (owners,
        and each level's holders, none included), so a scan's batch of hundreds of cases asks
        the database nothing more about people."""
        wanted, owners = self._unseen(cases, register)
        if not wanted and not owners:
            return
        held, by_id = await officials_repo.for_divisions(tx, {code for _, code in wanted},
                                                         owners)
        self._fill(wanted, owners, held, by_id)

    def preloaded(self, cases: Iterable[Placed], register: DivisionRegister,
                  held: dict[tuple[str, str], list[OfficialRecord]],
                  by_id: dict[int, OfficialRecord], notes: dict[str, str | None]) -> None:
        """What preload() reads, read already (the due scan reads it with the due cases),
        and when the vacancies of these cases' divisions were last reported."""
        self.vacancy_notes.update(notes)
        self._fill(*self._unseen(cases, register), held, by_id)

    def _unseen(self, cases: Iterable[Placed], register: DivisionRegister
                ) -> tuple[set[tuple[str, str]], set[int]]:
        """The (role, division) pairs and owners these cases' chains may ask for, not known
        yet."""
        wanted: set[tuple[str, str]] = set()
        owners: set[int] = set()
        for case in cases:
            if case.owner_id is not None and ("owner", case.owner_id) not in self._seen:
                owners.add(case.owner_id)
            for level in range(MAX_LEVEL + 1):
                code = division_code(level, case, register)
                if code is not None and (role_at(level), code) not in self._seen:
                    wanted.add((role_at(level), code))
        return wanted, owners

    def _fill(self, wanted: set[tuple[str, str]], owners: set[int],
              held: dict[tuple[str, str], list[OfficialRecord]],
              by_id: dict[int, OfficialRecord]) -> None:
        for key in wanted:
            self._seen[key] = list(held.get(key, []))
        for owner_id in owners:
            owner = by_id.get(owner_id)
            self._seen[("owner", owner_id)] = [owner] if owner is not None and owner.active \
                and not owner.unreachable else []


async def people_at(tx: Tx, level: int, case: Placed, register: DivisionRegister,
                    roster: Roster | None = None) -> list[OfficialRecord]:
    """The reachable officials answering for a case at a chain level (the owner at level 0,
    else the village's officers)."""
    roster = roster or Roster()
    if level == 0 and case.owner_id is not None:
        owner = await roster.owner(tx, case.owner_id)
        if owner:
            return owner
    code = division_code(level, case, register)
    if code is None or level > MAX_LEVEL:
        return []
    return await roster.holders(tx, role_at(level), code)


async def first_staffed(tx: Tx, level: int, case: Placed, register: DivisionRegister,
                        roster: Roster | None = None
                        ) -> tuple[int, list[OfficialRecord], list[int]]:
    """From `level` up, the first level with somebody: (that level, its people, the levels
    passed over because nobody holds them). (NOBODY, [], …) when the chain is empty above."""
    roster = roster or Roster()
    vacant: list[int] = []
    for at in range(level, MAX_LEVEL + 1):
        people = await people_at(tx, at, case, register, roster)
        if people:
            return at, people, vacant
        vacant.append(at)
    return NOBODY, [], vacant


async def village_has_officer(tx: Tx, village_code: str) -> bool:
    return bool(await officials_repo.holders(tx, role="officer", division_code=village_code))


async def report_vacancies(tx: Tx, levels: list[int], case: Placed, register: DivisionRegister,
                           now: datetime, *, ref: str, roster: Roster | None = None) -> int:
    """Tell the district's admins that these levels of the case's chain have no official
    (once a day per division). Returns the notices queued. With a pass's `roster`, a division
    is looked at once a pass (a scan climbing 500 cases of a vacant village reads its notice
    state once) and the admins come from the roster."""
    if not levels:  # no vacancy: no query (the due scan calls this for every climb)
        return 0
    district = district_of(case.town_code, register)
    if district is None:
        admins: list[OfficialRecord] = []
    elif roster is not None:
        admins = await roster.holders(tx, "district_admin", district)
    else:
        admins = await officials_repo.holders(tx, role="district_admin", division_code=district)
    queued = 0
    for level in levels:
        code = division_code(level, case, register)
        if code is None:
            continue
        if roster is not None:
            if code in roster.vacancies_seen:
                continue  # already told (or known told within the day) this pass
            roster.vacancies_seen.add(code)
        if level >= MAX_LEVEL or not admins:
            # Nobody above to tell: the operator's log says so (no personal data in it).
            log.warning("no %s for division %s (case %s) and no district admin to tell",
                        role_at(level), code, ref)
            continue
        key = f"vacant:{code}"
        if roster is not None and key in roster.vacancy_notes:
            last = roster.vacancy_notes[key]
        else:
            last = await state_repo.get_state(tx, key)
        if last is not None and now - datetime.fromisoformat(last) < VACANCY_EVERY:
            continue
        division = register.get(code)
        told = [OutboxMessage(
            channel=admin.channel, chat_id=admin.chat_id, key="chase.vacant",
            params={"division": division.name if division else code, "ref": ref,
                    "role": {"key": f"due.level.{level}"}}) for admin in admins]
        if roster is not None and roster.writes is not None:
            roster.writes.state(key, now.isoformat())
            for message in told:
                roster.writes.message(message)
        else:
            await state_repo.set_state(tx, key, now.isoformat(), now)
            for message in told:
                await enqueue(tx, message, now)
        queued += len(told)
    return queued
