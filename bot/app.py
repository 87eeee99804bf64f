"""The composition root: settings → engine, migrations, register, services, flows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config_error import ConfigError
from bot.division_register import load_register
from bot.reports.files import Reports
from bot.settings import Settings
from cases.clock import Clock, SystemClock
from cases.questions import ANSWER_KEY, QUESTION_KEY
from cases.routing import CARD_KEY
from chat.live import LiveRender
from chat.media import MediaGone, MediaSource
from handlers.app import build_router
from handlers.case_card import live_card
from handlers.case_media import MEDIA_KEY, live_media
from handlers.engine import Engine
from handlers.questions import live_answer, live_question
from handlers.services import Services
from handlers.stats import CASE_LIST_KEY, live_case_list
from i18n.render import default_catalogue
from scheduler.limiter import SendLimits
from scheduler.pruning import Windows
from scheduler.quiet_hours import QuietHours, parse_hhmm
from scheduler.setup import Background, TimedSettings
from storage.cases import CaseStore
from storage.crypto import DataKeyError, FieldCipher
from storage.db import create_engine
from storage.hot_path import close_hot_path
from storage.keycheck import check_keys

log = logging.getLogger(__name__)


@dataclass(slots=True)
class App:
    settings: Settings
    db: AsyncEngine
    services: Services
    core: Engine

    def live_messages(self) -> dict[str, LiveRender]:
        """Outbox messages drawn from the database at send time (the case card, the case list)."""
        return {CARD_KEY: live_card(self.services),
                CASE_LIST_KEY: live_case_list(self.services),
                MEDIA_KEY: live_media(self.services),
                QUESTION_KEY: live_question(self.services),
                ANSWER_KEY: live_answer(self.services)}

    def media_sources(self) -> dict[str, MediaSource]:
        """Where photos and voice notes of channels without file ids on other channels are
        read (a web visitor's uploads), so any channel's transport can send them as bytes."""
        from storage.upload_files import UploadGone, UploadStore

        uploads = UploadStore(Path(self.settings.web.upload_dir), self.services.cases.cipher)

        async def web_upload(native_id: str) -> bytes:
            try:
                return await uploads.read(native_id)
            except UploadGone as gone:
                raise MediaGone("the upload is no longer kept") from gone

        return {"web": web_upload}

    def background(self) -> Background:
        """What the dispatcher, the owed replies and the timed jobs need, from the settings."""
        s = self.settings
        o, sch, r = s.outbox, s.scheduler, s.retention
        zone = ZoneInfo(s.locale.timezone)
        days = lambda n: timedelta(days=n)  # noqa: E731
        return Background(
            engine=self.db, clock=self.services.clock, catalogue=self.services.catalogue,
            store=self.services.cases, divisions=self.services.divisions, live=self.live_messages(),
            default_lang=self.services.default_lang, media=self.media_sources(),
            programme=self.services.programme,
            limits=(SendLimits(o.per_chat_interval, o.group_per_minute, o.overall_per_second)
                    if o.limits_enabled else SendLimits.unlimited()),
            shared_limits=o.limits_enabled and (
                o.shared_limits == "on"
                or (o.shared_limits == "auto" and self.db.dialect.name == "postgresql")),
            quiet=QuietHours(parse_hhmm(o.quiet_start), parse_hhmm(o.quiet_end), zone),
            max_backoff=timedelta(seconds=o.max_backoff_seconds), max_attempts=o.max_attempts,
            timed=TimedSettings(
                zone=zone, tick_seconds=sch.tick_seconds,
                reminder_offsets=tuple(sch.reminder_offsets()),
                escalation_repeat=timedelta(hours=sch.escalation_repeat_hours),
                daily_at=parse_hhmm(sch.daily_digest_at), weekly_at=parse_hhmm(sch.weekly_digest_at),
                weekly_weekday=sch.weekly_digest_weekday, alert_backlog=o.alert_backlog,
                alert_age=timedelta(minutes=o.alert_age_minutes),
                windows=Windows(days(r.processed_updates_days), days(r.inbox_days),
                                days(r.failed_inbox_days), days(r.sent_outbox_days),
                                days(r.join_attempts_days), days(r.audit_days),
                                days(r.closed_cases_days), days(r.questions_days)),
                draft_remind_after=timedelta(hours=sch.draft_remind_hours),
                draft_discard_after=days(sch.draft_discard_days)),
        )

    async def close(self) -> None:
        await close_hot_path(self.db)
        await self.db.dispose()


def cipher_from(settings: Settings) -> FieldCipher:
    key = settings.storage.data_key
    if key is None or not key.get_secret_value():
        raise ConfigError(
            "DATA_KEY is not set. It encrypts phone and ID numbers at rest. "
            "Create one with `python -m bot keygen` and put it in .env as DATA_KEY=…"
        )
    lookup = settings.storage.lookup_key
    try:
        return FieldCipher(key.get_secret_value(),
                           (lookup.get_secret_value() if lookup is not None else "") or None)
    except ValueError as exc:
        raise ConfigError(f"DATA_KEY or LOOKUP_KEY is not valid ({exc}); make a new key with "
                          "`python -m bot keygen`") from exc


async def build_app(settings: Settings, clock: Clock | None = None) -> App:
    """Wire everything; runs migrations first so a fresh database just works."""
    cipher = cipher_from(settings)
    db = create_engine(settings.storage.database_url)
    from bot.schema import migrate_unless_at_head  # Alembic only when there is work for it

    await migrate_unless_at_head(db)
    try:  # a key dropped too early fails here, with a reason, not on some later message
        async with db.begin() as tx:
            await check_keys(tx, cipher)
    except DataKeyError as exc:
        await db.dispose()
        raise ConfigError(str(exc)) from exc
    register = await load_register(db)
    services = Services(
        engine=db,
        clock=clock or SystemClock(),
        programme=settings.programme_rules(),
        divisions=register,
        cases=CaseStore(cipher),
        catalogue=default_catalogue(),
        default_lang=settings.locale.default_language,
        bot_username=settings.telegram.bot_username,
        reports=Reports(),
        update_window=timedelta(days=settings.retention.processed_updates_days),
        official_channels=("telegram",) if settings.wecom.missing() else ("telegram", "wecom"),
    )
    return App(settings, db, services, Engine(services, build_router()))
