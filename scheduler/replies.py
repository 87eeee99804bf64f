"""Delivering the replies to a person's own action: at once by the process that handled the
update, and later by the dispatcher when that failed or the process died first.

Delivery is at least once and in order within a chat: an update's messages go out one by one,
`delivered` counts how far they got, and a chat whose earlier replies are still owed sends
nothing new before them. A toast (answerCallbackQuery) is retried only while Telegram can
still show it (about 15 s); it never says anything the chat does not also show.

Replies are not spaced like outbox messages: they go out at once and count toward the
process's overall rate (the send budget), so the outbox leaves room for them. A chat a 429
paused (here or, sharing a database, in another process) gets nothing before the pause ends:
its replies stay owed and the sweep sends them then.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from cases.clock import Clock
from chat.media import MediaGone, MediaSource, carry
from chat.replies import Message, Reply, Text, Toast, digest, from_json, shows_something
from chat.transport import RETRYABLE, SendFailure, Sent, Transport, fit
from scheduler.retry import retry_delay
from scheduler.send_budget import SendBudget
from storage import outbox as outbox_repo
from storage import owed_replies as repo
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.hot_path import hot_transaction
from storage.owed_replies import DeliveryMark

log = logging.getLogger(__name__)

TOAST_WINDOW = 15.0  # seconds after a press during which Telegram still takes its answer
LEASE = timedelta(seconds=30)  # a claimed owed update is another process's for this long
MARK_DELAY = 0.02  # marks of successful sends are written together, this often at most

OnBlocked = Callable[[Tx, str, str], Awaitable[None]]


class ReplySender:
    """Sends an update's replies and records how far they got."""

    def __init__(self, *, engine: AsyncEngine, transports: dict[str, Transport], clock: Clock,
                 cipher: FieldCipher | None, max_backoff: timedelta = timedelta(minutes=10),
                 max_attempts: int = 30, on_blocked: OnBlocked | None = None,
                 media: Mapping[str, MediaSource] | None = None,
                 budget: SendBudget | None = None) -> None:
        self.engine = engine
        self.budget = budget  # the process's limits and pauses, shared with its dispatcher
        self.media = media or {}  # where another channel's photos and voice notes are read
        self.transports = transports
        self.clock = clock
        self.cipher = cipher
        self.max_backoff = max_backoff
        self.max_attempts = max_attempts
        self.on_blocked = on_blocked
        self.owed_chats: set[tuple[str, str]] = set()  # chats whose replies wait for the sweep
        self._marks: list[DeliveryMark] = []
        self._flush: asyncio.Task[None] | None = None
        self._toasts: set[asyncio.Task[None]] = set()
        # One sweep at a time in a process: a second round (the dispatcher's loop and a nudge)
        # must not take rows the first is still sending when their lease runs out meanwhile.
        self._sweeping = asyncio.Lock()
        # Updates whose replies this process is sending right now: the sweep leaves them alone
        # even if their lease ran out (a slow send), so nothing goes out twice from here.
        self._in_flight: set[tuple[str, str, str]] = set()

    async def load_owed(self) -> None:
        """At start: chats with replies still owed from before go out first. On SQLite this is
        the only process, so they are due at once; on PostgreSQL another worker may be sending
        them, so they wait for its lease."""
        async with self.engine.begin() as tx:
            if tx.dialect.name == "sqlite":
                await repo.due_now(tx, self.clock.now())
            self.owed_chats |= await repo.owed_chats(tx)

    # --- at once, by the handling process ------------------------------------------------

    async def send_now(self, channel: str, chat_id: str, update_key: str | None,
                       replies: list[Reply], callback_id: str | None = None,
                       received: float | None = None) -> None:
        """Answer the press, then send the messages, unless older replies of the chat are
        still owed (then the sweep sends these after them)."""
        transport = self.transports[channel]
        if callback_id:
            toast = next((r.text for r in replies if isinstance(r, Toast)), None)
            await self._answer_button(transport, callback_id, toast, received)
        messages = [r for r in replies if shows_something(r)]
        if not messages:
            return
        if update_key is None:  # an apology, recorded nowhere: sent once, as well as it goes
            for message in messages:
                try:
                    await _deliver(transport, chat_id, message, self.media)
                except SendFailure as failure:
                    log.warning("apology to a %s chat not delivered: %s", channel, failure.kind)
            return
        if (channel, chat_id) in self.owed_chats:
            self._mark(DeliveryMark(channel, chat_id, update_key, 0, False, self.clock.now()))
            return
        paused = self._paused(channel, chat_id)
        if paused is not None:  # a 429 said wait: owed until then, sent by the sweep
            self.owed_chats.add((channel, chat_id))
            self._mark(DeliveryMark(channel, chat_id, update_key, 0, False, paused, "paused"))
            return
        key = (channel, chat_id, update_key)
        self._in_flight.add(key)
        try:
            mark = await self._send(transport, channel, chat_id, update_key, messages, 0, 0)
        finally:
            self._in_flight.discard(key)
        if mark is not None:
            self._mark(mark)

    async def _answer_button(self, transport: Transport, callback_id: str, toast: str | None,
                             received: float | None) -> None:
        """Stop the button's spinner; a failure is retried in the background while it can
        still be shown, without holding up the messages."""
        try:
            await transport.answer_button(callback_id, toast)
        except SendFailure as failure:
            if failure.kind not in RETRYABLE:
                return
            started = received if received is not None else asyncio.get_running_loop().time()
            task = asyncio.create_task(self._retry_toast(transport, callback_id, toast, started,
                                                         failure))
            self._toasts.add(task)
            task.add_done_callback(self._toasts.discard)

    async def _retry_toast(self, transport: Transport, callback_id: str, toast: str | None,
                           started: float, failure: SendFailure) -> None:
        loop = asyncio.get_running_loop()
        delay = 0.5
        while True:
            wait = max(failure.retry_after, delay)
            if loop.time() + wait - started > TOAST_WINDOW:
                return  # too late: Telegram no longer takes the answer; the chat shows the words
            await asyncio.sleep(wait)
            try:
                await transport.answer_button(callback_id, toast)
                return
            except SendFailure as again:
                if again.kind not in RETRYABLE:
                    return
                failure, delay = again, delay * 2

    # --- later, by the dispatcher ---------------------------------------------------------

    async def sweep(self, limit: int = 50) -> int:
        """Send owed replies whose turn has come (the earliest update of each chat); returns
        the number of updates finished."""
        if self._sweeping.locked():
            return 0
        async with self._sweeping:
            return await self._sweep(limit)

    async def _sweep(self, limit: int) -> int:
        now = self.clock.now()
        async with self.engine.begin() as tx:
            # Only the channels served here: another process's rows are not held up by a lease.
            rows = await repo.claim_due(tx, now, LEASE, limit, self.cipher,
                                        channels=list(self.transports))
        finished, marks = 0, []
        for row in rows:
            transport = self.transports.get(row.channel)
            if transport is None or (row.channel, row.chat_id, row.update_key) in self._in_flight:
                continue  # another process serves that channel, or this one is sending it
            paused = self._paused(row.channel, row.chat_id)
            if paused is not None:
                marks.append(DeliveryMark(row.channel, row.chat_id, row.update_key,
                                          row.delivered, False, paused, "paused"))
                continue
            messages = [m for m in (from_json(r) for r in row.replies) if shows_something(m)]
            mark = await self._send(transport, row.channel, row.chat_id, row.update_key, messages,
                                    row.delivered, row.attempts)
            if mark is not None:
                marks.append(mark)
                finished += mark.done
        if marks:
            async with self.engine.begin() as tx:
                await repo.mark(tx, marks)
                for m in marks:
                    if m.done and m.error == "blocked" and self.on_blocked is not None:
                        await self.on_blocked(tx, m.channel, m.chat_id)
            async with self.engine.begin() as tx:
                self.owed_chats = await repo.owed_chats(tx)
        return finished

    # --- sending and marking --------------------------------------------------------------

    async def _send(self, transport: Transport, channel: str, chat_id: str, update_key: str,
                    messages: list[Reply], start: int, attempts: int) -> DeliveryMark | None:
        """Send messages[start:] in order; the mark says how far it got and what comes next."""
        delivered = start
        for message in messages[start:]:
            try:
                sent = await _deliver(transport, chat_id, message, self.media)
            except SendFailure as failure:
                if failure.kind == "not_modified":
                    delivered += 1  # the chat already shows exactly this
                    continue
                if failure.kind == "bad_request":
                    log.error("reply to %s chat refused (%s): skipped", channel, failure.detail[:80])
                    delivered += 1
                    continue
                if failure.kind == "blocked":
                    log.warning("%s chat blocked the bot: replies dropped", channel)
                    return DeliveryMark(channel, chat_id, update_key, delivered, True, None, "blocked")
                if failure.kind == "retry_after" and self.budget is not None:
                    await self.budget.pause(channel, chat_id, failure.retry_after)
                return self._retry_later(channel, chat_id, update_key, delivered, attempts, failure)
            delivered += 1
            if self.budget is not None:
                self.budget.limiter.record_reply(self.clock.now())
            if isinstance(message, Text) and message.live and sent.message_id is not None:
                await self._remember(channel, chat_id, message, sent.message_id)
        return DeliveryMark(channel, chat_id, update_key, delivered, True)

    async def _remember(self, channel: str, chat_id: str, message: Text, message_id: int) -> None:
        """A card shown as a reply is remembered like one the outbox sent, so it follows the
        case. Best effort: a card not remembered is only a card that is not edited later."""
        live = message.live or {}
        params = dict(live.get("params") or {})
        try:
            async with self.engine.begin() as tx:
                await outbox_repo.record_shown(
                    tx, channel=channel, chat_id=chat_id, key=str(live.get("key")),
                    params=params, case_id=params.get("case_id"), message_id=message_id,
                    shown=digest(message.text, message.buttons), now=self.clock.now())
        except Exception:
            log.exception("could not remember a card shown in a %s chat", channel)

    def _paused(self, channel: str, chat_id: str) -> datetime | None:
        if self.budget is None:
            return None
        return self.budget.paused_until(channel, chat_id, self.clock.now())

    def _retry_later(self, channel: str, chat_id: str, update_key: str, delivered: int,
                     attempts: int, failure: SendFailure) -> DeliveryMark:
        self.owed_chats.add((channel, chat_id))
        now = self.clock.now()
        if failure.kind == "retry_after":  # Telegram said when; not counted as an attempt
            return DeliveryMark(channel, chat_id, update_key, delivered, False,
                                now + retry_delay(failure, attempts, self.max_backoff),
                                f"{failure.kind}: {failure.detail}")
        if attempts + 1 >= self.max_attempts:
            log.error("%s replies given up after %d attempts: %s", channel, attempts + 1, failure.kind)
            return DeliveryMark(channel, chat_id, update_key, delivered, True, None,
                                f"given up: {failure.kind}", counts=True)
        delay = retry_delay(failure, attempts, self.max_backoff)
        log.info("%s reply not delivered (%s): retried in %s", channel, failure.kind, delay)
        return DeliveryMark(channel, chat_id, update_key, delivered, False, now + delay,
                            f"{failure.kind}: {failure.detail}", counts=True)

    def _mark(self, mark: DeliveryMark) -> None:
        """Queue a mark; marks are written together shortly after (one transaction for many
        updates). A crash before the write sends those replies again: at least once."""
        self._marks.append(mark)
        if self._flush is None or self._flush.done():
            self._flush = asyncio.create_task(self._flush_soon())

    async def _flush_soon(self) -> None:
        await asyncio.sleep(MARK_DELAY)
        while self._marks:  # marks queued while a flush was writing go in the next one
            await self.flush()

    async def flush(self) -> None:
        """Write the queued marks now (also at shutdown)."""
        marks, self._marks = self._marks, []
        if not marks:
            return
        try:
            async with hot_transaction(self.engine) as tx:
                await repo.mark(tx, marks)
                for m in marks:
                    if m.error == "blocked" and self.on_blocked is not None:
                        await self.on_blocked(tx, m.channel, m.chat_id)
        except Exception:
            # Unmarked replies stay owed and go out again after their lease: at least once.
            log.exception("could not record %d reply deliveries", len(marks))

    async def close(self) -> None:
        """Write what is queued; stop retrying toasts."""
        for task in list(self._toasts):
            task.cancel()
        if self._flush is not None and not self._flush.done():
            self._flush.cancel()
        await self.flush()


async def _deliver(transport: Transport, chat_id: str, message: Reply,
                   media: Mapping[str, MediaSource]) -> Sent:
    """One send; anything a channel raises that is not a SendFailure counts as a network
    failure (retried later), so no surprise from a library ever drops an owed reply."""
    try:
        reply = await carry(_message(message), transport.channel, media)
        return await transport.deliver(chat_id, fit(reply, transport.capabilities))
    except SendFailure:
        raise
    except MediaGone as gone:  # removed by the retention rules: nothing left to send
        raise SendFailure("bad_request", str(gone)) from gone
    except Exception as exc:
        log.exception("unexpected error sending to a %s chat", transport.channel)
        raise SendFailure("network", type(exc).__name__) from exc


def _message(reply: Reply) -> Message:
    assert not isinstance(reply, Toast)
    return reply

