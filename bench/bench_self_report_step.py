"""Per-update cost of a self-report step: the neutral core on a durable SQLite file, versus a
bare aiogram handler with a MemoryStorage FSM step, both fed in-process in the same run.

    python bench/bench_self_report_step.py [--steps 2000]

Prints mean / median / p95 per step in microseconds and the ratios. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
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


async def bare_aiogram(steps: int) -> list[float]:
    """The floor: an aiogram name step, state in memory, reply to a null session."""
    dp = Dispatcher(storage=MemoryStorage())
    bot = Bot(TOKEN, session=NullSession())

    @dp.message(Form.name)
    async def process_name(message: Message, state: FSMContext) -> None:
        await state.update_data(name=message.text)
        await state.set_state(Form.phone)
        await message.answer("第 4 步：请留一个联系电话。")

    samples = []
    for i in range(steps):
        user_id = 10_000 + i
        await dp.fsm.get_context(bot, user_id, user_id).set_state(Form.name)
        update = Update.model_validate(text_update(i + 1, user_id, "王秀英"), context={"bot": bot})
        start = time.perf_counter()
        await dp.feed_update(bot, update)
        samples.append((time.perf_counter() - start) * 1e6)
    return samples


async def prepare_chats(app: Any, first_user: int, steps: int) -> None:
    """Put `steps` chats at the name question of a self-report, as real users would be."""
    now = app.services.clock.now()
    async with app.db.begin() as tx:
        for i in range(steps):
            conv = Conversation("telegram", first_user + i, first_user + i, "zh", now, "sr.name",
                                {"flow": "self", "town": "500119101000",
                                 "village": "500119101201"})
            await conversations.save(tx, conv, now)


async def core_steps(app: Any, first_user: int, steps: int) -> list[float]:
    samples = []
    for i in range(steps):
        user_id = first_user + i
        event = Event("telegram", user_id, Sender(user_id, "王", None, "zh"), "text",
                      update_id=500_000 + user_id, text="王秀英")
        start = time.perf_counter()
        replies = await app.core.handle(event)
        samples.append((time.perf_counter() - start) * 1e6)
        assert "电话" in replies[-1].text
    return samples


async def adapter_steps(app: Any, first_user: int, steps: int) -> list[float]:
    """The whole path: parsed update → aiogram → adapter → core (SQLite) → reply to a null session."""
    adapter = AiogramAdapter(app.core, TOKEN, "http://127.0.0.1:9")
    adapter.bot = Bot(TOKEN, session=NullSession(), default=adapter.bot.default)
    samples = []
    for i in range(steps):
        user_id = first_user + i
        # Parsed before the clock starts, exactly as for the bare handler.
        update = Update.model_validate(text_update(900_000 + user_id, user_id, "王秀英"),
                                       context={"bot": adapter.bot})
        start = time.perf_counter()
        await adapter.dp.feed_update(adapter.bot, update)
        samples.append((time.perf_counter() - start) * 1e6)
    return samples


async def main(steps: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp}/bench.db",
                            data_key=generate_key())
        app = await build_app(settings)
        await prepare_chats(app, 1_000_000, steps)
        await prepare_chats(app, 2_000_000, steps)
        await core_steps(app, 3_000_000, 0)
        print(f"{steps} self-report name steps each, SQLite WAL file (durable), Python "
              f"{sys.version.split()[0]}")
        bare = summary("bare aiogram + MemoryStorage FSM", await bare_aiogram(steps))
        core = summary("neutral core + SQLite (Engine.handle)", await core_steps(app, 1_000_000, steps))
        full = summary("aiogram adapter → neutral core + SQLite",
                       await adapter_steps(app, 2_000_000, steps))
        print(f"ratio core/bare (median): {core['median'] / bare['median']:.2f}×   "
              f"full/bare (median): {full['median'] / bare['median']:.2f}×   "
              f"full p95: {full['p95'] / 1000:.2f} ms")
        await app.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=2000)
    asyncio.run(main(parser.parse_args().steps))
