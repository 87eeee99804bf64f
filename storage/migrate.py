"""Bring a database to the newest schema with Alembic (run at start and by `python -m bot migrate`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply every pending migration in one transaction."""
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, revision)


def _autogenerate(connection: Connection, message: str, rev_id: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.revision(config, message=message, autogenerate=True, rev_id=rev_id)


async def make_revision(engine: AsyncEngine, message: str, rev_id: str) -> None:
    """Developer helper: write a migration for the difference between tables.py and the database."""
    async with engine.begin() as conn:
        await conn.run_sync(_autogenerate, message, rev_id)
