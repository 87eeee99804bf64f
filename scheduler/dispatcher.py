"""The outbox dispatcher: renders queued messages in the recipient's language and sends them
under Telegram's limits.

Delivery is at least once. A row is claimed for a short lease in one transaction, sent
outside any transaction, then marked sent in another: if the process dies between the send
and the mark (a window of one HTTP answer plus one small UPDATE), the lease expires and the
row is sent again — the only way a message goes out twice. Nothing is lost: a row leaves
"pending" only when it has been sent or given up on.

The limits come from the process's send budget (scheduler/send_budget.py): in-process
sliding windows alone; with several processes on one PostgreSQL, a share of the overall cap
each and the per-chat spacing and 429 pauses kept in the database. One row per chat per claim
keeps a chat's messages in order; shared, a claimed chat is busy for every process.

A message whose file takes long to build (a district's case list: a Deferred) is built in a
task of its own while the rounds go on, so cards and reminders to everyone else do not wait
behind it; its row stays claimed (FILE_LEASE) and is sent by the first round after the build.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from chat.live import Deferred, LiveRender
from chat.media import MediaGone, MediaSource, carry
from chat.replies import Button, Edit, Message, Text, digest
from chat.transport import SendFailure, Transport, fit
from i18n.render import Catalogue
from scheduler.limiter import RateLimiter, SendLimits, channel_limiters
from scheduler.quiet_hours import QuietHours
from scheduler.replies import ReplySender
from scheduler.retry import retry_delay
from scheduler.send_budget import SendBudget
from storage import outbox as outbox_repo
from storage import scheduling as repo
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.outbox import ClaimedMessage, open_params

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=60)
FILE_LEASE = timedelta(minutes=30)  # a Deferred file (a large case list) may take minutes

OnBlocked = Callable[[Tx, str, str], Awaitable[None]]


class OutboxDispatcher:
    """Claims due outbox rows, renders them, sends them through the channel's transport."""

    def __init__(self, *, engine: AsyncEngine, transports: dict[str, Transport], clock: Clock,
                 catalogue: Catalogue, limits: SendLimits | None = None, worker_id: str = "w1",
                 default_lang: str = "zh", on_blocked: OnBlocked | None = None,
                 quiet_hours: QuietHours | None = None, batch: int = 50,
                 max_backoff: timedelta = timedelta(minutes=10), max_attempts: int = 30,
                 send_timeout: float = 30.0, live: dict[str, LiveRender] | None = None,
                 replies: ReplySender | None = None, cipher: FieldCipher | None = None,
                 media: Mapping[str, MediaSource] | None = None,
                 budget: SendBudget | None = None) -> None:
        self.engine = engine
        self.media = media or {}  # where another channel's photos and voice notes are read
        self.cipher = cipher  # opens sealed params; rows queued before sealing are plain
        self.transports = transports
        self.clock = clock
        self.catalogue = catalogue
        # The limits and pauses, shared with the process's reply sender (and, on PostgreSQL
        # with several processes, with theirs).
        self.budget = budget or SendBudget(limits or SendLimits(), clock)
        self.limiter: RateLimiter = self.budget.limiter
        # A channel with limits of its own (WeCom: one message per 2 s per member) is paced by
        # its own limiter; the others share the budget's.
        self.channel_limiters = channel_limiters(self.limiter.limits, transports)
        self.worker_id = worker_id
        self.default_lang = default_lang
        self.on_blocked = on_blocked
        self.quiet_hours = quiet_hours
        self.batch = batch
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts
        self.send_timeout = send_timeout
        self.live = live or {}
        self.replies = replies  # owed answers to people's own actions, swept each round
        self._building: dict[int, tuple[ClaimedMessage, asyncio.Task[Message | None]]] = {}

    async def run_once(self) -> int:
        """Send what is due now and allowed by the limits; returns rows finished."""
        finished = await self.replies.sweep() if self.replies is not None else 0
        finished += await self._send_built()
        now = self.clock.now()
        room = min(self.limiter.capacity(now), self.batch)
        if room == 0:
            return finished
        channels = [c for c in self.transports
                    if c not in self.budget.paused_channels(list(self.transports), now)]
        if not channels:
            return finished  # a 429 paused the whole bot
        async with self.engine.begin() as tx:
            if self.quiet_hours is not None:
                until = self.quiet_hours.hold_until(now)
                if until is not None:
                    silent = [c for c, t in self.transports.items() if not t.capabilities.push]
                    await repo.hold_for_quiet_hours(tx, now, until, exempt=silent)
            claimed = [replace(r, params=open_params(self.cipher, r.params)) for r in
                       await repo.claim_batch(tx, now, self.worker_id, LEASE, room,
                                              self._busy_chats(now)
                                              | self.budget.paused_chats(now),
                                              channels=channels, paced=self.budget.shared)]
            langs = await repo.languages_of(tx, [(r.channel, r.chat_id) for r in claimed])
            drawn = {row.id: await self._draw(tx, row, langs.get((row.channel, row.chat_id)))
                     for row in claimed if row.key in self.live}
        unsent: list[int] = []
        deferred: list[tuple[ClaimedMessage, Deferred]] = []
        for row in claimed:
            drawing = drawn.get(row.id)
            if isinstance(drawing, Deferred):  # built outside the transaction, sent when done
                deferred.append((row, drawing))
                continue
            limiter = self._limiter(row.channel)
            if limiter.chat_wait(row.chat_id, self.clock.now()) > 0 \
                    or limiter.capacity(self.clock.now()) == 0 \
                    or self.budget.paused_until(row.channel, row.chat_id, self.clock.now()):
                # The window filled up while this round was sending, or a 429 paused the bot.
                unsent.append(row.id)
                continue
            if row.id in drawn:
                if drawing is None or _unchanged(row, drawing):
                    # Nothing to send any more, or an edit the chat already shows (Telegram
                    # would answer "message is not modified").
                    finished += await self._nothing_to_send(row)
                    continue
                reply = drawing
            else:
                reply = self._render(row, langs.get((row.channel, row.chat_id)))
            finished += await self._send(row, reply)
        if unsent:
            async with self.engine.begin() as tx:
                await repo.release(tx, unsent)
                await self.budget.free(tx, [(r.channel, r.chat_id) for r in claimed
                                            if r.id in unsent])
        for row, drawing in deferred:  # started last: this round's sends go first
            self._building[row.id] = (row, asyncio.create_task(self._build(row, drawing)))
        return finished

    async def run_forever(self, stop: asyncio.Event, idle: float = 0.2) -> None:
        """Poll for due rows until stopped; never dies on one bad row or a database hiccup."""
        try:
            while not stop.is_set():
                try:
                    sent = await self.run_once()
                except Exception:
                    log.exception("outbox dispatch round failed")
                    sent = 0
                wait = self.limiter.overall_wait(self.clock.now())
                if sent and not wait:
                    continue
                # Sent, and the window is full: until a slot frees. Sent nothing: a full window
                # is replies to people (they count too, and free a slot every few
                # milliseconds) — a round each time would spin on the database; wait `idle`.
                try:
                    await asyncio.wait_for(stop.wait(), min(wait, idle) if wait and sent else idle)
                except TimeoutError:
                    pass
        finally:
            self.cancel_builds()

    async def builds_finished(self) -> None:
        """Wait until every file being built is ready to send (tests, benchmarks)."""
        await asyncio.gather(*(task for _, task in self._building.values()),
                             return_exceptions=True)

    def cancel_builds(self) -> None:
        """Stop building at shutdown: those rows stay claimed until FILE_LEASE lapses, and
        whichever process claims them then builds them again."""
        for _, task in self._building.values():
            task.cancel()
        self._building.clear()

    async def _send_built(self) -> int:
        """Send the files whose build has finished, as their chats' limits allow."""
        finished = 0
        for row_id, (row, task) in list(self._building.items()):
            limiter = self._limiter(row.channel)
            if not task.done() or limiter.chat_wait(row.chat_id, self.clock.now()) > 0 \
                    or limiter.capacity(self.clock.now()) == 0 \
                    or self.budget.paused_until(row.channel, row.chat_id, self.clock.now()):
                continue
            del self._building[row_id]
            if task.cancelled():
                continue  # the row stays claimed until its lease lapses, then is built again
            reply = task.result()
            if reply is None:
                finished += 1  # the build failed: given up and marked failed
                continue
            finished += await self._send(row, reply)
        return finished

    def _limiter(self, channel: str) -> RateLimiter:
        return self.channel_limiters.get(channel, self.limiter)

    def _busy_chats(self, now: datetime) -> set[str]:
        busy = self.limiter.busy_chats(now)
        for limiter in self.channel_limiters.values():
            busy |= limiter.busy_chats(now)
        return busy

    def _render(self, row: ClaimedMessage, chat_lang: str | None) -> Message:
        lang = row.lang or chat_lang or self.default_lang
        text = self.catalogue.stored(row.key, lang, row.params)
        buttons = [[Button(self.catalogue.text(b["key"], lang, **b.get("params", {})), b["data"])
                    for b in line] for line in row.buttons]
        return Edit(row.edit_message_id, text, buttons) if row.edit_message_id else Text(text, buttons)

    async def _draw(self, tx: Tx, row: ClaimedMessage, chat_lang: str | None
                    ) -> Message | Deferred | None:
        lang = row.lang or chat_lang or self.default_lang
        reply = await self.live[row.key](tx, row.channel, row.chat_id, row.params, lang)
        if isinstance(reply, Text) and row.edit_message_id:
            reply = Edit(row.edit_message_id, reply.text, reply.buttons, reply.short)
        elif isinstance(reply, Deferred):
            await repo.extend_claim(tx, row.id, self.clock.now() + FILE_LEASE)
            await self.budget.hold(tx, row.channel, row.chat_id, self.clock.now() + FILE_LEASE)
        return reply

    async def _build(self, row: ClaimedMessage, deferred: Deferred) -> Message | None:
        """A failed build is given up at once: retrying the same input fails the same way."""
        try:
            return await deferred.build()
        except Exception:
            log.exception("outbox row %d: building its file failed", row.id)
            async with self.engine.begin() as tx:
                await outbox_repo.mark_failed(tx, row.id, "failed", "build failed")
                await self.budget.free(tx, [(row.channel, row.chat_id)])
            return None

    async def _nothing_to_send(self, row: ClaimedMessage) -> int:
        async with self.engine.begin() as tx:
            await outbox_repo.mark_sent(tx, row.id, row.edit_message_id, self.clock.now())
            await self.budget.free(tx, [(row.channel, row.chat_id)])
        return 1

    async def _send(self, row: ClaimedMessage, reply: Message) -> int:
        transport = self.transports.get(row.channel)
        if transport is None:
            return 0  # another process serves that channel; the lease will lapse
        try:
            reply = await carry(reply, transport.channel, self.media)
        except MediaGone as gone:  # removed by the retention rules meanwhile
            return await self._failed(row, SendFailure("bad_request", str(gone)))
        try:
            # A hung request counts as a network error (it may still have arrived: retried,
            # like any send whose answer was lost — at least once).
            sent = await asyncio.wait_for(
                transport.deliver(row.chat_id, fit(reply, transport.capabilities)), self.send_timeout)
        except TimeoutError:
            self._limiter(row.channel).record(row.chat_id, self.clock.now())
            return await self._failed(row, SendFailure("network", "timeout"))
        except SendFailure as failure:
            self._limiter(row.channel).record(row.chat_id, self.clock.now())
            return await self._failed(row, failure)
        now = self.clock.now()
        self._limiter(row.channel).record(row.chat_id, now)
        # A live message (a card) remembers what it shows, so the next edit can be skipped
        # when it would change nothing. Only where it was edited in place, not sent anew.
        shown = digest(reply.text, reply.buttons) if row.key in self.live \
            and isinstance(reply, (Text, Edit)) and transport.capabilities.can_edit else None
        async with self.engine.begin() as tx:  # the at-least-once window ends here
            await outbox_repo.mark_sent(tx, row.id, sent.message_id, now, shown=shown,
                                        edit_of=row.edit_of,
                                        pace=self.budget.after_send(row.channel, row.chat_id, now))
        return 1

    async def _failed(self, row: ClaimedMessage, failure: SendFailure) -> int:
        now = self.clock.now()
        if failure.kind == "retry_after":  # every process's sends to the chat wait with it
            await self.budget.pause(row.channel, row.chat_id, failure.retry_after)
        async with self.engine.begin() as tx:
            # Spaced like a send (it may have arrived); a 429's pause stays where it is.
            await self.budget.hold(tx, row.channel, row.chat_id,
                                   max(now + self.budget.spacing(row.chat_id),
                                       self.budget.paused_until(row.channel, row.chat_id, now)
                                       or now))
            if failure.kind == "not_modified":  # the text is already what we wanted
                await outbox_repo.mark_sent(tx, row.id, row.edit_message_id, now)
                return 1
            if failure.kind in ("retry_after", "blocked", "server", "network"):
                await repo.record_failure(tx, now, row.channel, failure.kind)
            if failure.kind == "blocked":
                log.warning("outbox row %d: recipient blocked the bot", row.id)
                await outbox_repo.mark_failed(tx, row.id, "unreachable", failure.detail)
                await repo.mark_chat_unreachable(tx, row.channel, row.chat_id, failure.detail)
                if self.on_blocked is not None:
                    await self.on_blocked(tx, row.channel, row.chat_id)
                return 1
            if failure.kind == "bad_request" or (failure.kind != "retry_after"
                                                 and row.attempts + 1 >= self.max_attempts):
                log.error("outbox row %d given up: %s", row.id, failure.kind)
                await outbox_repo.mark_failed(tx, row.id, "failed", failure.detail)
                return 1
            delay = retry_delay(failure, row.attempts, self.max_backoff)
            await outbox_repo.reschedule(tx, row.id, now + delay,
                                         f"{failure.kind}: {failure.detail}",
                                         counts=failure.kind != "retry_after")
        return 0


def _unchanged(row: ClaimedMessage, drawing: Message | Deferred) -> bool:
    """An edit of a message that already shows exactly this."""
    return isinstance(drawing, Edit) and row.edit_shown is not None \
        and row.edit_shown == digest(drawing.text, drawing.buttons)
