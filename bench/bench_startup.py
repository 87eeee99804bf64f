"""Start-up time and idle memory of `python -m bot run`, against a floor: a bare bot of the same
framework on the same database stack.

    PYTHONPATH=. python bench/bench_startup.py [--frameworks aiogram,ptb] [--rounds 5]
                                               [--database-url URL] [--idle 5]
                                               [--before OTHER_CHECKOUT]

This process runs the project's fake Bot API server (bot/fake_telegram) on 127.0.0.1; each bot
is a subprocess started with a clean working directory (no .env). Per bot and round:

- start-up: from just before the process is spawned to the first getUpdates request the fake
  server records (`fake.requests`, `.at` is time.monotonic() on arrival);
- idle RSS: VmRSS from /proc/PID/status, `--idle` seconds after that first getUpdates (nothing
  is sent to the bot: it is long-polling, its outbox dispatcher finds nothing to do).

The floor ("bare") is what any bot of that framework on this database stack has to load:
pydantic-settings reading its settings, cryptography's Fernet built from the key, an async
SQLAlchemy engine on the same driver answering one query, and the framework's own polling
(aiogram's `Dispatcher.start_polling`, python-telegram-bot's `Application.run_polling`) with
one echo handler. The database is migrated (and the demo register loaded) by a warm-up run
of the real bot first, so every measured run finds it at head. Figures are medians (start-up
also its minimum, and the CPU time the process had used by its first getUpdates, which other
load on a shared machine inflates less than the wall clock). --before also runs the bot of
another checkout (e.g. `git archive` of an older commit), interleaved: before/after.
Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOKEN = "123456:BENCH-startup"
READY_TIMEOUT = 120.0
RSS_LIMIT = 1.3
STARTUP_LIMIT = 1.5


# --- the floor: a bare bot, run as `python bench/bench_startup.py --bare FRAMEWORK` ----------

def bare_settings():  # type: ignore[no-untyped-def]
    """The same settings stack as the bot: pydantic-settings from the environment."""
    from pydantic import SecretStr
    from pydantic_settings import BaseSettings, SettingsConfigDict

    class BareSettings(BaseSettings):
        model_config = SettingsConfigDict(extra="ignore")

        bot_token: SecretStr
        telegram_api_base: str
        database_url: str
        data_key: SecretStr
        poll_timeout: int = 30

    return BareSettings()


async def bare_database(url: str, key: str):  # type: ignore[no-untyped-def]
    """The same database stack: Fernet from the key, an async engine, one query."""
    from cryptography.fernet import Fernet
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    Fernet(key.encode())
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        await conn.execute(text("SELECT count(*) FROM alembic_version"))
    return engine


def run_bare_aiogram() -> None:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    settings = bare_settings()

    async def main() -> None:
        engine = await bare_database(settings.database_url, settings.data_key.get_secret_value())
        session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_base))
        bot = Bot(settings.bot_token.get_secret_value(), session=session)
        dp = Dispatcher()

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "?")

        try:
            await dp.start_polling(bot, polling_timeout=settings.poll_timeout)
        finally:
            await engine.dispose()

    asyncio.run(main())


def run_bare_ptb() -> None:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    settings = bare_settings()
    engines = []

    async def post_init(_app: Application) -> None:  # type: ignore[type-arg]
        engines.append(await bare_database(settings.database_url,
                                           settings.data_key.get_secret_value()))

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.message is not None:
            await update.message.reply_text(update.message.text or "?")

    base = settings.telegram_api_base
    app = (Application.builder().token(settings.bot_token.get_secret_value())
           .base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
           .post_init(post_init).build())
    app.add_handler(MessageHandler(filters.TEXT, echo))
    app.run_polling(timeout=settings.poll_timeout, allowed_updates=["message", "callback_query"])


# --- measuring ------------------------------------------------------------------------------

@dataclass
class Run:
    startup: float  # seconds to the first getUpdates (wall clock)
    cpu: float  # CPU seconds (user + system) the process had used by then
    rss_mib: float  # idle VmRSS


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/PID/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def vm_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


async def measure(fake, argv: list[str], env: dict[str, str], cwd: str, idle: float) -> Run:  # type: ignore[no-untyped-def]
    seen = len(fake.requests)
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(
        *argv, cwd=cwd, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE)
    try:
        first = None
        while first is None:
            if process.returncode is not None or time.monotonic() - started > READY_TIMEOUT:
                err = (await process.stderr.read()).decode(errors="replace")[-2000:]  # type: ignore[union-attr]
                raise RuntimeError(f"{' '.join(argv)} never polled:\n{err}")
            first = next((r for r in fake.requests[seen:] if r.method == "getUpdates"), None)
            if first is None:
                await asyncio.sleep(0.002)
        cpu = cpu_seconds(process.pid)  # within a few ms of the request: the bot now waits on it
        startup = first.at - started
        await asyncio.sleep(idle)
        if process.returncode is not None:
            raise RuntimeError(f"{' '.join(argv)} exited while idle")
        return Run(startup, cpu, vm_rss_mib(process.pid))
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()


def commands(framework: str) -> dict[str, list[str]]:
    bot = [sys.executable, "-m", "bot", "run"]
    return {"bare": [sys.executable, str(Path(__file__).resolve()), "--bare", framework],
            "bot": bot, "before": bot}


async def bench(frameworks: list[str], rounds: int, database_url: str | None, idle: float,
                before: Path | None = None) -> int:
    from bot.fake_telegram import FakeTelegram
    from storage.crypto import generate_key

    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    url = database_url or f"sqlite+aiosqlite:///{work / 'bench.db'}"
    fake = FakeTelegram(bot_username="bench_startup_bot")
    base = await fake.start()
    env = {**{k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)},
           "PYTHONPATH": str(ROOT), "BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE": base,
           "DATABASE_URL": url, "DATA_KEY": generate_key(), "POLL_TIMEOUT": "30",
           "LOG_LEVEL": "WARNING"}
    for unwanted in ("METRICS_PORT", "PYTHONDONTWRITEBYTECODE", "LOG_FORMAT"):
        env.pop(unwanted, None)
    kinds = ("bare", "bot") if before is None else ("bare", "bot", "before")
    results: dict[tuple[str, str], list[Run]] = {}
    try:
        for framework in frameworks:
            envs = {kind: {**env, "BOT_FRAMEWORK": framework} for kind in kinds}
            if before is not None:
                envs["before"]["PYTHONPATH"] = str(before)
            cmds = commands(framework)
            # Warm-up: migrates the database and loads the demo register (first run of the
            # bot), and leaves every .pyc written, so measured runs compare like with like.
            for kind in ("bot", *kinds):
                await measure(fake, cmds[kind], envs[kind], str(work), 1.0)
            for _ in range(rounds):
                for kind in kinds:  # interleaved: drift hits each alike
                    run = await measure(fake, cmds[kind], envs[kind], str(work), idle)
                    results.setdefault((framework, kind), []).append(run)
                    print(f"  {framework:7} {kind:6} start-up {run.startup:6.3f} s "
                          f"(CPU {run.cpu:5.2f} s)  idle RSS {run.rss_mib:6.1f} MiB", flush=True)
    finally:
        await fake.stop()
    print()
    print(f"medians of {rounds} rounds (min start-up in brackets; CPU: the process's own CPU time "
          "to the first getUpdates, which other load on the machine inflates less)")
    print(f"{'framework':9} {'':6} {'start-up s':>16} {'CPU s':>6} {'idle RSS MiB':>13}")
    failed = 0
    for framework in frameworks:
        rows = {}
        for kind in kinds:
            runs = results[(framework, kind)]
            rows[kind] = (statistics.median(r.startup for r in runs), min(r.startup for r in runs),
                          statistics.median(r.cpu for r in runs), statistics.median(r.rss_mib for r in runs))
            s_med, s_min, cpu, rss = rows[kind]
            print(f"{framework:9} {kind:6} {s_med:8.3f} ({s_min:5.3f}) {cpu:6.2f} {rss:13.1f}")
        fs, fmin, fc, fr = rows["bare"]
        for kind in kinds[1:]:
            bs, bmin, bc, br = rows[kind]
            ok_s, ok_r = bs <= STARTUP_LIMIT * fs, br <= RSS_LIMIT * fr
            print(f"{framework:9} {kind}/bare: start-up x{bs / fs:.2f} "
                  f"({'ok' if ok_s else 'over'} ≤{STARTUP_LIMIT}; min x{bmin / fmin:.2f}, "
                  f"CPU x{bc / fc:.2f}), idle RSS x{br / fr:.2f} "
                  f"({'ok' if ok_r else 'over'} ≤{RSS_LIMIT})")
            if kind == "bot":
                failed += (not ok_s) + (not ok_r)
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--frameworks", default="aiogram,ptb")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url", default=None,
                        help="default: a fresh SQLite file in a temporary directory")
    parser.add_argument("--idle", type=float, default=5.0,
                        help="seconds after the first getUpdates before reading VmRSS")
    parser.add_argument("--before", type=Path, default=None,
                        help="another checkout (e.g. `git archive` of an older commit) whose bot "
                             "is measured too, interleaved: before/after")
    parser.add_argument("--bare", choices=["aiogram", "ptb"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare == "aiogram":
        run_bare_aiogram()
        return 0
    if args.bare == "ptb":
        run_bare_ptb()
        return 0
    return asyncio.run(bench(args.frameworks.split(","), args.rounds, args.database_url, args.idle,
                             None if args.before is None else args.before.resolve()))


if __name__ == "__main__":
    sys.exit(main())
