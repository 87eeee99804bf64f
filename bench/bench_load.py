"""Load test of several webhook workers on one PostgreSQL (issue 12 item 6).

For each worker count (1, 2 and 4 by default): a fresh PostgreSQL database, the demo division
register with one officer per village, N real worker processes (`python -m bot run
--no-scheduler` with WEBHOOK_URL, each on its own port), and the project's fake Bot API server
delivering updates by webhook to them in turn (like nginx's round robin, up to Telegram's 40
connections at once). 200 simulated residents each complete a whole self-report (13 updates:
/start, consent, menu, town, village, name, phone, household size, hardship, done, no
description, not urgent, submit), closed loop — each waits for the reply it expects before its
next step — and the ten village officers accept every card the outbox brings them.

    PYTHONPATH=. python bench/bench_load.py [--users 200] [--workers 1,2,4]

Prints, per worker count: reports/s (all reports submitted, first update to last), the
reply latency of the residents' steps (update sent → the message it waits for) p50/p99, the
officers' acceptances, the CPU of the workers (sum, share of one core) and of this load
generator (time.process_time; it runs the fake server and the 210 users), and counts from the
database proving no update was lost or applied twice: inbox rows = updates sent, handled
updates (processed_updates) = inbox rows, cases = reports, accepted cases = acceptances.

Outbox send limits are off (the fake enforces none, and the officers' cards would otherwise
wait a second each per chat). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bench_http_load import machine_cpu, process_cpu, stop_bot  # noqa: E402
from tests.support.databases import database_url  # noqa: E402

TOKEN = "123456:BENCH-load"
# (town, village) of the demo register (storage/seed/divisions_nanchuan.csv)
VILLAGES = [("东城街道", "黄淦村", "500119001201"), ("木凉镇", "汉场坝村", "500119101201"),
            ("河图镇", "长坪村", "500119102201"), ("鸣玉镇", "南湖村", "500119103201"),
            ("福寿镇", "大石坝村", "500119104201"), ("大观镇", "金龙村", "500119105201"),
            ("三泉镇", "盐井村", "500119106201"), ("黎香湖镇", "观音村", "500119108201"),
            ("石溪镇", "龙泉村", "500119109201"), ("金山镇", "龙山村", "500119110201")]
FIRST_RESIDENT = 6_000_000
FIRST_OFFICER = 9_000_000
STEP_TIMEOUT = 60.0
START_TIMEOUT = 180.0
ACCEPT = "✅ 受理"


# --- the database -------------------------------------------------------------------------

def settings_env(database_url: str, data_key: str, api_base: str) -> dict[str, str]:
    return {"BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": api_base, "DATABASE_URL": database_url,
            "DATA_KEY": data_key, "BOT_FRAMEWORK": "aiogram", "OUTBOX_LIMITS_ENABLED": "false",
            "LOG_LEVEL": "WARNING"}


async def prepare(env: dict[str, str]) -> None:
    """Migrate, load the demo register (at first start) and make one officer per village."""
    from bot.app import build_app
    from bot.settings import Settings
    from storage import officials

    app = await build_app(Settings(**{k.lower(): v for k, v in env.items()}))
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        for n, (_, village, code) in enumerate(VILLAGES):
            user = str(FIRST_OFFICER + n)
            await officials.grant(tx, channel="telegram", user_id=user, chat_id=user,
                                  display_name=f"{village}信息员", role="officer",
                                  division_code=code, now=now)
    await app.close()


async def counts(database_url: str) -> dict[str, int]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(database_url)
    queries = {
        "inbox": "SELECT count(*) FROM inbox",
        "handled": "SELECT count(*) FROM processed_updates",
        "handled_not_recorded": "SELECT count(*) FROM processed_updates p WHERE NOT EXISTS ("
                                "SELECT 1 FROM inbox i WHERE i.chat_id = p.chat_id "
                                "AND i.update_key = p.update_key)",
        "failed": "SELECT count(*) FROM inbox WHERE failed",
        "cases": "SELECT count(*) FROM cases",
        "accepted": "SELECT count(*) FROM cases WHERE stage = 'accepted'",
        "claims_left": "SELECT count(*) FROM chat_claims",
    }
    try:
        async with engine.connect() as conn:
            return {k: int((await conn.execute(text(q))).scalar_one()) for k, q in queries.items()}
    finally:
        await engine.dispose()


# --- the workers --------------------------------------------------------------------------

def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def start_workers(count: int, env: dict[str, str], logs: Path
                        ) -> tuple[list[asyncio.subprocess.Process], list[str]]:
    ports = [free_port() for _ in range(count)]
    urls = [f"http://127.0.0.1:{port}/telegram/webhook" for port in ports]
    processes = []
    for n, port in enumerate(ports):
        worker_env = {**os.environ, **env, "PYTHONPATH": str(ROOT), "WEBHOOK_URL": urls[0],
                      "WEBHOOK_SECRET": "bench-secret", "WEBHOOK_PORT": str(port)}
        log = (logs / f"worker{n + 1}.log").open("wb")
        processes.append(await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--no-scheduler", cwd=ROOT, env=worker_env,
            stdout=log, stderr=log))
        log.close()
    return processes, urls


async def stop_workers(processes: list[asyncio.subprocess.Process]) -> None:
    """SIGTERM to all at once (each finishes what it holds), SIGKILL after 30 s."""
    await asyncio.gather(*(stop_bot(process) for process in processes))


# --- the people ---------------------------------------------------------------------------

@dataclass
class Seen:
    latencies: list[float] = field(default_factory=list)  # seconds, residents' steps
    accept_latencies: list[float] = field(default_factory=list)
    submitted_at: list[float] = field(default_factory=list)
    accepted: int = 0
    timeouts: list[str] = field(default_factory=list)


def shown(message: Any) -> str:
    return " ".join([message.plain, *message.button_texts(), *message.reply_keyboard_texts()])


async def act(user: Any, seen: Seen, action: str, arg: str, words: str, *,
              latencies: list[float]) -> bool:
    """One step: do it, wait for the message holding `words`; False on timeout."""
    waiter = user.wait_for(lambda m: words in shown(m), timeout=STEP_TIMEOUT)
    sent = time.perf_counter()
    getattr(user, action)(arg)
    try:
        await waiter
    except TimeoutError:
        seen.timeouts.append(f"{user.user_id}: {action}({arg!r}) → {words!r}")
        return False
    latencies.append(time.perf_counter() - sent)
    return True


async def resident(fake: Any, n: int, seen: Seen) -> None:
    town, village, _ = VILLAGES[n % len(VILLAGES)]
    user = fake.user(FIRST_RESIDENT + n, first_name=f"居民{n}", language_code="zh-hans")
    steps = [("send_text", "/start", "您同意吗"), ("press", "✅ 同意", "请选择您要办理的事项"),
             ("press", "🏠 申报本户困难", "第 1 步"), ("press", town, "第 2 步"),
             ("press", village, "第 3 步"), ("send_text", f"居民{n}", "第 4 步"),
             ("share_contact", f"+86138{n:08d}", "第 5 步"), ("press", "3", "第 6 步"),
             ("press", "因病", "✅ 因病"), ("press", "完成", "第 7 步"), ("press", "跳过", "第 8 步"),
             ("press", "否", "请核对"), ("press", "✅ 提交", "申报已提交")]
    for action, arg, words in steps:
        if not await act(user, seen, action, arg, words, latencies=seen.latencies):
            return
    seen.submitted_at.append(time.perf_counter())


async def officer(fake: Any, n: int, expected: int, seen: Seen, stop: asyncio.Event) -> None:
    """Accept every card with the accept button, one after the other, as they come."""
    user = fake.user(FIRST_OFFICER + n, first_name=f"信息员{n}", language_code="zh-hans")
    pressed: set[int] = set()
    done = 0
    while done < expected and not stop.is_set():
        cards = [m for m in user.messages if m.message_id not in pressed
                 and any(ACCEPT == b["text"] for row in m.buttons for b in row)]
        if not cards:
            await user.wait_until(lambda: stop.is_set() or any(
                m.message_id not in pressed and any(ACCEPT == b["text"] for row in m.buttons
                                                    for b in row) for m in user.messages),
                timeout=3600)
            continue
        card = cards[0]
        pressed.add(card.message_id)
        data = next(b["callback_data"] for row in card.buttons for b in row if b["text"] == ACCEPT)
        waiter = user.wait_for(lambda m: "您已受理案件" in shown(m), timeout=STEP_TIMEOUT)
        sent = time.perf_counter()
        user.press_on(card.message_id, data)
        try:
            await waiter
        except TimeoutError:
            seen.timeouts.append(f"officer {n}: accept #{card.message_id}")
            continue
        seen.accept_latencies.append(time.perf_counter() - sent)
        seen.accepted += 1
        done += 1


# --- one run ------------------------------------------------------------------------------

@dataclass
class Run:
    workers: int
    users: int
    seconds_reports: float
    seconds_all: float
    seen: Seen
    workers_cpu: float  # share of one core, sum of the workers
    own_cpu: float
    machine_busy: float
    db: dict[str, int]
    updates_sent: int
    errors: list[str]  # the workers' logged errors (WARNING and above are logged)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


async def run(workers: int, args: argparse.Namespace) -> Run:
    from bot.fake_telegram import FakeTelegram
    from storage.crypto import generate_key

    fake = FakeTelegram(token=TOKEN)
    api_base = await fake.start()
    async with database_url("postgres", Path(tempfile.gettempdir())) as url:  # a new one
        env = settings_env(url, generate_key(), api_base)
        await prepare(env)
        with tempfile.TemporaryDirectory() as tmp:
            processes, urls = await start_workers(workers, env, Path(tmp))
            try:
                await fake.wait_until(lambda: len([c for c in fake.calls("setWebhook")
                                                   if c.status == 200]) >= workers, START_TIMEOUT)
                fake.webhook_targets = urls
                seen, stop = Seen(), asyncio.Event()
                per_village = [len(range(n, args.users, len(VILLAGES))) for n in range(len(VILLAGES))]
                cpu0 = [process_cpu(p.pid) for p in processes]
                own0, machine0, t0 = time.process_time(), machine_cpu(), time.perf_counter()
                officers = [asyncio.create_task(officer(fake, n, per_village[n], seen, stop))
                            for n in range(len(VILLAGES))]
                await asyncio.gather(*(resident(fake, n, seen) for n in range(args.users)))
                t_reports = time.perf_counter()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(asyncio.gather(*officers), STEP_TIMEOUT * 2)
                stop.set()
                t_all = time.perf_counter()
                cpu1 = [process_cpu(p.pid) for p in processes]
                own1, machine1 = time.process_time(), machine_cpu()
                await asyncio.sleep(1)  # the last replies' bookkeeping
            except BaseException:
                print_logs(Path(tmp))
                raise
            finally:
                await stop_workers(processes)
                await fake.stop()
            errors = error_lines(Path(tmp))
        db = await counts(url)
    wall = t_all - t0
    busy = (machine1[0] - machine0[0]) / max(1.0, machine1[1] - machine0[1])
    return Run(workers, args.users, t_reports - t0, wall, seen,
               (sum(cpu1) - sum(cpu0)) / wall, (own1 - own0) / wall, busy, db,
               fake.next_update_id - 1, errors)


def print_logs(logs: Path) -> None:
    """The end of each worker's output (when a run fails)."""
    for log in sorted(logs.glob("worker*.log")):
        print(log.name, log.read_text(errors="replace")[-3000:], file=sys.stderr)


def error_lines(logs: Path) -> list[str]:
    """What the workers logged at ERROR (tracebacks' first lines)."""
    found = []
    for log in sorted(logs.glob("worker*.log")):
        found += [f"{log.stem}: {line[:200]}" for line in log.read_text(errors="replace").splitlines()
                  if "ERROR" in line or line.startswith(("Traceback", "sqlalchemy.", "asyncpg."))]
    return found


def report(r: Run) -> None:
    s = r.seen
    reports = len(s.submitted_at)
    print(f"{r.workers} worker(s): {reports}/{r.users} reports in {r.seconds_reports:.1f} s = "
          f"{reports / r.seconds_reports:.2f} reports/s; reply p50 {percentile(s.latencies, 0.5):.0f} ms "
          f"p99 {percentile(s.latencies, 0.99):.0f} ms over {len(s.latencies)} steps; "
          f"{s.accepted} cards accepted (p50 {percentile(s.accept_latencies, 0.5):.0f} ms, "
          f"all done after {r.seconds_all:.1f} s)")
    per_update = 1000 * r.workers_cpu * r.seconds_all / max(1, r.updates_sent)
    print(f"    CPU: workers {100 * r.workers_cpu:.0f}% of a core (sum; {per_update:.1f} ms per "
          f"update), load generator {100 * r.own_cpu:.0f}%, machine {100 * r.machine_busy:.0f}% busy")
    d = r.db
    ok = (d["inbox"] == r.updates_sent and d["handled"] == d["inbox"]
          and d["handled_not_recorded"] == 0 and d["failed"] == 0 and d["cases"] == reports
          and d["accepted"] == s.accepted)
    print(f"    database: updates sent {r.updates_sent}, inbox rows {d['inbox']}, handled "
          f"{d['handled']}, given up {d['failed']}, cases {d['cases']} (reports {reports}), "
          f"accepted {d['accepted']} (acceptances {s.accepted}), claims left {d['claims_left']} "
          f"→ {'no update lost or applied twice' if ok else 'MISMATCH'}")
    if s.timeouts:
        print(f"    !! {len(s.timeouts)} timeouts, e.g. {s.timeouts[:3]}")
    if r.errors:
        print(f"    !! the workers logged {len(r.errors)} errors, e.g.:", *r.errors[:5], sep="\n      ")
    print(f"    reply latency per step: median {statistics.median(s.latencies) * 1000:.0f} ms"
          if s.latencies else "    no steps done")


async def main(args: argparse.Namespace) -> None:
    for workers in [int(w) for w in args.workers.split(",")]:
        report(await run(workers, args))
    print(f"{args.users} residents, {len(VILLAGES)} officers; fake Bot API server, users and "
          f"PostgreSQL on the same {os.cpu_count()}-core machine (shared with other work); "
          f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--workers", default="1,2,4")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main(parser.parse_args()))
