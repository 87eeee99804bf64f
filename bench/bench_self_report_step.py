"""Per-update cost of a self-report step: the neutral core on a durable SQLite file, versus a
bare aiogram handler with a MemoryStorage FSM step, both fed in-process in the same run.

    python bench/bench_self_report_step.py [--steps 2000] [--rounds 20]

Prints mean / median / p95 per step in microseconds and the ratios. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.base import BaseSession
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.types import Chat, Message, Update

from bot.adapters.aiogram_adapter import AiogramAdapter
from bot.app import build_app
from bot.settings import Settings
from handlers.model import Event, Sender
from storage import conversations
from storage.conversations import Conversation
from storage.crypto import generate_key

TOKEN = "123456:BENCH"


class NullSession(BaseSession):
    """Answers every Bot API call at once, as a fake session in aiogram's own tests does."""

    async def make_request(self, bot: Bot, method: Any, timeout: int | None = None) -> Any:
        if getattr(method, "__api_method__", "") == "sendMessage":
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


def text_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id, "date": 1_772_000_000, "text": text,
            "chat": {"id": user_id, "type": "private", "first_name": "王"},
            "from": {"id": user_id, "is_bot": False, "first_name": "王", "language_code": "zh"},
        },
    }


def summary(label: str, samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    figures = {"mean": statistics.fmean(samples), "median": statistics.median(samples), "p95": p95}
    print(f"{label:<48} mean {figures['mean']:8.0f} µs   median {figures['median']:8.0f} µs   "
          f"p95 {figures['p95']:8.0f} µs")
    return figures


def bare_aiogram() -> Callable[[int, int], Awaitable[list[float]]]:
    """The floor: an aiogram name step, state in memory, reply to a null session."""
    dp = Dispatcher(storage=MemoryStorage())
    bot = Bot(TOKEN, session=NullSession())

    @dp.message(Form.name)
    async def process_name(message: Message, state: FSMContext) -> None:
        await state.update_data(name=message.text)
        await state.set_state(Form.phone)
        await message.answer("第 4 步：请留一个联系电话。")

    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            await dp.fsm.get_context(bot, user_id, user_id).set_state(Form.name)
            update = Update.model_validate(text_update(user_id, user_id, "王秀英"),
                                           context={"bot": bot})
            start = time.perf_counter()
            await dp.feed_update(bot, update)
            samples.append((time.perf_counter() - start) * 1e6)
        return samples

    return run


async def prepare_chats(app: Any, first_user: int, steps: int) -> None:
    """Put `steps` chats at the name question of a self-report, as real users would be."""
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        for i in range(steps):
            conv = Conversation("telegram", first_user + i, first_user + i, "zh", now, "sr.name",
                                {"flow": "self", "town": "500119101000",
                                 "village": "500119101201"})
            await conversations.save(tx, conv, now)


def core_steps(app: Any) -> Callable[[int, int], Awaitable[list[float]]]:
    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            event = Event("telegram", user_id, Sender(user_id, "王", None, "zh"), "text",
                          update_id=500_000 + user_id, text="王秀英")
            start = time.perf_counter()
            replies = await app.core.handle(event)
            samples.append((time.perf_counter() - start) * 1e6)
            assert "电话" in replies[-1].text
        return samples

    return run


def adapter_steps(app: Any) -> Callable[[int, int], Awaitable[list[float]]]:
    """The whole path: parsed update → aiogram → adapter → core (SQLite) → reply to a null session."""
    adapter = AiogramAdapter(app.core, TOKEN, "http://127.0.0.1:9")
    adapter.bot = Bot(TOKEN, session=NullSession(), default=adapter.bot.default)

    async def run(first: int, steps: int) -> list[float]:
        samples = []
        for i in range(steps):
            user_id = first + i
            # Parsed before the clock starts, exactly as for the bare handler.
            update = Update.model_validate(text_update(900_000 + user_id, user_id, "王秀英"),
                                           context={"bot": adapter.bot})
            start = time.perf_counter()
            await adapter.dp.feed_update(adapter.bot, update)
            samples.append((time.perf_counter() - start) * 1e6)
        return samples

    return run


async def main(steps: int, rounds: int) -> None:
    """The three paths take turns, a slice of each per round: this machine's speed drifts by
    tens of per cent over a minute, and taking turns spreads the drift over all three."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            data_key=generate_key())
        app = await build_app(settings)
        await prepare_chats(app, 1_000_000, steps + 100)
        await prepare_chats(app, 2_000_000, steps + 100)
        paths = {"bare aiogram + MemoryStorage FSM": (bare_aiogram(), 10_000),
                 "neutral core + SQLite (Engine.handle)": (core_steps(app), 1_000_000),
                 "aiogram adapter → neutral core + SQLite": (adapter_steps(app), 2_000_000)}
        samples: dict[str, list[float]] = {name: [] for name in paths}
        for run, first in paths.values():  # warm-up: caches, compiled statements
            await run(first + steps, 100)
        per_round = max(1, steps // rounds)
        for r in range(rounds):
            for name, (run, first) in paths.items():
                samples[name] += await run(first + r * per_round, per_round)
        print(f"{per_round * rounds} self-report name steps each in {rounds} interleaved rounds, "
              f"SQLite WAL file (durable), Python {sys.version.split()[0]}")
        bare, core, full = (summary(name, values) for name, values in samples.items())
        print(f"ratio core/bare (median): {core['median'] / bare['median']:.2f}×   "
              f"full/bare (median): {full['median'] / bare['median']:.2f}×   "
              f"full p95: {full['p95'] / 1000:.2f} ms")
        await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    asyncio.run(main(args.steps, args.rounds))
