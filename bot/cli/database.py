"""Is a command's database there? Read-only commands open an existing one and never create it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import create_engine

MIGRATE_HINT = "run `python -m bot migrate`"


class NoDatabase(Exception):
    """The database is missing or not at this version's schema; the message says what to do."""


def describe(url: str) -> str:
    """Where the data lives, for messages: the SQLite file, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return parsed.database or ":memory:"
    return parsed.render_as_string(hide_password=True)


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL names; None for other backends and in-memory databases."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def schema_heads() -> set[str]:
    """The revisions a database at this version's schema is stamped with."""
    from alembic.script import ScriptDirectory  # only when a command checks the schema

    from storage.migrate import alembic_config

    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def stamped_revisions(connection: Connection) -> set[str] | None:
    """The revisions recorded in the database; None when it has no migration table at all."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    return {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}


async def check_schema(engine: AsyncEngine, where: str) -> None:
    """Raise NoDatabase unless the tables are there at this version's schema."""
    async with engine.connect() as conn:
        current = await conn.run_sync(stamped_revisions)
    if not current:
        raise NoDatabase(f"no database at {where} — {MIGRATE_HINT}")
    expected = schema_heads()
    if current != expected:
        raise NoDatabase(f"the database at {where} has schema {', '.join(sorted(current))}, this "
                         f"version needs {', '.join(sorted(expected))} — {MIGRATE_HINT}")


async def open_existing(url: str) -> AsyncEngine:
    """An engine on a database that exists at this version's schema; nothing is created."""
    where = describe(url)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise NoDatabase(f"no database at {where} — {MIGRATE_HINT}")
    engine = create_engine(url)
    try:
        await check_schema(engine, where)
    except BaseException:
        await engine.dispose()
        raise
    return engine
