"""The Telegram edge of a running bot: the adapter that sends, the pump that records and
handles updates, and the background work (outbox dispatcher, owed replies, timed jobs)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from bot.adapters.common import CHANNEL
from bot.adapters.factory import ChatAdapter
from bot.app import App
from bot.chat_claims import ChatClaims, ClaimTimes
from bot.polling import Poller
from bot.pump import UpdatePump
from chat.telegram import chat_of, event_from_update
from chat.transport import Transport
from scheduler.service import BackgroundTasks, start_background

if TYPE_CHECKING:
    from bot.metrics import Metrics

log = logging.getLogger(__name__)

DRAIN_SECONDS = 10  # at shutdown, updates being handled get this long to finish


@dataclass
class Edge:
    app: App
    adapter: ChatAdapter
    background: BackgroundTasks
    pump: UpdatePump
    token: str
    api_base: str

    async def poll(self, stop: asyncio.Event, poll_timeout: int = 30) -> None:
        """Long polling through the project's own loop until `stop` is set."""
        await self.adapter.delete_webhook()
        await Poller(self.api_base, self.token, self.pump, poll_timeout).run(stop)

    async def close(self) -> None:
        """Let updates in hand finish (the rest stay in the inbox), then stop the background."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.pump.drain(), DRAIN_SECONDS)
        await self.pump.close()
        await self.background.stop()
        await self.adapter.close()


async def start_edge(app: App, adapter: ChatAdapter, token: str, api_base: str, *,
                     with_scheduler: bool, dispatch: bool = True,
                     metrics: Metrics | None = None,
                     other_channels: dict[str, Transport] | None = None,
                     claims: ClaimTimes | None = None) -> Edge:
    """Start the background work and the pump; updates left from the last run go first.
    With metrics, every send is counted (the background work sends through a MeteredTransport)
    and so is every update handled. With claims (several webhook workers on PostgreSQL), a
    chat's updates are handled by one worker at a time (bot/chat_claims.py)."""
    transport = adapter if metrics is None else metrics.metered(adapter)
    # The outbox and owed replies of every channel this process serves (the web page too).
    transports: dict[str, Transport] = {**(other_channels or {}), adapter.channel: transport}
    setup = app.background()
    # A channel's own media (a Telegram file id, a WeCom media id) is read through its
    # transport when another channel, which cannot use those ids, shows it (a resident's
    # Telegram photo to a WeCom officer); channels with a source of their own keep it.
    extra = {name: t.fetch_media for name, t in transports.items() if name not in setup.media}
    setup = replace(setup, media={**setup.media, **extra})
    background = await start_background(setup, transports,
                                        with_scheduler=with_scheduler,
                                        dispatch=dispatch)
    pump = UpdatePump(
        db=app.db, core=app.core, sender=background.replies, clock=app.services.clock,
        cipher=app.services.cases.cipher, channel=CHANNEL,
        translate=lambda raw: event_from_update(raw, adapter.username), chat_of=chat_of,
        window=app.services.update_window,
        on_handled=None if metrics is None else metrics.update_handled,
        claims=None if claims is None else ChatClaims(app.db, CHANNEL, claims))
    await pump.recover()
    return Edge(app, adapter, background, pump, token, api_base)
