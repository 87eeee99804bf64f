"""/metrics and /healthz: a running bot (run_bot, polling the fake Bot API server) serves its
counters after a few updates on METRICS_PORT; /healthz is 200 while the database answers
SELECT 1 within a second and 503 otherwise; sends are counted by result where SendFailure is
classified; the database-wide gauges carry the worker label."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.app import App, ConfigError
from bot.fake_telegram import FakeTelegram
from bot.health_server import OpsServer
from bot.metrics import MeteredTransport, Metrics, is_leader, worker_id
from bot.runner import check_ports, run_bot
from bot.settings import Settings
from chat.replies import Text
from chat.transport import TELEGRAM, SendFailure, Sent
from scheduler.runner import TimedJobs
from storage.db import create_engine
from tests.conftest import TEST_KEY
from tests.support.e2e import TOKEN, say


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def samples(body: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """(sample name, labels) → value, from Prometheus text format."""
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(body) for s in family.samples}


def value(found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str,
          **labels: str) -> float | None:
    return found.get((name, frozenset(labels.items())))


@contextlib.asynccontextmanager
async def bot_running(settings: Settings) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(run_bot(settings, stop=stop))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def get(url: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=10) as client:
        return await client.get(url)


@pytest.mark.e2e
@pytest.mark.parametrize("framework", ["aiogram", "ptb"])
async def test_a_running_bot_serves_its_counters_and_health(
        db_url: str, fake: FakeTelegram, framework: str) -> None:
    port = free_port()
    settings = Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                        bot_token=TOKEN, telegram_api_base=fake.base_url, bot_framework=framework,
                        poll_timeout=1, metrics_port=port)
    base = f"http://127.0.0.1:{port}"
    async with bot_running(settings):
        user = fake.user(user_id=9101, first_name="李", language_code="zh")
        await say(user, "send_text", "/start", words="同意", wait=60)
        await say(user, "press", "✅ 同意", words="申报本户困难")
        await say(user, "send_text", "/help", words="可以这样使用")

        health = await get(f"{base}/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        async with asyncio.timeout(10):  # the gauges are measured as the bot starts
            while True:
                metrics = await get(f"{base}/metrics")
                found = samples(metrics.text)
                if value(found, "safety_net_outbox_backlog", worker=worker_id()) is not None \
                        and value(found, "safety_net_scheduler_leader", worker=worker_id()) == 1:
                    break  # measured, and the first tick took the lead (PostgreSQL: the lock)
                await asyncio.sleep(0.05)

    assert metrics.status_code == 200
    assert metrics.headers["Content-Type"].startswith("text/plain")
    assert value(found, "safety_net_updates_handled_total", kind="command", outcome="ok") == 2
    assert value(found, "safety_net_updates_handled_total", kind="button", outcome="ok") == 1
    assert value(found, "safety_net_reply_latency_seconds_count") == 3
    assert value(found, "safety_net_sends_total", what="message", result="ok") >= 3  # type: ignore[operator]
    assert value(found, "safety_net_sends_total", what="toast", result="ok") == 1
    worker = worker_id()
    assert value(found, "safety_net_outbox_backlog", worker=worker) == 0
    assert value(found, "safety_net_outbox_oldest_age_seconds", worker=worker) == 0
    assert value(found, "safety_net_failed_updates", worker=worker) == 0
    assert value(found, "safety_net_send_failures_last_hour", worker=worker, result="429") == 0
    assert value(found, "process_resident_memory_bytes") is not None
    with pytest.raises(httpx.ConnectError):  # stopped with the bot
        await get(f"{base}/healthz")


async def test_healthz_is_503_when_the_database_does_not_answer_within_a_second(app: App) -> None:
    ops = OpsServer(app.db, Metrics())
    port = await ops.start("127.0.0.1", 0)
    url = f"http://127.0.0.1:{port}/healthz"
    try:
        assert (await get(url)).status_code == 200
        if app.db.dialect.name == "sqlite":  # one connection: held elsewhere, the check waits
            async with app.db.connect() as held:
                await held.exec_driver_sql("SELECT 1")
                started = time.monotonic()
                answer = await get(url)
                assert time.monotonic() - started < 3
            assert (answer.status_code, answer.text) == (503, "database unavailable")
        assert (await get(url)).status_code == 200  # answering again
    finally:
        await ops.close()


async def test_healthz_is_503_when_the_database_is_unreachable() -> None:
    engine = create_engine("postgresql+asyncpg://nobody:nothing@127.0.0.1:1/none")
    ops = OpsServer(engine, Metrics())
    port = await ops.start("127.0.0.1", 0)
    try:
        answer = await get(f"http://127.0.0.1:{port}/healthz")
        assert answer.status_code == 503
    finally:
        await ops.close()
        await engine.dispose()


class Scripted:
    """A transport that fails as told."""

    channel = "telegram"
    capabilities = TELEGRAM

    def __init__(self, *outcomes: str | None) -> None:
        self.outcomes = list(outcomes)

    async def deliver(self, chat_id: str, reply: Any) -> Sent:
        kind = self.outcomes.pop(0)
        if kind is not None:
            raise SendFailure(kind, "scripted", retry_after=3)  # type: ignore[arg-type]
        return Sent(1)

    async def answer_button(self, callback_id: str, text: str | None) -> None:
        await self.deliver("", None)

    async def fetch_media(self, native_id: str) -> bytes:
        return b"media"

    def extra(self) -> str:
        return "reached"


async def test_sends_are_counted_by_result_where_the_failure_is_classified() -> None:
    metrics = Metrics(worker="test:1")
    transport = MeteredTransport(
        Scripted(None, "retry_after", "server", "blocked", "network", "bad_request", None), metrics)
    for _ in range(6):
        with contextlib.suppress(SendFailure):
            await transport.deliver("1", Text("hi"))
    await transport.answer_button("cb", None)
    assert await transport.fetch_media("x") == b"media"
    assert transport.extra() == "reached"  # whatever else the adapter offers
    found = samples(generate(metrics))
    for result in ("ok", "429", "5xx", "403", "network", "400"):
        assert value(found, "safety_net_sends_total", what="message", result=result) == 1, result
    assert value(found, "safety_net_sends_total", what="toast", result="ok") == 1


def generate(metrics: Metrics) -> str:
    from prometheus_client import generate_latest

    return generate_latest(metrics.registry).decode()


async def test_the_leader_gauge_follows_the_scheduler(app: App) -> None:
    jobs = TimedJobs(app.background())
    assert not is_leader(jobs) and not is_leader(None)
    await jobs.start()
    try:
        if app.db.dialect.name == "postgresql":
            assert not is_leader(jobs)  # not before it holds the advisory lock
            assert await jobs._leader()
        assert is_leader(jobs)
        metrics = Metrics(worker="test:1")
        metrics.follow_leader(lambda: jobs)
        assert value(samples(generate(metrics)), "safety_net_scheduler_leader", worker="test:1") == 1
    finally:
        await jobs.stop()
    await asyncio.sleep(0.05)  # APScheduler stops on the loop's next turn
    assert not is_leader(jobs)
    assert value(samples(generate(metrics)), "safety_net_scheduler_leader", worker="test:1") == 0


def test_metrics_are_never_served_on_the_webhook_port() -> None:
    webhook = {"webhook_url": "https://bot.example.org/telegram/webhook", "webhook_port": 8443}
    with pytest.raises(ConfigError, match="METRICS_PORT"):
        check_ports(Settings(metrics_port=8443, **webhook))
    check_ports(Settings(metrics_port=9464, **webhook))
    check_ports(Settings(metrics_port=8443))  # long polling: that port is not in use


def test_metrics_are_off_unless_a_port_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METRICS_PORT", "")  # as .env.example has it
    assert Settings().ops.metrics_port is None
    assert Settings().ops.metrics_host == "127.0.0.1"
    monkeypatch.setenv("METRICS_PORT", "9464")
    assert Settings().ops.metrics_port == 9464


@pytest.mark.e2e
async def test_webhook_mode_serves_metrics_on_a_port_of_their_own(
        db_url: str, fake: FakeTelegram) -> None:
    webhook_port, metrics_port = free_port(), free_port()
    settings = Settings(database_url=db_url, data_key=TEST_KEY, bot_token=TOKEN,
                        telegram_api_base=fake.base_url, bot_framework="ptb",
                        webhook_url="https://bot.example.org/telegram/webhook",
                        webhook_port=webhook_port, metrics_port=metrics_port)
    async with bot_running(settings):
        async with asyncio.timeout(30):
            while True:
                if fake.calls("setWebhook"):  # the webhook is registered: start-up is done
                    break
                await asyncio.sleep(0.05)
        health = await get(f"http://127.0.0.1:{metrics_port}/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        found = samples((await get(f"http://127.0.0.1:{metrics_port}/metrics")).text)
        assert ("safety_net_scheduler_leader", frozenset({("worker", worker_id())})) in found
        webhook = await get(f"http://127.0.0.1:{webhook_port}/metrics")
        assert webhook.status_code == 404  # nothing of it on the webhook's port
