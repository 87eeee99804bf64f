"""The morning digest to every official with open work, and the weekly summary to town leads
and district admins. Each is sent once per occurrence: the date of the occurrence is kept in
the scheduler state, in the same transaction as the queued messages."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.climb import label, place
from cases.divisions import DivisionRegister
from cases.escalation import ADMIN_STEPS, AUTOMATIC_STEPS, LEAD_STEPS
from cases.jurisdiction import scope_of
from cases.vocab import OPEN_STAGES
from scheduler.recipients import local_time, tell
from storage import digest_queries as digest_repo
from storage import officials as officials_repo
from storage import scheduling as repo
from storage.case_facts import Facts, facts_of
from storage.db import Tx
from storage.digest_queries import Listed
from storage.officials import OfficialRecord

DAILY, WEEKLY = "digest.daily", "digest.weekly"
DAILY_SENT = "digest.daily.sent"  # when the last morning digest went out: the next one starts there
VISIT_STEPS = ("visit", "follow_up")
EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
SHOWN = 5  # case references listed per line


def last_occurrence(now: datetime, zone: ZoneInfo, at: time, weekday: int | None = None
                    ) -> datetime:
    """The latest local `at` (on `weekday`, if given) not after `now`, in UTC."""
    local = now.astimezone(zone)
    day = local.date()
    if weekday is not None:
        day -= timedelta(days=(local.weekday() - weekday) % 7)
    when = datetime.combine(day, at, tzinfo=zone)
    if when > local:
        when -= timedelta(days=7 if weekday is not None else 1)
    return when.astimezone(UTC)


class Digests:
    def __init__(self, *, engine: AsyncEngine, register: DivisionRegister, zone: ZoneInfo,
                 daily_at: time, weekly_at: time, weekly_weekday: int) -> None:
        self.engine = engine
        self.register = register
        self.zone = zone
        self.daily_at = daily_at
        self.weekly_at = weekly_at
        self.weekly_weekday = weekly_weekday

    async def run(self, now: datetime) -> int:
        """Queue the digests that are due and not yet sent; returns messages queued."""
        sent = 0
        daily = last_occurrence(now, self.zone, self.daily_at)
        weekly = last_occurrence(now, self.zone, self.weekly_at, self.weekly_weekday)
        async with self.engine.begin() as tx:
            key = daily.isoformat()
            if await repo.get_state(tx, DAILY) != key:
                # Late by more than half a day (the bot was down): not worth sending any more.
                if now - daily < timedelta(hours=12):
                    last = await repo.get_state(tx, DAILY_SENT)
                    since = datetime.fromisoformat(last) if last else now - timedelta(days=1)
                    sent += await self._daily(tx, now, since)
                    await repo.set_state(tx, DAILY_SENT, now.isoformat(), now)
                await repo.set_state(tx, DAILY, key, now)
            key = weekly.isoformat()
            if await repo.get_state(tx, WEEKLY) != key:
                if now - weekly < timedelta(days=1):
                    sent += await self._weekly(tx, now)
                await repo.set_state(tx, WEEKLY, key, now)
        return sent

    async def _daily(self, tx: Tx, now: datetime, since: datetime) -> int:
        """What changed since the last digest — new, closed, newly overdue — with a count of
        what was overdue before and still is, so the same list does not come every morning."""
        local = now.astimezone(self.zone)
        day_start = datetime.combine(local.date(), time(0), tzinfo=self.zone).astimezone(UTC)
        queued = 0
        for person in await _reachable(tx):
            scope = _scope_args(person)
            stages = await repo.open_by_stage(tx, **scope)
            total = sum(stages.values())
            # An officer's overdue list is their own work: a town approval is the lead's, the
            # district's confirmation (审定) the admins'. A public notice (公示) is never late:
            # it ends by itself.
            leads = any(g.role in ("town_lead", "district_admin") for g in person.roles)
            exclude = sorted(AUTOMATIC_STEPS if leads
                             else AUTOMATIC_STEPS | LEAD_STEPS | ADMIN_STEPS)
            visits = await digest_repo.listed(tx, "due", day_start, day_start + timedelta(days=1),
                                              steps=VISIT_STEPS, limit=SHOWN, **scope)
            new = await digest_repo.listed(tx, "new", since, now, limit=SHOWN, **scope)
            closed = await digest_repo.listed(tx, "closed", since, now, limit=SHOWN, **scope)
            late = await digest_repo.listed(tx, "due", since, now, exclude=exclude, limit=SHOWN,
                                            **scope)
            still, _ = await digest_repo.listed(tx, "due", EPOCH, since, exclude=exclude, limit=0,
                                                **scope)
            if not total and not new[0] and not closed[0]:
                continue
            facts = await facts_of(tx, [c.id for _, shown in (visits, new, closed, late)
                                        for c in shown])
            params = {"date": local.strftime("%Y-%m-%d"), "open": total,
                      # Every open stage, the programme's steps (评议/公示/审定) too.
                      **{stage: stages.get(stage, 0) for stage in OPEN_STAGES},
                      "since": local_time(since, self.zone),
                      "visits": visits[0], "visit_list": self._lines(visits, facts),
                      "new": new[0], "new_list": self._lines(new, facts),
                      "closed": closed[0], "closed_list": self._lines(closed, facts),
                      "overdue_new": late[0], "overdue_new_list": self._lines(late, facts),
                      "overdue_old": still}
            await tell(tx, [person], "chase.digest", params, now)
            queued += 1
        return queued

    def _lines(self, found: tuple[int, list[Listed]], facts: dict[int, Facts]
               ) -> dict[str, Any] | str:
        """One case a line under its heading: reference, household head, village and 组,
        stage and due time (or how it closed)."""
        count, shown = found
        if not shown:
            return ""
        lines: list[Any] = [""]  # the list starts on the line after its heading
        for case in shown:
            known = facts.get(case.id)
            common = {"ref": case.ref, "head": case.head,
                      "village": place(case.village_code, known.group if known else None,
                                       self.register)}
            if case.stage == "closed":
                lines.append(label("chase.digest_closed", **common,
                                   reason=label(f"closure.{case.closed_reason or 'withdrawn'}")))
            else:
                due = label("chase.digest_due", due=local_time(case.due_at, self.zone)) \
                    if case.due_at else ""
                lines.append(label("chase.digest_line", **common,
                                   stage=label(f"stage.{case.stage}"), due=due))
        if count > len(shown):
            lines.append(label("chase.digest_more", n=count - len(shown)))
        return {"lines": lines}

    async def _weekly(self, tx: Tx, now: datetime) -> int:
        start = now - timedelta(days=7)
        queued = 0
        for person in await _reachable(tx):
            scope = scope_of(person)
            if not scope.towns and not scope.everything:
                continue
            counts = await repo.week_counts(tx, start, now, now, towns=scope.towns,
                                            everything=scope.everything)
            area = self._area(scope.towns, scope.everything)
            await tell(tx, [person], "due.weekly", {
                "area": area, "start": start.astimezone(self.zone).strftime("%Y-%m-%d"),
                "end": now.astimezone(self.zone).strftime("%Y-%m-%d"), **counts}, now)
            queued += 1
        return queued

    def _area(self, towns: frozenset[str], everything: bool) -> dict[str, list[str]] | str:
        """The divisions a summary covers, joined in the reader's language at send time."""
        if everything:
            names = [d.name for d in self.register.children(None) if d.level == "district"]
        else:
            names = [d.name if (d := self.register.get(code)) else code for code in sorted(towns)]
        return {"join": names} if names else "—"


async def _reachable(tx: Tx) -> list[OfficialRecord]:
    return [p for p in await officials_repo.all_officials(tx)
            if p.active and not p.unreachable and p.roles]


class _ScopeArgs(TypedDict):
    """The area keywords of storage.scheduling's digest queries."""

    villages: frozenset[str]
    towns: frozenset[str]
    everything: bool
    owner_id: int


def _scope_args(person: OfficialRecord) -> _ScopeArgs:
    scope = scope_of(person)
    return {"villages": scope.villages, "towns": scope.towns, "everything": scope.everything,
            "owner_id": person.id}
