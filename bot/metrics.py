"""Prometheus metrics of a bot process, served when METRICS_PORT is set (bot/health_server.py).

Two kinds of series:

- **this process's own** counters and histogram — updates handled, reply latency, sends by
  result. Each worker counts what it did; summing them over workers is right.
- **database-wide** gauges — outbox backlog and its oldest message, overdue cases by
  escalation level, send failures of the last hour, updates given up, chats owed replies —
  measured from the database (scheduler/health.measure, every REFRESH_SECONDS). Every worker
  reports the same figure, so each series carries a `worker` label (hostname:pid): a query
  then has to say how to combine them (`max without (worker, instance)`) and cannot add the
  same backlog up once per worker by mistake. The scheduler leader gauge carries it too.

prometheus_client is imported only here, and this module only when METRICS_PORT is set.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
from collections.abc import Callable
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
)
from sqlalchemy.ext.asyncio import AsyncEngine

from chat.events import Event
from chat.replies import Message
from chat.transport import SendFailure, Sent, Transport

log = logging.getLogger(__name__)

REFRESH_SECONDS = 15.0  # database-wide gauges are measured this often

# SendFailure kinds as the operator knows them.
RESULTS = {"retry_after": "429", "server": "5xx", "blocked": "403", "network": "network",
           "bad_request": "400", "not_modified": "not_modified"}
# Failure kinds counted in the database (scheduler/health.Health.failures, last hour).
FAILURE_KINDS = ("retry_after", "blocked", "server", "network")
LATENCY_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


def worker_id() -> str:
    """hostname:pid, as the outbox dispatcher names its claims."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Metrics:
    """The instruments of one process, in a registry of their own (plus process and GC
    figures: memory, CPU, open files)."""

    def __init__(self, worker: str | None = None) -> None:
        self.worker = worker or worker_id()
        self.registry = r = CollectorRegistry()
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        GCCollector(registry=r)

        self.updates = Counter(
            "safety_net_updates_handled", "Updates handled by this process, by the event's kind "
            "(text, command, button, contact, photo, …); outcome failed: given up after five "
            "failures, the person got an apology", ["kind", "outcome"], registry=r)
        self.reply_latency = Histogram(
            "safety_net_reply_latency_seconds", "From an update's arrival in this process to "
            "its replies sent (or left owed to the dispatcher after a failed send)",
            buckets=LATENCY_BUCKETS, registry=r)
        self.sends = Counter(
            "safety_net_sends", "Bot API sends of this process by result: ok, 429, 5xx, 403, "
            "network, 400, not_modified; what: message or toast (a button's answer)",
            ["what", "result"], registry=r)

        per_worker = ["worker"]
        self.outbox_backlog = Gauge(
            "safety_net_outbox_backlog", "Outbox messages due and not yet sent (database-wide)",
            per_worker, registry=r)
        self.outbox_oldest_age = Gauge(
            "safety_net_outbox_oldest_age_seconds", "How long the oldest due outbox message "
            "has waited; 0 when none waits (database-wide)", per_worker, registry=r)
        self.overdue = Gauge(
            "safety_net_overdue_cases", "Open cases past their deadline, by how many times "
            "they have been escalated (database-wide)", ["worker", "level"], registry=r)
        self.failures_last_hour = Gauge(
            "safety_net_send_failures_last_hour", "Failed outbox sends of the last hour by "
            "result, every worker's (database-wide)", ["worker", "result"], registry=r)
        self.failed_updates = Gauge(
            "safety_net_failed_updates", "Received updates given up after repeated failures, "
            "kept for an operator (database-wide)", per_worker, registry=r)
        self.owed_chats = Gauge(
            "safety_net_owed_reply_chats", "Chats whose replies are not yet all delivered "
            "(database-wide)", per_worker, registry=r)
        self.measured_at = Gauge(
            "safety_net_health_measured_timestamp_seconds", "When the database-wide gauges "
            "were last measured (Unix time)", per_worker, registry=r)
        self.leader = Gauge(
            "safety_net_scheduler_leader", "1 when this process runs the timed jobs (on "
            "PostgreSQL: holds the advisory lock), else 0", per_worker, registry=r)
        self.leader.labels(self.worker).set(0)

    # --- this process ------------------------------------------------------------------

    def update_handled(self, event: Event, latency: float | None, ok: bool = True) -> None:
        """The pump's hook (bot/pump.py): one update done; latency None when it was received
        before this process started (recovered from the inbox)."""
        self.updates.labels(event.kind, "ok" if ok else "failed").inc()
        if latency is not None:
            self.reply_latency.observe(latency)

    def sent(self, what: str, result: str) -> None:
        self.sends.labels(what, result).inc()

    def metered(self, transport: Transport) -> MeteredTransport:
        return MeteredTransport(transport, self)

    # --- the database ----------------------------------------------------------------

    async def measure(self, engine: AsyncEngine, now: Any) -> None:
        """Refresh the database-wide gauges from scheduler/health.measure."""
        from scheduler.health import measure

        health = await measure(engine, now)
        w = self.worker
        self.outbox_backlog.labels(w).set(health.backlog)
        age = 0.0 if health.oldest_age is None else health.oldest_age.total_seconds()
        self.outbox_oldest_age.labels(w).set(age)
        self.overdue.clear()  # a level with no case left must not keep its last figure
        for level, count in health.overdue.items():
            self.overdue.labels(w, str(level)).set(count)
        for kind in FAILURE_KINDS:
            self.failures_last_hour.labels(w, RESULTS[kind]).set(health.failures.get(kind, 0))
        self.failed_updates.labels(w).set(health.failed_updates)
        self.owed_chats.labels(w).set(health.owed_replies)
        self.measured_at.labels(w).set(time.time())

    def follow_leader(self, scheduler: Callable[[], Any]) -> None:
        """The leader gauge, read at each scrape; scheduler returns the process's TimedJobs
        (or None)."""
        self.leader.labels(self.worker).set_function(lambda: 1 if is_leader(scheduler()) else 0)

    async def refresh_forever(self, engine: AsyncEngine, clock: Any, stop: asyncio.Event,
                              every: float = REFRESH_SECONDS) -> None:
        """Measure now and every `every` seconds until `stop`; a failed measurement is logged
        (once a minute at most) and tried again next time."""
        complained = -60.0
        loop = asyncio.get_running_loop()
        while not stop.is_set():
            try:
                await self.measure(engine, clock.now())
            except Exception as exc:
                if loop.time() - complained >= 60:
                    complained = loop.time()
                    log.warning("metrics: the database-wide gauges could not be measured: %s",
                                type(exc).__name__)
            try:
                await asyncio.wait_for(stop.wait(), every)
            except TimeoutError:
                pass


def is_leader(scheduler: Any) -> bool:
    """Does this process run the timed jobs? scheduler is scheduler.runner.TimedJobs or None
    (`run --no-scheduler`). On SQLite it ticks whenever it runs; on PostgreSQL only while it
    holds the advisory lock (TimedJobs keeps that lock's connection in _lock_conn)."""
    if scheduler is None or not scheduler.scheduler.running:
        return False
    if scheduler.setup.engine.dialect.name != "postgresql":
        return True
    return getattr(scheduler, "_lock_conn", None) is not None


class MeteredTransport:
    """A Transport that counts each send by result, around the adapter that does the work.
    The background work (owed replies, outbox dispatcher) is given this one, so every send of
    the process is counted where its SendFailure is classified."""

    def __init__(self, inner: Transport, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics
        self.channel = inner.channel
        self.capabilities = inner.capabilities

    async def deliver(self, chat_id: str, reply: Message) -> Sent:
        return await self._count("message", self.inner.deliver(chat_id, reply))

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        await self._count("toast", self.inner.answer_button(callback_id, text))

    async def fetch_media(self, native_id: str) -> bytes:
        return await self.inner.fetch_media(native_id)

    def __getattr__(self, name: str) -> Any:  # anything else the adapter offers
        return getattr(self.inner, name)

    async def _count(self, what: str, call: Any) -> Any:
        try:
            result = await call
        except SendFailure as failure:
            self.metrics.sent(what, RESULTS.get(failure.kind, failure.kind))
            raise
        except asyncio.CancelledError:
            # Cut off without an answer: the dispatcher's send timeout (it counts a network
            # error) or shutdown.
            self.metrics.sent(what, "network")
            raise
        self.metrics.sent(what, "ok")
        return result
