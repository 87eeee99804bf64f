"""Throughput and reply latency over real HTTP: 50 simulated users against the project's fake
Bot API server, each doing a self-report name step again and again, answered by

  (i)   a bare aiogram bot: MemoryStorage FSM, StateFilter, aiogram's own start_polling,
        the reply (same text, same contact keyboard) with send_message;
  (ii)  our bot with the aiogram adapter: run_bot → start_edge + edge.poll, SQLite WAL file;
  (iii) our bot with the python-telegram-bot adapter, likewise.

    PYTHONPATH=. python bench/bench_http_load.py [--users 50] [--warmup 3] [--duration 20]
                                                 [--bots bare,aiogram,ptb] [--rounds 1]
    PYTHONPATH=. python bench/bench_http_load.py --bots aiogram --profile-bot   # cProfile, bot side

This process is the load generator: the fake server and the users, on 127.0.0.1. Each bot runs
as its own process (pinned to the other core unless --no-pin), so the two CPUs are measured
apart: the bot's from /proc/<pid>/stat, the load generator's with time.process_time, both
over the measured window only. Every step uses a chat put at the name question beforehand
(the bot's database, or the bare bot's MemoryStorage), so each step is the same step: send a
name, wait for the bot's message asking for the phone. A user moves to its next chat when the
reply arrives (closed loop: 50 steps in flight at most). Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import os
import pstats
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "123456:BENCH-http-load"
NAME = "王秀英"
FIRST_CHAT = 3_000_000
PHONE_TEXT = ("第 4 步：请留一个<b>联系电话</b>。\n"
              "点下面的「📱 发送我的手机号」最方便；也可以直接输入手机号或带区号的座机号。")
READY_TIMEOUT = 180.0
STEP_TIMEOUT = 30.0


# --- the bots, each in its own process -----------------------------------------------------

async def serve_bare(api_base: str, first_chat: int, chats: int, profile_to: Path | None) -> None:
    """(i) The floor: a bare aiogram bot doing the name step, until SIGTERM."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.default import DefaultBotProperties
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.enums import ParseMode
    from aiogram.filters import StateFilter
    from aiogram.fsm.context import FSMContext
    from aiogram.fsm.state import State, StatesGroup
    from aiogram.fsm.storage.base import StorageKey
    from aiogram.fsm.storage.memory import MemoryStorage
    from aiogram.types import KeyboardButton, Message, ReplyKeyboardMarkup

    class Form(StatesGroup):
        name = State()
        phone = State()

    keyboard = ReplyKeyboardMarkup(
        keyboard=[[KeyboardButton(text="📱 发送我的手机号", request_contact=True)],
                  [KeyboardButton(text="取消")]],
        resize_keyboard=True, one_time_keyboard=True)
    dp = Dispatcher(storage=MemoryStorage())
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api_base)),
              default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True))

    @dp.message(StateFilter(Form.name))
    async def process_name(message: Message, state: FSMContext) -> None:
        await state.update_data(name=message.text)
        await state.set_state(Form.phone)
        await message.answer(PHONE_TEXT, reply_markup=keyboard)

    for chat in range(first_chat, first_chat + chats):  # at the name question, as for our bot
        await dp.storage.set_state(StorageKey(bot.id, chat, chat), Form.name)
    if profile_to is not None:
        profile_window(profile_to)
    await dp.start_polling(bot, handle_signals=True)


async def prepare_database(settings: Any, first_chat: int, chats: int) -> None:
    """Migrate our bot's database and put the chats at the name question of a self-report."""
    from bot.app import build_app
    from storage import conversations
    from storage.conversations import Conversation

    app = await build_app(settings)
    now = app.services.clock.now()
    cipher = app.services.cases.cipher
    async with app.db.begin() as tx:
        for chat in range(first_chat, first_chat + chats):
            conv = Conversation("telegram", chat, chat, "zh", now, "sr.name",
                                {"flow": "self", "town": "500119101000", "village": "500119101201"})
            await conversations.save(tx, conv, now, cipher)
    await app.close()


async def serve_ours(framework: str, api_base: str, database: Path, first_chat: int, chats: int,
                     profile_to: Path | None) -> None:
    """(ii)/(iii) Our bot exactly as `python -m bot run --no-scheduler` runs it, until SIGTERM."""
    from bot.runner import run_bot
    from bot.settings import Settings
    from storage.crypto import generate_key

    settings = Settings(bot_token=TOKEN, telegram_api_base=api_base, bot_framework=framework,
                        database_url=f"sqlite+aiosqlite:///{database}", data_key=generate_key(),
                        poll_timeout=10)
    await prepare_database(settings, first_chat, chats)
    if profile_to is not None:
        profile_window(profile_to)
    await run_bot(settings, with_scheduler=False)


def profile_window(profile_to: Path) -> None:
    """Profile the bot between SIGUSR1 and SIGUSR2 (the load generator's measured window)."""
    profiler = cProfile.Profile()
    loop = asyncio.get_running_loop()

    def stop() -> None:
        profiler.disable()
        profiler.dump_stats(str(profile_to))

    loop.add_signal_handler(signal.SIGUSR1, profiler.enable)
    loop.add_signal_handler(signal.SIGUSR2, stop)


# --- measuring CPU -------------------------------------------------------------------------

def process_cpu(pid: int) -> float:
    """User + system CPU seconds of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, to show what else ran meanwhile."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return float(sum(values) - idle), float(sum(values))


@dataclass
class Snapshot:
    at: float
    bot_cpu: float
    own_cpu: float
    machine: tuple[float, float]

    @classmethod
    def take(cls, pid: int) -> Snapshot:
        return cls(time.perf_counter(), process_cpu(pid), time.process_time(), machine_cpu())


# --- the load generator --------------------------------------------------------------------

@dataclass
class Steps:
    """What the users saw: (sent, answered) per step, and anything odd."""

    done: list[tuple[float, float]] = field(default_factory=list)
    waiting: dict[int, asyncio.Future[float]] = field(default_factory=dict)
    wrong: int = 0
    timeouts: int = 0
    exhausted: int = 0

    def on_message(self, message: Any, event: str) -> None:
        """The fake server's hook, called as the bot's sendMessage is handled."""
        if event != "sent":
            return
        future = self.waiting.pop(message.chat_id, None)
        if future is None or future.done():
            return
        if "电话" not in message.text:
            self.wrong += 1
        future.set_result(time.perf_counter())


async def user_loop(fake: Any, chats: range, steps: Steps, stop: asyncio.Event) -> None:
    """One simulated user: a name in each of its chats in turn, waiting for each reply."""
    loop = asyncio.get_running_loop()
    for chat in chats:
        if stop.is_set():
            return
        user = fake.user(chat)
        future: asyncio.Future[float] = loop.create_future()
        steps.waiting[chat] = future
        sent = time.perf_counter()
        user.send_text(NAME)
        try:
            answered = await asyncio.wait_for(future, STEP_TIMEOUT)
        except TimeoutError:
            steps.timeouts += 1
            continue
        steps.done.append((sent, answered))
    steps.exhausted += 1


def bot_command(kind: str, api_base: str, first_chat: int, chats: int, tmp: Path,
                profile: bool) -> list[str]:
    """The command line of a bot process (this script, in a --serve mode)."""
    command = [sys.executable, str(Path(__file__).resolve()), "--serve", kind, "--api-base", api_base,
               "--first-chat", str(first_chat), "--chats", str(chats), "--tmp", str(tmp)]
    return command + (["--profile-to", str(tmp / "bot.prof")] if profile else [])


async def start_bot(kind: str, api_base: str, chats: int, tmp: Path, pin: bool,
                    profile: bool) -> asyncio.subprocess.Process:
    """Start a bot process, its output to bot.log, pinned to cpu 1 with `pin`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (tmp / "bot.log").open("wb")
    process = await asyncio.create_subprocess_exec(
        *bot_command(kind, api_base, FIRST_CHAT, chats, tmp, profile), cwd=ROOT, env=env,
        stdout=log, stderr=log)
    log.close()
    if pin:
        os.sched_setaffinity(process.pid, {1})
    return process


async def stop_bot(process: asyncio.subprocess.Process) -> None:
    """SIGTERM (both bots stop polling and finish what they hold), SIGKILL after 30 s."""
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), 30)
        except TimeoutError:
            process.kill()
            await process.wait()


@dataclass
class Result:
    kind: str
    replies_per_s: float
    p50_ms: float
    p99_ms: float
    bot_cpu: float  # share of one core over the window
    own_cpu: float
    machine_busy: float  # share of all cores
    replies: int
    steps: Steps

    @property
    def cpu_ms_per_reply(self) -> float:
        return 1000 * self.bot_cpu / self.replies_per_s if self.replies_per_s else float("nan")


def measure(kind: str, steps: Steps, before: Snapshot, after: Snapshot) -> Result:
    """Replies answered within the window; latencies of steps sent within it."""
    window = after.at - before.at
    answered = [a for _, a in steps.done if before.at <= a <= after.at]
    latencies = sorted((a - s) * 1000 for s, a in steps.done if before.at <= s <= after.at)
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else float("nan")
    busy = (after.machine[0] - before.machine[0]) / max(1.0, after.machine[1] - before.machine[1])
    return Result(kind, len(answered) / window, statistics.median(latencies) if latencies else float("nan"),
                  p99, (after.bot_cpu - before.bot_cpu) / window, (after.own_cpu - before.own_cpu) / window,
                  busy, len(answered), steps)


async def load(kind: str, args: argparse.Namespace) -> Result:
    """Start the fake server and one bot, run the users, measure the window, stop."""
    from bot.fake_telegram import FakeTelegram

    chats = args.users * args.chats_per_user
    fake = FakeTelegram(token=TOKEN)
    api_base = await fake.start()
    steps = Steps()
    unsubscribe = fake.on_bot_message(steps.on_message)
    with tempfile.TemporaryDirectory(dir=args.tmp_root) as tmp:
        process = await start_bot(kind, api_base, chats, Path(tmp), args.pin, args.profile_bot)
        try:
            await fake.wait_until(lambda: fake.get_updates_calls > 0, READY_TIMEOUT)
            stop = asyncio.Event()
            users = [asyncio.create_task(user_loop(
                fake, range(FIRST_CHAT + u * args.chats_per_user, FIRST_CHAT + (u + 1) * args.chats_per_user),
                steps, stop)) for u in range(args.users)]
            await asyncio.sleep(args.warmup)
            before = Snapshot.take(process.pid)
            if args.profile_bot:
                process.send_signal(signal.SIGUSR1)
            await asyncio.sleep(args.duration)
            after = Snapshot.take(process.pid)
            if args.profile_bot:
                process.send_signal(signal.SIGUSR2)
            stop.set()
            await asyncio.wait(users, timeout=STEP_TIMEOUT)
        except BaseException:
            print_log(Path(tmp) / "bot.log")
            raise
        finally:
            await stop_bot(process)
            unsubscribe()
            await fake.stop()
        if args.profile_bot:
            print_profile(Path(tmp) / "bot.prof", args.keep_profile)
    return measure(kind, steps, before, after)


AREAS = ("sqlalchemy", "pydantic", "aiogram", "telegram", "aiohttp", "httpx", "httpcore", "anyio",
         "cryptography", "greenlet", "asyncio", "json", "logging")


def area(filename: str) -> str:
    """Which library (or the project, or a C built-in) a profiled function belongs to."""
    parts = Path(filename).parts
    for name in AREAS:
        if name in parts:
            return name
    if filename.startswith(str(ROOT)):
        return "project: " + "/".join(Path(filename).relative_to(ROOT).parts[:1])
    return "built-in / other" if filename == "~" else "other: " + Path(filename).stem


def print_log(path: Path) -> None:
    """The end of a bot process's output (when a run fails)."""
    print(path.read_text(errors="replace")[-3000:], file=sys.stderr)


def print_profile(path: Path, keep: str | None) -> None:
    """The bot's own time by library, then its busiest functions, over the measured window.
    Own time (tottime) only: cumulative times are unreliable across greenlet switches and
    awaits (SQLAlchemy's async layer runs on greenlets)."""
    if keep:
        Path(keep).write_bytes(path.read_bytes())
    stats = pstats.Stats(str(path))
    by_area: dict[str, float] = {}
    for (filename, _, name), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = area(filename) if filename != "~" else f"built-in: {name.split(' of ')[0].strip('{<>}')}"
        by_area[key] = by_area.get(key, 0.0) + tottime
    total = sum(by_area.values())
    print(f"bot own time in the window, by library ({total:.2f} s profiled):")
    for key, seconds in sorted(by_area.items(), key=lambda kv: -kv[1])[:22]:
        print(f"  {100 * seconds / total:5.1f}%  {key}")
    stats.strip_dirs().sort_stats("tottime").print_stats(25)


LABELS = {"bare": "(i)   bare aiogram, MemoryStorage + StateFilter",
          "aiogram": "(ii)  ours, aiogram adapter, SQLite",
          "ptb": "(iii) ours, PTB adapter, SQLite"}


def print_result(r: Result) -> None:
    odd = r.steps.wrong + r.steps.timeouts + r.steps.exhausted
    print(f"{LABELS[r.kind]:<48} {r.replies_per_s:7.0f} replies/s   p50 {r.p50_ms:6.1f} ms   "
          f"p99 {r.p99_ms:6.1f} ms   bot CPU {100 * r.bot_cpu:4.0f}% ({r.cpu_ms_per_reply:.2f} ms/reply)   "
          f"load gen CPU {100 * r.own_cpu:4.0f}%   machine {100 * r.machine_busy:3.0f}% busy"
          + (f"   !! wrong {r.steps.wrong} timeouts {r.steps.timeouts} out of chats {r.steps.exhausted}"
             if odd else ""))


def print_ratios(results: list[Result]) -> None:
    """ours/bare, throughput and CPU per reply, per framework (rounds pooled by mean)."""
    def mean(kind: str, attr: str) -> float:
        values = [getattr(r, attr) for r in results if r.kind == kind]
        return statistics.fmean(values) if values else float("nan")

    bare = mean("bare", "replies_per_s")
    for kind in ("aiogram", "ptb"):
        ours = mean(kind, "replies_per_s")
        if ours == ours and bare == bare:
            verdict = "MET" if ours / bare >= 0.8 else "MISSED"
            print(f"ours ({kind}) / bare: throughput {ours / bare:.2f}× (target ≥ 0.8×: {verdict})   "
                  f"CPU per reply {mean(kind, 'cpu_ms_per_reply') / mean('bare', 'cpu_ms_per_reply'):.2f}×")


async def main(args: argparse.Namespace) -> None:
    if args.pin:
        os.sched_setaffinity(0, {0})
    kinds = args.bots.split(",")
    results = []
    for _ in range(args.rounds):
        for kind in kinds:
            result = await load(kind, args)
            print_result(result)
            results.append(result)
    print(f"{args.users} users, {args.warmup:.0f} s warm-up, {args.duration:.0f} s measured per run, "
          f"{'pinned: load generator cpu 0, bot cpu 1' if args.pin else 'not pinned'}, "
          f"Python {sys.version.split()[0]}")
    print_ratios(results)


def serve(args: argparse.Namespace) -> None:
    """The bot-process side of this script."""
    profile_to = Path(args.profile_to) if args.profile_to else None
    if args.serve == "bare":
        asyncio.run(serve_bare(args.api_base, args.first_chat, args.chats, profile_to))
    else:
        asyncio.run(serve_ours(args.serve, args.api_base, Path(args.tmp) / "bench.db", args.first_chat,
                               args.chats, profile_to))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--duration", type=float, default=20.0)
    parser.add_argument("--chats-per-user", type=int, default=1000,
                        help="chats prepared per user; one is used per step")
    parser.add_argument("--bots", default="bare,aiogram,ptb")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-pin", dest="pin", action="store_false")
    parser.add_argument("--profile-bot", action="store_true", help="cProfile the bot process")
    parser.add_argument("--keep-profile", metavar="FILE", help="with --profile-bot: copy the stats here")
    parser.add_argument("--tmp-root", default=None, help="where the bot's database goes")
    # the bot-process side
    parser.add_argument("--serve", choices=["bare", "aiogram", "ptb"], help=argparse.SUPPRESS)
    parser.add_argument("--api-base", help=argparse.SUPPRESS)
    parser.add_argument("--first-chat", type=int, default=FIRST_CHAT, help=argparse.SUPPRESS)
    parser.add_argument("--chats", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--tmp", help=argparse.SUPPRESS)
    parser.add_argument("--profile-to", help=argparse.SUPPRESS)
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.serve:
        serve(arguments)
    else:
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(main(arguments))
