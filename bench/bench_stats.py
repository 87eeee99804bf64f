"""/stats over a large register on SQLite: the whole update (role check, SQL aggregates,
roll-up, paged text), timed through the neutral core; then the chart and the CSV/XLSX; then
the district's case list through the outbox, and how long 50 cards queued behind it wait.

    python bench/bench_stats.py [--cases 100000] [--runs 7] [--database-url URL]

Without --database-url a fresh SQLite file is used; a PostgreSQL URL must name an empty database.

Prints the median and worst of the runs in milliseconds. The target: /stats < 2 s. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.app import build_app
from bot.settings import Settings
from cases.clock import MovableClock
from cases.statistics import Scope
from cases.stats_query import yearly_statistics
from cases.vocab import OPEN_STAGES, RISK_TYPES, SOURCES
from chat.events import Event, Sender
from chat.replies import Document, Message
from chat.transport import TELEGRAM, Sent
from handlers.stats import CASE_LIST_KEY
from scheduler.dispatcher import OutboxDispatcher
from scheduler.limiter import SendLimits
from storage.crypto import generate_key
from storage.outbox import OutboxMessage, enqueue
from storage.tables import cases, official_roles, officials

NOW = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
ADMIN = 900001


def synthetic_cases(count: int, villages: list[tuple[str, str]], seed: int = 6) -> list[dict[str, Any]]:
    """Cases over 2019–2026: a third identified, half of those eliminated; some households twice."""
    rng = random.Random(seed)
    start = datetime(2019, 1, 1, tzinfo=UTC)
    span = (NOW - start).total_seconds()
    rows = []
    for n in range(count):
        village, town = villages[n % len(villages)]
        reported = start + timedelta(seconds=rng.random() * span * 0.97)
        accepted = reported + timedelta(hours=rng.uniform(0.5, 40)) if rng.random() < 0.9 else None
        visited = accepted + timedelta(days=rng.uniform(0.2, 6)) if accepted and rng.random() < 0.8 else None
        proposed = visited + timedelta(days=rng.uniform(1, 12)) if visited and rng.random() < 0.7 else None
        identified = proposed + timedelta(days=2) if proposed and rng.random() < 0.6 else None
        eliminated = (identified + timedelta(days=rng.uniform(180, 500))
                      if identified and rng.random() < 0.5 else None)
        if eliminated and eliminated > NOW:
            eliminated = None
        stage = ("closed" if eliminated else "monitored" if identified else
                 rng.choice((*OPEN_STAGES[:4], "closed")))
        rows.append({
            "ref": f"BN-{reported.year}-{n:07d}", "source": SOURCES[n % 4], "village_code": village,
            "town_code": town, "household_id": f"HH{rng.randrange(count * 9 // 10):08d}",
            "head_name": "户主", "people": rng.randint(1, 7),
            "risk_types": rng.sample(RISK_TYPES, rng.randint(1, 2)), "media": [], "urgent": False,
            "stage": stage, "closed_reason": "risk_eliminated" if eliminated else
            ("not_eligible" if stage == "closed" else None),
            "reported_at": reported, "accepted_at": accepted, "visited_at": visited,
            "proposed_at": proposed, "identified_at": identified, "eliminated_at": eliminated,
            "closed_at": eliminated, "due_at": reported + timedelta(days=3) if stage != "closed" else None,
            "escalation_level": 0, "updated_at": reported, "version": 1,
        })
    return rows


async def main(count: int, runs: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=url or f"sqlite+aiosqlite:///{folder}/bench.db",
                            data_key=generate_key())
        app = await build_app(settings, MovableClock(NOW, frozen=True))
        register = app.services.divisions
        villages = [(v.code, t.code) for t in register.towns() for v in register.villages_of(t.code)]
        began = time.perf_counter()
        rows = synthetic_cases(count, villages)
        async with app.db.begin() as tx:
            for i in range(0, len(rows), 5000):
                await tx.execute(cases.insert(), rows[i:i + 5000])
            official_id = (await tx.execute(officials.insert().values(
                channel="telegram", user_id=ADMIN, chat_id=ADMIN, display_name="区管理员",
                active=True, unreachable=False, created_at=NOW).returning(officials.c.id))).scalar_one()
            await tx.execute(official_roles.insert().values(
                official_id=official_id, role="district_admin", division_code="500119000000",
                active=True, granted_at=NOW))
        print(f"loaded {count:,} cases into {app.db.dialect.name} in {time.perf_counter() - began:.1f} s")

        timings = []
        for run in range(runs):
            event = Event(channel="telegram", chat_id=ADMIN, sender=Sender(ADMIN, "管理员"),
                          kind="command", update_key=str(run + 1), text="/stats 2025", command="stats",
                          args="2025")
            t0 = time.perf_counter()
            replies = await app.core.handle(event)
            timings.append(time.perf_counter() - t0)
        longest = max(len(r.text) for r in replies)
        median = statistics.median(timings) * 1000
        print(f"/stats 2025 through the core, {runs} runs: median {median:.0f} ms, "
              f"worst {max(timings) * 1000:.0f} ms; {len(replies)} message(s), longest {longest} chars")
        print("\n".join(line for line in replies[0].text.splitlines()[:8]))

        async with app.db.begin() as tx:
            t0 = time.perf_counter()
            stats = await yearly_statistics(tx, year=2025, scope=Scope(), register=register,
                                            tz=app.services.programme.timezone, now=NOW)
            sql = time.perf_counter() - t0
        from bot.cli.report import translator
        from bot.reports.chart import render_chart
        from bot.reports.csv_out import render_csv
        from bot.reports.xlsx import render_stats_xlsx

        t = translator("zh")
        t0 = time.perf_counter()
        png = render_chart(stats, t)
        chart_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        render_csv(stats, t), render_stats_xlsx(stats, t)
        files_s = time.perf_counter() - t0
        print(f"aggregates alone {sql * 1000:.0f} ms; chart {chart_s * 1000:.0f} ms "
              f"({len(png):,} bytes); CSV + XLSX {files_s * 1000:.0f} ms")
        await case_list_through_the_outbox(app)
        await app.close()
        target = statistics.median(timings) < 2.0
        print("target /stats < 2 s:", "met" if target else "MISSED")
        if not target:
            sys.exit(1)


class Recorder:
    """A transport that only notes when each chat got its message."""

    channel = "telegram"
    capabilities = TELEGRAM

    def __init__(self) -> None:
        self.at: dict[int, float] = {}
        self.file_size = 0

    async def deliver(self, chat_id: int, reply: Message) -> Sent:
        self.at[chat_id] = time.perf_counter()
        self.file_size = max(self.file_size, len(reply.data) if isinstance(reply, Document) else 0)
        return Sent(len(self.at))


async def case_list_through_the_outbox(app: Any, others: int = 50) -> None:
    """The admin's case list is queued first, then a card for each of `others` officials:
    the cards must not wait for the workbook (no send limits here: this measures the build)."""
    recorder = Recorder()
    async with app.db.begin() as tx:
        await enqueue(tx, OutboxMessage("telegram", ADMIN, CASE_LIST_KEY, {"scope": ""}), NOW)
        for n in range(others):
            await enqueue(tx, OutboxMessage("telegram", 700_000 + n, "sr.phone_saved"), NOW)
    outbox = OutboxDispatcher(engine=app.db, transports={"telegram": recorder},
                              clock=app.services.clock, catalogue=app.services.catalogue,
                              limits=SendLimits.unlimited(), batch=100,
                              live=app.live_messages())
    t0 = time.perf_counter()
    latencies: list[float] = []
    update_id = 1000
    while ADMIN not in recorder.at:
        if await outbox.run_once():
            continue
        # Meanwhile a resident writes to the bot: how long does an update take during the build?
        update_id += 1
        event = Event(channel="telegram", chat_id=800_000, sender=Sender(800_000, "居民"),
                      kind="command", update_key=str(update_id), text="/help", command="help")
        began = time.perf_counter()
        await app.core.handle(event)
        latencies.append(time.perf_counter() - began)
        await asyncio.sleep(0.1)
    cards = max(at for chat, at in recorder.at.items() if chat != ADMIN) - t0
    print(f"case list of the whole district: {(recorder.at[ADMIN] - t0) * 1000:.0f} ms to "
          f"send ({recorder.file_size:,} bytes); the {others} cards queued behind it were all "
          f"sent after {cards * 1000:.0f} ms")
    if latencies:
        print(f"a resident's update while the list was built ({len(latencies)} updates): median "
              f"{statistics.median(latencies) * 1000:.0f} ms, worst {max(latencies) * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.cases, args.runs, args.database_url))
