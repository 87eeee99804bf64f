"""The conversation step's statements run straight on sqlite3 must read and write exactly
what SQLAlchemy does: a state saved one way loads the other way, and a replayed update is
found either way."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.app import App
from storage import conversations as conv_repo
from storage.conversations import Conversation
from storage.sqlite_direct import raw_sqlite
from storage.tables import conversations, processed_updates

NOW = datetime(2026, 3, 2, 10, 0, 5, 123456, tzinfo=UTC)


@pytest.fixture
def backend() -> str:
    return "sqlite"  # the direct path is SQLite's; PostgreSQL goes through SQLAlchemy


async def test_a_state_saved_directly_reads_back_through_sqlalchemy_and_vice_versa(
        app: App) -> None:
    cipher = app.services.cases.cipher
    conv = Conversation("telegram", "77", "77", "zh", NOW, "sr.phone", {"name": "王秀英 <b>"})
    async with app.db.begin() as tx:
        assert await raw_sqlite(tx) is not None  # the in-loop driver: the direct path runs
        await conv_repo.save(tx, conv, NOW, cipher)
        await conv_repo.record_update(tx, "telegram", "77", "9001", [{"text": "电话？"}], NOW, cipher)
    async with app.db.begin() as tx:
        assert await conv_repo.load(tx, "telegram", "77", cipher) == conv  # SQLAlchemy reads it
        row = (await tx.execute(select(conversations.c.updated_at, conversations.c.draft))).one()
        assert row.updated_at == NOW and "王秀英" not in str(row.draft)  # sealed at rest
        stored = (await tx.execute(select(processed_updates.c.created_at))).scalar_one()
        assert stored == NOW
        cutoff = NOW - timedelta(days=7)
        loaded, replayed = await conv_repo.load_for_update(tx, "telegram", "77", "9002", cutoff, cipher)
        assert loaded == conv and replayed is None  # the direct load decodes it too
        _, replayed = await conv_repo.load_for_update(tx, "telegram", "77", "9001", cutoff, cipher)
        assert replayed == [{"text": "电话？"}]


async def test_a_second_record_of_one_update_raises_sqlalchemys_integrity_error(
        app: App) -> None:
    """The engine retries on IntegrityError and replays the first answer."""
    async with app.db.begin() as tx:
        await conv_repo.record_update(tx, "telegram", 1, "5", [], NOW)
    with pytest.raises(IntegrityError):
        async with app.db.begin() as tx:
            await conv_repo.record_update(tx, "telegram", 1, "5", [], NOW)
