"""Per-update cost of a self-report name step, four ways, fed in-process in the same run:

  (a) bare aiogram, MemoryStorage FSM, a bare `State` filter (aiogram runs it in a thread);
  (b) bare aiogram, MemoryStorage FSM, `StateFilter(Form.name)` (an async filter);
  (c) the neutral core alone: `Engine.handle(Event)` on a durable SQLite file;
  (d) the full path as the bot runs it: a raw update dict → `UpdatePump.receive` (recorded in
      the inbox) → handled → replies sent through the real AiogramAdapter (its Bot on a null
      session) → delivery marks flushed in batches, on the same SQLite file.

    PYTHONPATH=. python bench/bench_self_report_step.py [--steps 2000] [--rounds 20]
    PYTHONPATH=. python bench/bench_self_report_step.py --profile 2000   # cProfile of (d)

Every path starts from the same raw update dict: the bare paths parse it into aiogram's
Update inside the clock (their polling does that too; the parse is printed apart), (c) gets
its Event ready-made. SQLite is WAL with synchronous=NORMAL: a step survives SIGKILL, not a
power cut. Prints mean / median / p95 per step, the ratios full/bare and whether the targets
(full path median ≤ 1.0 ms, p95 ≤ 5 ms) are met. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, KeyboardButton, Message, ReplyKeyboardMarkup, Update

from bot.adapters.aiogram_adapter import AiogramAdapter
from bot.app import App, build_app
from bot.edge import Edge, start_edge
from bot.settings import Settings
from chat.events import Event, Sender
from storage import conversations
from storage.conversations import Conversation
from storage.crypto import generate_key

TOKEN = "123456:BENCH"
NAME = "王秀英"
TARGET_MEDIAN_MS = 1.0
TARGET_P95_MS = 5.0

Run = Callable[[int, int], Awaitable[list[float]]]


class NullSession(BaseSession):
    """Answers every Bot API call at once, as a fake session in aiogram's own tests does;
    remembers the last text sent to each chat so a run can check it got the right reply."""

    def __init__(self) -> None:
        super().__init__()
        self.last_text: dict[int, str] = {}

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        if getattr(method, "__api_method__", "") == "sendMessage":
            self.last_text[int(method.chat_id)] = method.text
            return Message(message_id=1, date=datetime.now(UTC),
                           chat=Chat(id=method.chat_id, type="private"), text=method.text)
        return True

    async def stream_content(self, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        yield b""

    async def close(self) -> None:
        return None


class Form(StatesGroup):
    name = State()
    phone = State()


PHONE_KEYBOARD = ReplyKeyboardMarkup(
    keyboard=[[KeyboardButton(text="分享手机号", request_contact=True)], [KeyboardButton(text="取消")]],
    resize_keyboard=True, one_time_keyboard=True)


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A Bot API update as getUpdates returns it (after JSON decoding)."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 1_772_000_000, "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "王"},
            "from": {"id": user_id, "is_bot": False, "first_name": "王", "language_code": "zh"},
        },
    }


def percentile(samples: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted samples."""
    return samples[max(0, int(len(samples) * share + 0.5) - 1)]


def summary(label: str, samples: list[float]) -> dict[str, float]:
    """Print and return mean / median / p95 of samples in µs."""
    ordered = sorted(samples)
    figures = {"mean": statistics.fmean(ordered), "median": statistics.median(ordered),
               "p95": percentile(ordered, 0.95)}
    print(f"{label:<52} mean {figures['mean']:7.0f} µs   median {figures['median']:7.0f} µs   "
          f"p95 {figures['p95']:7.0f} µs")
    return figures


# --- (a), (b): bare aiogram ---------------------------------------------------------------

def bare_aiogram(name_filter: Any, parse_samples: list[float]) -> Run:
    """The floor: an aiogram name step, state in memory, reply (with the same contact keyboard
    the bot sends) to a null session. `name_filter` is `Form.name` or `StateFilter(Form.name)`."""
    dp = Dispatcher(storage=MemoryStorage())
    bot = Bot(TOKEN, session=NullSession())

    @dp.message(name_filter)
    async def process_name(message: Message, state: FSMContext) -> None:
        await state.update_data(name=message.text)
        await state.set_state(Form.phone)
        await message.answer("第 4 步：请留一个联系电话。", reply_markup=PHONE_KEYBOARD)

    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            await dp.fsm.get_context(bot, user_id, user_id).set_state(Form.name)
            raw = text_update(user_id, user_id, NAME)
            start = time.perf_counter()
            update = Update.model_validate(raw, context={"bot": bot})
            parsed = time.perf_counter()
            await dp.feed_update(bot, update)
            end = time.perf_counter()
            samples.append((end - start) * 1e6)
            parse_samples.append((parsed - start) * 1e6)
            assert await dp.fsm.get_context(bot, user_id, user_id).get_state() == Form.phone.state
        return samples

    return run


# --- (c), (d): the bot ---------------------------------------------------------------------

async def prepare_chats(app: App, first_user: int, count: int) -> None:
    """Put `count` chats at the name question of a self-report, as real users would be."""
    now = app.services.clock.now()
    cipher = app.services.cases.cipher
    async with app.db.begin() as tx:
        for i in range(count):
            conv = Conversation("telegram", first_user + i, first_user + i, "zh", now, "sr.name",
                                {"flow": "self", "town": "500119101000",
                                 "village": "500119101201"})
            await conversations.save(tx, conv, now, cipher)


def core_steps(app: App) -> Run:
    """(c) Engine.handle on a ready-made Event, one transaction per step."""
    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            event = Event("telegram", user_id, Sender(user_id, "王", None, "zh"), "text",
                          update_key=str(500_000 + user_id), text=NAME)
            start = time.perf_counter()
            replies = await app.core.handle(event)
            samples.append((time.perf_counter() - start) * 1e6)
            assert "电话" in replies[-1].text
        return samples

    return run


async def full_edge(app: App) -> tuple[Edge, NullSession]:
    """The edge as the bot wires it (pump, reply sender, aiogram adapter), its Bot on a null
    session. The outbox dispatcher loop stays off: it polls on a timer, not per step."""
    adapter = AiogramAdapter(TOKEN, "http://127.0.0.1:9", app.services.catalogue)
    await adapter.bot.session.close()
    session = NullSession()
    adapter.bot = Bot(TOKEN, session=session, default=adapter.bot.default)
    edge = await start_edge(app, adapter, TOKEN, "http://127.0.0.1:9", with_scheduler=False,
                            dispatch=False)
    return edge, session


def full_steps(edge: Edge, session: NullSession, receive_samples: list[float]) -> Run:
    """(d) raw update → inbox → core → adapter → null session. `pump.drain` returns once the
    chat's worker has sent the replies; their marks are written by the sender's batch flush
    meanwhile (every 20 ms), whose cost falls on whichever step is running then."""
    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            raw = text_update(900_000 + user_id, user_id, NAME)
            start = time.perf_counter()
            await edge.pump.receive([raw])
            recorded = time.perf_counter()
            await edge.pump.drain()
            end = time.perf_counter()
            samples.append((end - start) * 1e6)
            receive_samples.append((recorded - start) * 1e6)
            assert "电话" in session.last_text.get(user_id, ""), session.last_text.get(user_id)
        return samples

    return run


# --- running -------------------------------------------------------------------------------

def report(samples: dict[str, list[float]], parse: list[float], receive: list[float], per_round: int,
           rounds: int) -> None:
    """The figures, the ratios and the verdict on the targets."""
    print(f"{per_round * rounds} self-report name steps per path in {rounds} interleaved rounds, "
          f"SQLite WAL synchronous=NORMAL file, Python {sys.version.split()[0]}")
    state, state_filter, core, full = (summary(name, values) for name, values in samples.items())
    print(f"  (bare paths include parsing the raw dict into an aiogram Update: median "
          f"{statistics.median(parse):.0f} µs)")
    print(f"  (the full path's receive, i.e. recording the update in the inbox: median "
          f"{statistics.median(receive):.0f} µs)")
    print(f"ratios (median)  core/bare-State {core['median'] / state['median']:.2f}×   "
          f"full/bare-State {full['median'] / state['median']:.2f}×   "
          f"full/bare-StateFilter {full['median'] / state_filter['median']:.2f}×")
    print(f"ratios (p95)     full/bare-State {full['p95'] / state['p95']:.2f}×   "
          f"full/bare-StateFilter {full['p95'] / state_filter['p95']:.2f}×")
    median_ok = full["median"] / 1000 <= TARGET_MEDIAN_MS
    p95_ok = full["p95"] / 1000 <= TARGET_P95_MS
    print(f"target full median ≤ {TARGET_MEDIAN_MS} ms: {full['median'] / 1000:.2f} ms "
          f"{'MET' if median_ok else 'MISSED'}   "
          f"p95 ≤ {TARGET_P95_MS} ms: {full['p95'] / 1000:.2f} ms {'MET' if p95_ok else 'MISSED'}")


async def compare(app: App, steps: int, rounds: int) -> None:
    """The four paths take turns, a slice of each per round: this machine's speed drifts by
    tens of per cent over a minute, and taking turns spreads the drift over all of them."""
    await prepare_chats(app, 1_000_000, steps + 100)
    await prepare_chats(app, 2_000_000, steps + 100)
    edge, session = await full_edge(app)
    parse: list[float] = []
    receive: list[float] = []
    paths: dict[str, tuple[Run, int]] = {
        "(a) bare aiogram, MemoryStorage, State filter": (bare_aiogram(Form.name, []), 10_000),
        "(b) bare aiogram, MemoryStorage, StateFilter": (bare_aiogram(StateFilter(Form.name), parse),
                                                         100_000),
        "(c) neutral core + SQLite (Engine.handle)": (core_steps(app), 1_000_000),
        "(d) full: raw → inbox → core → aiogram adapter": (full_steps(edge, session, receive),
                                                           2_000_000),
    }
    for run, first in paths.values():  # warm-up: caches, compiled statements
        await run(first + steps, 100)
    parse.clear()
    receive.clear()
    samples: dict[str, list[float]] = {name: [] for name in paths}
    per_round = max(1, steps // rounds)
    for r in range(rounds):
        for name, (run, first) in paths.items():
            samples[name] += await run(first + r * per_round, per_round)
    await edge.close()
    report(samples, parse, receive, per_round, rounds)


async def profile(app: App, steps: int) -> None:
    """cProfile of the full path (d): the top functions by cumulative time."""
    await prepare_chats(app, 2_000_000, steps + 100)
    edge, session = await full_edge(app)
    run = full_steps(edge, session, [])
    await run(2_000_000 + steps, 100)
    profiler = cProfile.Profile()
    profiler.enable()
    await run(2_000_000, steps)
    profiler.disable()
    await edge.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(30)
    print(out.getvalue())


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            data_key=generate_key())
        app = await build_app(settings)
        try:
            if args.profile:
                await profile(app, args.profile)
            else:
                await compare(app, args.steps, args.rounds)
        finally:
            await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--profile", type=int, default=0, metavar="STEPS",
                        help="profile the full path over STEPS steps instead of comparing")
    asyncio.run(main(parser.parse_args()))
