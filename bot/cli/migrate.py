"""`python -m bot migrate`: bring the database to the newest schema."""

from __future__ import annotations

import argparse

from bot.settings import Settings
from storage.db import create_engine
from storage.migrate import migrate


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("migrate", help="apply database migrations")
    parser.set_defaults(func=run_migrations)


async def run_migrations(_args: argparse.Namespace) -> int:
    engine = create_engine(Settings().storage.database_url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    print("database is up to date")
    return 0
