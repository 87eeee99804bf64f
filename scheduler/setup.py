"""What the background work of a process needs, handed in by the composition root (bot/app.py):
plain values and services, never the process object itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from cases.divisions import DivisionRegister
from cases.policy import Programme
from chat.live import LiveRender
from chat.media import MediaSource
from i18n.render import Catalogue
from scheduler.limiter import SendLimits
from scheduler.pruning import Windows
from scheduler.quiet_hours import QuietHours
from storage.cases import CaseStore


@dataclass(frozen=True, slots=True)
class TimedSettings:
    """The timed jobs' settings: the tick, reminders, escalation, digests, alerts, retention."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    tick_seconds: float = 30
    reminder_offsets: tuple[timedelta, ...] = (timedelta(hours=24), timedelta(hours=2))
    escalation_repeat: timedelta = timedelta(hours=24)
    daily_at: time = time(8, 0)
    weekly_at: time = time(9, 0)
    weekly_weekday: int = 0
    alert_backlog: int = 500
    alert_age: timedelta = timedelta(minutes=15)
    windows: Windows = field(default_factory=Windows)
    draft_remind_after: timedelta = timedelta(hours=24)  # an untouched draft's one reminder
    draft_discard_after: timedelta = timedelta(days=7)  # then it is discarded, nothing kept


@dataclass(frozen=True, slots=True)
class Background:
    """Everything the outbox dispatcher, the owed-reply sender and the timed jobs use."""

    engine: AsyncEngine
    clock: Clock
    catalogue: Catalogue
    store: CaseStore
    divisions: DivisionRegister
    live: dict[str, LiveRender]
    default_lang: str = "zh"
    limits: SendLimits = field(default_factory=SendLimits)
    # The limits are shared through the database by every process using it (PostgreSQL with
    # several workers); otherwise each process keeps them alone, in memory.
    shared_limits: bool = False
    quiet: QuietHours | None = None
    max_backoff: timedelta = timedelta(minutes=10)
    max_attempts: int = 30
    timed: TimedSettings = field(default_factory=TimedSettings)
    # Where another channel's photos and voice notes are read, by channel (see chat.media).
    media: dict[str, MediaSource] = field(default_factory=dict)
    programme: Programme = field(default_factory=Programme)  # the `.env` defaults
