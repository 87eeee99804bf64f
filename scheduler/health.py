"""Outbox health: what `python -m bot status` prints, and the alert to district admins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from scheduler.recipients import tell
from storage import inbox as inbox_repo
from storage import officials as officials_repo
from storage import owed_replies as owed_repo
from storage import scheduling as repo
from storage.backlog import measure_backlog

ALERTED = "health.alerted"
ALERT_EVERY = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Health:
    backlog: int
    oldest_age: timedelta | None
    failures: dict[str, int] = field(default_factory=dict)  # last hour, by kind
    overdue: dict[int, int] = field(default_factory=dict)  # by escalation level
    failed_updates: int = 0  # received updates given up after repeated failures
    owed_replies: int = 0  # chats whose replies are not yet all delivered
    # Web visitors' messages: no push, seen when the visitor looks (storage/backlog.py).
    for_page: int = 0  # not yet handed to the page (by `python -m bot web`)
    on_page: int = 0  # on the page, not yet seen

    def lines(self) -> list[str]:
        age = "-" if self.oldest_age is None else f"{int(self.oldest_age.total_seconds())} s"
        f = self.failures
        return [
            f"outbox backlog: {self.backlog} due, oldest waiting {age}",
            f"last hour: 429 x{f.get('retry_after', 0)}, 403 x{f.get('blocked', 0)}, "
            f"5xx x{f.get('server', 0)}, network x{f.get('network', 0)}",
            "overdue cases by level: " + (", ".join(
                f"level {lvl}: {n}" for lvl, n in sorted(self.overdue.items())) or "none"),
            f"updates given up after repeated failures (kept for an operator): {self.failed_updates}",
            f"chats with replies still owed: {self.owed_replies}",
            f"web page messages waiting on the page (no push; not backlog): {self.on_page} "
            f"not yet seen by the visitor, {self.for_page} not yet handed to the page"
            + (" (is `python -m bot web` running?)" if self.for_page else ""),
        ]


async def measure(engine: AsyncEngine, now: datetime) -> Health:
    async with engine.begin() as tx:
        backlog = await measure_backlog(tx, now)
        failures = await repo.failure_counts(tx, now - timedelta(hours=1))
        overdue = await repo.overdue_by_level(tx, now)
        failed = await inbox_repo.count_failed(tx)
        owed = len(await owed_repo.owed_chats(tx))
    oldest = backlog.oldest
    return Health(backlog.due, None if oldest is None else now - oldest, failures, overdue, failed,
                  owed, backlog.for_page, backlog.on_page)


async def alert_if_needed(engine: AsyncEngine, now: datetime, *, backlog: int,
                          age: timedelta) -> bool:
    """Tell the district admins (urgent, at most hourly) when the outbox falls behind.
    Failure counts older than a day are dropped here, every tick, so the table stays small."""
    async with engine.begin() as tx:
        await repo.prune_failures(tx, now - timedelta(days=1))
    health = await measure(engine, now)
    late = health.oldest_age is not None and health.oldest_age >= age
    if health.backlog < backlog and not late:
        return False
    async with engine.begin() as tx:
        last = await repo.get_state(tx, ALERTED)
        if last and now - datetime.fromisoformat(last) < ALERT_EVERY:
            return False
        admins = [p for p in await officials_repo.all_officials(tx)
                  if p.active and not p.unreachable
                  and any(g.role == "district_admin" for g in p.roles)]
        minutes = int(health.oldest_age.total_seconds() // 60) if health.oldest_age else 0
        # A label rendered in each admin's language: "约 96 小时" reads better than "5760 分钟".
        age_label = ({"key": "due.age_hours", "params": {"n": round(minutes / 60)}}
                     if minutes >= 120 else {"key": "due.age_minutes", "params": {"n": minutes}})
        await tell(tx, admins, "due.health_alert", {"backlog": health.backlog, "age": age_label},
                   now, urgent=True)
        await repo.set_state(tx, ALERTED, now.isoformat(), now)
    return True
