"""The outbox dispatcher sending 2,000 messages to 500 chats through the fake Bot API server,
with the real adapter and the default limits (≤ 1/s per chat, ≤ 25/s overall).

    python bench/bench_dispatcher.py [--messages 2000] [--chats 500] [--framework aiogram|ptb]
                                     [--backend sqlite|postgres] [--workers N]
                                     [--per-second 25] [--shared auto|on|off]

Prints the sustained rate (as a share of the overall cap), and the breaches of any 1-second
window (overall and per chat) measured on the server's own request timestamps; the fake
server also enforces Telegram's limits, so a breach would show up as 429s. Takes ~80 s at
25/s. Target: ≥ 95 % of the cap, 0 breaches. Not a test.

--workers N runs N processes' background work (dispatcher, reply sender, heartbeat: each its
own engine, as separate processes would have) in this process on one PostgreSQL database:
with the shared budget the cap is the bot's, not each worker's. It also prints the database
statements per message sent (the shared budget's cost: a heartbeat a second per worker, the
pacing of each chat) and this process's CPU per message; --per-second 500 (the server then
enforces nothing) shows the most the dispatchers can send.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from bisect import bisect_left
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.adapters.factory import make_adapter
from bot.app import build_app
from bot.fake_telegram import FakeTelegram
from bot.settings import Settings
from cases.clock import SystemClock
from scheduler.service import start_background
from storage import scheduling
from storage.crypto import generate_key
from storage.outbox import OutboxMessage, enqueue
from tests.support.databases import database_url

TOKEN = "123456:BENCH-dispatcher"
FIRST_CHAT = 50_000


def breaches(times: list[float], limit: int, window: float = 1.0) -> int:
    """Windows [t, t + window) that hold more than `limit` requests."""
    times = sorted(times)
    return sum(1 for i, t in enumerate(times)
               if bisect_left(times, t + window) - i > limit)


async def bench(args: argparse.Namespace) -> None:
    fake = FakeTelegram()
    await fake.start()
    for i in range(args.chats):
        fake.user(FIRST_CHAT + i)
    if args.per_second <= 30:
        fake.enforce_limits(per_chat_per_s=1, overall_per_s=30)  # Telegram's own flood control
    statements = 0

    def count(*_: object) -> None:
        nonlocal statements
        statements += 1

    with tempfile.TemporaryDirectory() as tmp:
        async with database_url(args.backend, Path(tmp)) as url:
            settings = dict(database_url=url, data_key=generate_key(),
                            quiet_hours_start="00:00", quiet_hours_end="00:00",
                            outbox_per_second=args.per_second, outbox_shared_limits=args.shared)
            apps = [await build_app(Settings(**settings), SystemClock())
                    for _ in range(args.workers)]
            adapters = [make_adapter(args.framework, TOKEN, fake.base_url, app.services.catalogue)
                        for app in apps]
            for adapter in adapters:
                await adapter.start()
            running = []
            try:
                now = apps[0].services.clock.now()
                async with apps[0].db.begin() as tx:
                    for n in range(args.messages):
                        await enqueue(tx, OutboxMessage(
                            "telegram", FIRST_CHAT + n % args.chats, "due.reminder",
                            params={"ref": f"NC-2026-{n:06d}", "village": "黄淦村",
                                    "step": {"key": "due.step.visit"}, "due": "2026-03-05 10:00",
                                    "left": "2"}), now)
                for app in apps:
                    event.listen(app.db.sync_engine, "before_cursor_execute", count)
                before = len(fake.requests)
                started = time.perf_counter()
                cpu = time.process_time()
                for app, adapter in zip(apps, adapters, strict=True):
                    running.append(await start_background(
                        app.background(), {adapter.channel: adapter}, with_scheduler=False))
                shared = running[0].dispatcher.budget.shared
                while True:
                    await asyncio.sleep(0.5)
                    async with apps[0].db.begin() as tx:
                        left, _ = await scheduling.backlog(tx, apps[0].services.clock.now())
                    if left == 0:
                        break
                for background in running:
                    await background.stop()
                running.clear()
                wall = time.perf_counter() - started
                cpu = time.process_time() - cpu
            finally:
                for background in running:
                    await background.stop()
                for adapter in adapters:
                    await adapter.close()
                for app in apps:
                    await app.close()
    await fake.stop()
    cap = args.per_second
    sends = [r for r in fake.requests[before:] if r.method.lower() == "sendmessage"]
    ok = [r for r in sends if r.status == 200]
    times = [r.at for r in sends]
    span = max(times) - min(times)
    rate = (len(ok) - 1) / span if span else float("inf")
    per_chat: dict[int, list[float]] = {}
    for r in sends:
        per_chat.setdefault(int(r.params["chat_id"]), []).append(r.at)
    chat_breaches = sum(breaches(t, 1) for t in per_chat.values())
    print(f"[{args.framework}/{args.backend}, {args.workers} worker(s), budget "
          f"{'shared' if shared else 'in memory'}] {len(ok)} of {args.messages} sent to "
          f"{len(per_chat)} chats in {span:.1f} s (wall {wall:.1f} s)")
    print(f"sustained {rate:.2f} msg/s = {100 * rate / cap:.1f} % of the {cap}/s cap; "
          f"429s from the server: {sum(1 for r in sends if r.status == 429)}")
    print(f"1-second windows over the cap: {breaches(times, cap)}; "
          f"per-chat breaches: {chat_breaches}")
    print(f"database statements per message sent: {statements / max(len(ok), 1):.2f}; "
          f"this process's CPU (bot and fake server) per message: "
          f"{1000 * cpu / max(len(ok), 1):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--framework", choices=["aiogram", "ptb"], default="aiogram")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes' background work sharing the database (PostgreSQL)")
    parser.add_argument("--per-second", type=int, default=25,
                        help="OUTBOX_PER_SECOND, the bot's; above 30 the server stops enforcing")
    parser.add_argument("--shared", choices=["auto", "on", "off"], default="auto",
                        help="OUTBOX_SHARED_LIMITS")
    asyncio.run(bench(parser.parse_args()))


if __name__ == "__main__":
    main()
