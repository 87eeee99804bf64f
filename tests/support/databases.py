"""Test databases: a fresh SQLite file, or a fresh PostgreSQL database when reachable.

REQUIRE_POSTGRES=1 (set by .ci/run) turns "PostgreSQL is not reachable" from a skip
into a failure, so CI cannot pass without it.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def postgres_required() -> bool:
    return os.environ.get("REQUIRE_POSTGRES", "") in ("1", "true", "yes")


async def _pg_connect():  # type: ignore[no-untyped-def]
    import asyncpg

    return await asyncio.wait_for(asyncpg.connect(PG_ADMIN_URL), timeout=5)


async def postgres_available() -> bool:
    try:
        conn = await _pg_connect()
    except Exception:
        return False
    await conn.close()
    return True


def skip_or_fail_without_postgres(reason: str) -> None:
    if postgres_required():
        pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(f"PostgreSQL not reachable: {reason}")


@asynccontextmanager
async def database_url(backend: str, tmp_path: Path) -> AsyncIterator[str]:
    """Yield a SQLAlchemy URL of an empty database of the given backend."""
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'safety_net.db'}"
        return
    try:
        admin = await _pg_connect()
    except Exception as exc:
        skip_or_fail_without_postgres(repr(exc))
        return
    name = f"sn_test_{uuid.uuid4().hex[:12]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        yield f"{base}/{name}"
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
