"""`python -m bot status`: outbox backlog and its oldest message, 429/403/5xx of the last hour,
overdue cases by escalation level."""

from __future__ import annotations

import argparse

from bot.cli.database import open_existing
from bot.settings import Settings
from cases.clock import SystemClock


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("status", help="outbox backlog, send failures, overdue cases")
    parser.set_defaults(func=run)


async def run(_args: argparse.Namespace) -> int:
    """Print the figures; exit 1 when the outbox is behind (or there is no database)."""
    from scheduler.health import measure

    settings = Settings()
    engine = await open_existing(settings.storage.database_url)
    try:
        health = await measure(engine, SystemClock().now())
    finally:
        await engine.dispose()
    for line in health.lines():
        print(line)
    o = settings.outbox
    behind = health.backlog >= o.alert_backlog or (
        health.oldest_age is not None and health.oldest_age.total_seconds() >= o.alert_age_minutes * 60)
    return 1 if behind else 0
