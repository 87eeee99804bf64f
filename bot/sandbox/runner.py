"""The sandbox process: the fake Bot API server, the bot polling it, its background work, the page.

Everything runs in one asyncio loop. The sandbox keeps its own files in one folder: the
SQLite database, the data key that encrypts it, the clock offset and the panes' history.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot.adapters.common import CHANNEL
from bot.adapters.factory import ChatAdapter, make_adapter
from bot.app import App, ConfigError, build_app
from bot.fake_telegram import FakeTelegram
from bot.sandbox.demo_households import load_demo_households
from bot.sandbox.income_lines import ensure_income_lines
from bot.sandbox.panes import Board
from bot.sandbox.personas import add_users, onboard_officials
from bot.settings import Settings
from cases.clock import MovableClock
from storage.crypto import generate_key

log = logging.getLogger(__name__)

# The fake server accepts any well-formed token; this one never leaves the process.
TOKEN = "1000000001:sandbox-local-token"
BOT_USERNAME = "safety_net_bot"
POLL_TIMEOUT = 2  # seconds a getUpdates waits; short so the sandbox stops at once


@dataclass
class SandboxOptions:
    data_dir: Path = Path("data")
    framework: str = "aiogram"
    host: str = "127.0.0.1"
    port: int = 8080
    fresh: bool = False
    with_scheduler: bool = True


@dataclass(frozen=True, slots=True)
class SandboxFiles:
    db: Path
    key: Path
    state: Path
    chats: Path

    @classmethod
    def under(cls, folder: Path) -> SandboxFiles:
        return cls(folder / "sandbox.db", folder / "sandbox.key", folder / "sandbox.state.json",
                   folder / "sandbox.chats.json")

    def remove(self) -> None:
        """--fresh: forget everything the sandbox knew."""
        for path in (self.db, self.key, self.state, self.chats):
            for candidate in (path, *(path.with_name(path.name + s)
                                      for s in ("-wal", "-shm", "-journal"))):
                candidate.unlink(missing_ok=True)


class Sandbox:
    """Start, fast-forward and stop the whole sandbox."""

    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.files = SandboxFiles.under(options.data_dir)
        self.clock = MovableClock()
        self.app: App | None = None
        self.fake: FakeTelegram | None = None
        self.adapter: ChatAdapter | None = None
        self.background: Any = None
        self.board: Board | None = None
        self.url = ""
        self._polling: asyncio.Task[None] | None = None
        self._stop_polling = asyncio.Event()
        self.edge: Any = None
        self._web: web.AppRunner | None = None
        self._ffwd_lock = asyncio.Lock()

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> str:
        """Bring everything up and onboard the officials; returns the page's address."""
        from bot.sandbox.server import make_web_app

        self.options.data_dir.mkdir(parents=True, exist_ok=True)
        if self.options.fresh:
            self.files.remove()
        saved = self._read_state()
        settings = Settings(database_url=f"sqlite+aiosqlite:///{self.files.db.resolve()}",
                            data_key=self._data_key(), bot_framework=self.options.framework)
        zone = ZoneInfo(settings.locale.timezone)
        if "offset" in saved:
            start = datetime.now(UTC) + timedelta(seconds=float(saved["offset"]))
        else:
            start = working_morning(datetime.now(UTC), zone)
        self.clock = MovableClock(start)
        self.app = app = await build_app(settings, self.clock)
        first_update = max(await self._db_max_update_id() + 1, int(saved.get("next_update_id", 1)))
        # Message dates follow the sandbox clock, so the panes show the fast-forwarded time.
        self.fake = fake = FakeTelegram(bot_username=BOT_USERNAME, first_update_id=first_update,
                                        clock=lambda: self.clock.now().timestamp())
        await fake.start("127.0.0.1", 0)
        users = add_users(fake)
        self.board = Board(fake, zone, self.files.chats)
        self.board.load()
        self.adapter = make_adapter(self.options.framework, TOKEN, fake.base_url,
                                    app.services.catalogue)
        app.services.bot_username = await self.adapter.start()
        from bot.edge import start_edge

        self.edge = await start_edge(app, self.adapter, TOKEN, fake.base_url,
                                     with_scheduler=self.options.with_scheduler)
        self.background = self.edge.background
        self._polling = asyncio.create_task(self.edge.poll(self._stop_polling, POLL_TIMEOUT))
        self._web = web.AppRunner(make_web_app(self), access_log=None)
        await self._web.setup()
        site = web.TCPSite(self._web, self.options.host, self.options.port)
        try:
            await site.start()
        except OSError as exc:
            await self.stop()
            raise ConfigError(f"cannot serve the sandbox page on {self.options.host}:"
                              f"{self.options.port} ({exc.strerror}); pick another port with "
                              f"--port") from exc
        port = self._web.addresses[0][1]  # the port bound (the one asked for, or a free one)
        self.url = f"http://{self.options.host}:{port}"
        await load_demo_households(app)  # 我的农户 has households to show
        await ensure_income_lines(app, self.clock.now())
        joined = await onboard_officials(app, users)
        if joined:
            log.info("sandbox: onboarded %s through invites", ", ".join(joined))
        self._write_state()
        return self.url

    async def stop(self) -> None:
        if self._web is not None:
            await self._web.cleanup()
        self._stop_polling.set()
        if self._polling is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._polling, timeout=POLL_TIMEOUT + 5)
        if self.edge is not None:
            await self.edge.close()
        elif self.adapter is not None:
            await self.adapter.close()
        if self.board is not None:
            self.board.save()
        self._write_state()
        if self.fake is not None:
            await self.fake.stop()
        if self.app is not None:
            await self.app.close()

    # --- time -----------------------------------------------------------------------------

    async def fast_forward(self, delta: timedelta) -> datetime:
        """Move the sandbox clock and let what fell due happen now (reminders, escalations)."""
        async with self._ffwd_lock:
            before = self.clock.now()
            now = self.clock.advance(delta)
            self._write_state()
            if self.app is not None and self.app.services.programme.local(now).year != \
                    self.app.services.programme.local(before).year:
                await ensure_income_lines(self.app, now)  # a new year: its line and the next
            await self.settle()
            if self.board is not None:
                self.board.touch()  # the page's clock moved even if no message did
            return now

    async def settle(self) -> None:
        """Tick the timed jobs now instead of at their next interval (the dispatcher runs on its
        own and sends what the tick queued within a fraction of a second)."""
        jobs = getattr(self.background, "scheduler", None)
        if jobs is None:
            return
        from scheduler.runner import JOB_ID

        # Through APScheduler, so a tick never runs twice at once (max_instances=1).
        job = jobs.scheduler.get_job(JOB_ID)
        if job is not None:
            job.modify(next_run_time=datetime.now(jobs.scheduler.timezone))

    # --- files ----------------------------------------------------------------------------

    def _data_key(self) -> str:
        """The sandbox's own DATA_KEY, kept next to its database so a restart reads the data."""
        if self.files.key.exists():
            return self.files.key.read_text(encoding="utf-8").strip()
        key = generate_key()
        self.files.key.write_text(key + "\n", encoding="utf-8")
        with contextlib.suppress(OSError):
            os.chmod(self.files.key, 0o600)
        return key

    async def _db_max_update_id(self) -> int:
        from storage.conversations import max_update_id

        assert self.app is not None
        async with self.app.db.begin() as tx:
            return await max_update_id(tx, CHANNEL)

    def _read_state(self) -> dict[str, Any]:
        try:
            return dict(json.loads(self.files.state.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def _write_state(self) -> None:
        offset = (self.clock.now() - datetime.now(UTC)).total_seconds()
        state = {"offset": offset,
                 "next_update_id": self.fake.next_update_id if self.fake else 1}
        self.files.state.write_text(json.dumps(state), encoding="utf-8")


def working_morning(now: datetime, zone: ZoneInfo) -> datetime:
    """09:00 local today: a fresh sandbox starts on a working morning, outside quiet hours."""
    local = now.astimezone(zone)
    return local.replace(hour=9, minute=0, second=0, microsecond=0).astimezone(UTC)


async def run_sandbox(options: SandboxOptions) -> None:
    """`python -m bot sandbox`: run until Ctrl-C."""
    sandbox = Sandbox(options)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        url = await sandbox.start()
        print(f"Safety Net sandbox (平安网 沙盒): {url}", flush=True)
        print("Press Ctrl-C to stop.", flush=True)
        await stop.wait()
    finally:
        await sandbox.stop()
