"""Key rotation while the bot runs: `rekey` re-encrypts every sealed value under the newest
DATA_KEY in batches, and the bot's own steps must stay quick meanwhile (target: p95 < 1 s).

    PYTHONPATH=. python bench/bench_rekey.py [--chats 20000]

Seeds a SQLite file with `--chats` conversations holding a sealed draft under the old key, then
rotates (DATA_KEY = new,old) and runs the rekey in the same process and event loop as a chat
doing conversation steps — stricter than production, where `python -m bot rekey` is a process
of its own. Prints the steps' latency while the rekey ran and the rekey's speed. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from chat.events import Event, Sender  # noqa: E402
from storage import conversations, rekey  # noqa: E402
from storage.conversations import Conversation  # noqa: E402
from storage.crypto import generate_key  # noqa: E402
from storage.db import chunk_transactions  # noqa: E402

BOT_CHAT = "990000001"


async def seed(url: str, key: str, chats: int) -> None:
    """Conversations with sealed drafts, all under the old key."""
    app = await build_app(Settings(database_url=url, data_key=key, outbox_limits_enabled=False))
    now, cipher = app.services.clock.now(), app.services.cases.cipher
    for start in range(0, chats, 1000):
        async with app.db.begin() as tx:
            for i in range(start, min(start + 1000, chats)):
                draft = {"flow": "self", "name": f"王{i}", "phone": f"1380013{i % 10000:04d}"}
                await conversations.save(tx, Conversation("telegram", str(i), str(i), "zh", now, "sr.name",
                                                          draft), now, cipher)
    await app.close()


async def steps_during(app: object, done: asyncio.Event) -> list[float]:
    """One person sending /help every 5 ms until the rekey is done; a step's latency runs from
    when it was due, so time spent waiting for the event loop (the rekey's batches run on it
    here) counts too."""
    core = app.core  # type: ignore[attr-defined]
    samples, n = [], 0
    due = time.perf_counter()
    while not done.is_set():
        n += 1
        event = Event("telegram", BOT_CHAT, Sender(BOT_CHAT, "王", None, "zh"), "command",
                      update_key=str(n), text="/help", command="help")
        await core.handle(event)
        end = time.perf_counter()
        samples.append(end - due)
        due = end + 0.005  # a busy chat, not a flood
        await asyncio.sleep(0.005)
    return samples


async def main(chats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/rekey.db"
        old, new = generate_key(), generate_key()
        await seed(url, old, chats)
        app = await build_app(Settings(database_url=url, data_key=f"{new},{old}",
                                       outbox_limits_enabled=False))
        done = asyncio.Event()
        stepping = asyncio.create_task(steps_during(app, done))
        started = time.perf_counter()
        changed = await rekey.rekey_all(chunk_transactions(app.db), app.services.cases.cipher,
                                        app.services.clock.now)
        took = time.perf_counter() - started
        done.set()
        samples = sorted(await stepping)
        await app.close()
    total = sum(changed.values())
    p95 = samples[int(len(samples) * 0.95) - 1] if samples else 0.0
    print(f"rekey: {total} values re-encrypted in {took:.1f} s ({total / took:,.0f}/s), SQLite, one process")
    print(f"bot steps meanwhile: {len(samples)}, median {statistics.median(samples) * 1000:.1f} ms, "
          f"p95 {p95 * 1000:.1f} ms, max {samples[-1] * 1000:.1f} ms "
          f"(target p95 < 1 s: {'MET' if p95 < 1 else 'MISSED'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--chats", type=int, default=20_000)
    asyncio.run(main(parser.parse_args().chats))
