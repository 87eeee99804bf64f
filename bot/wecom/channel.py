"""Starting the WeCom channel in a process: its transport, its update pump (the same inbox,
flows and owed replies as Telegram's) and its callback server."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp import web

from bot.app import App, ConfigError
from bot.pump import UpdatePump
from bot.served import listening_port, serve, stop_served
from bot.settings import WeComSettings
from bot.wecom.api import WeComApi
from bot.wecom.names import MemberNames
from bot.wecom.server import CALLBACK_PATH, callback_app
from bot.wecom.transport import WeComTransport
from chat.wecom import CHANNEL, NAME_FIELD, card_of, chat_of, event_from_wecom
from chat.wecom_crypto import WeComCryptoError, WXBizMsgCrypt
from scheduler.replies import ReplySender
from storage import wecom as repo

log = logging.getLogger(__name__)

JANITOR_EVERY = 3600.0  # seconds
KEEP = timedelta(days=4)  # past WeCom's 72 hours for a response code


def secret(value: object) -> str:
    getter = getattr(value, "get_secret_value", None)
    return getter() if getter else ""


def check_settings(s: WeComSettings) -> WXBizMsgCrypt:
    missing = s.missing()
    if missing:
        raise ConfigError(f"the WeCom channel needs {', '.join(missing)} (README: Channels)")
    try:
        return WXBizMsgCrypt(secret(s.token), secret(s.aes_key), s.corp_id)
    except WeComCryptoError as exc:
        raise ConfigError(f"WECOM_AES_KEY is not a WeCom EncodingAESKey: {exc}") from exc


def make_transport(app: App) -> WeComTransport:
    s, services = app.settings.wecom, app.services
    check_settings(s)
    assert s.agent_id is not None
    api = WeComApi(s.api_base, s.corp_id, secret(s.secret))
    text, lang = services.catalogue.text, services.default_lang
    return WeComTransport(api, s.agent_id, services.engine, services.clock,
                          lambda page, pages: text("wecom.more_buttons", lang, page=page,
                                                   pages=pages),
                          lambda: text("wecom.card_done", lang))


@dataclass
class RunningWeCom:
    pump: UpdatePump
    runner: web.AppRunner
    transport: WeComTransport
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def port(self) -> int:
        return listening_port(self.runner)

    async def close(self) -> None:
        await stop_served(self.runner, self.tasks, self.pump)
        # The transport stays open: the outbox may still send through it; its owner closes it.


async def start_wecom(app: App, transport: WeComTransport, replies: ReplySender, *,
                      host: str | None = None, port: int | None = None) -> RunningWeCom:
    """Serve WeCom's callbacks on WECOM_CALLBACK_HOST:PORT (or the given address; 0: any)."""
    s, services = app.settings.wecom, app.services
    crypt = check_settings(s)
    pump = UpdatePump(db=app.db, core=app.core, sender=replies, clock=services.clock,
                      cipher=services.cases.cipher, channel=CHANNEL, translate=event_from_wecom,
                      chat_of=chat_of, window=services.update_window)
    await pump.recover()

    names = MemberNames(transport.api)

    async def before_recording(raw: dict[str, str]) -> None:
        """A press's fresh response code kept for the card; the sender's name added."""
        pressed, user = card_of(raw), chat_of(raw)
        if pressed is not None and user is not None:
            async with app.db.begin() as tx:
                await repo.pressed(tx, pressed[0], user, pressed[1], services.clock.now())
        if user is not None:
            raw[NAME_FIELD] = await names.name(user)

    host = host or s.callback_host
    port = s.callback_port if port is None else port
    if port is None:
        raise ConfigError("WECOM_CALLBACK_PORT is not set: WeCom's callbacks need a port")
    runner = await serve(callback_app(crypt, pump, before_recording), host, port,
                         what="WeCom callbacks", settings="WECOM_CALLBACK_HOST, WECOM_CALLBACK_PORT")
    running = RunningWeCom(pump, runner, transport)
    running.tasks.append(asyncio.create_task(janitor(app)))
    log.info("WeCom callbacks on %s:%d%s", host, running.port, CALLBACK_PATH)
    return running


async def janitor(app: App) -> None:
    """Hourly: forget sent messages past any response code's life."""
    while True:
        try:
            async with app.db.begin() as tx:
                await repo.prune(tx, app.services.clock.now() - KEEP)
        except Exception:
            log.exception("WeCom clean-up failed")
        await asyncio.sleep(JANITOR_EVERY)
