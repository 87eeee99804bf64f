"""Chat claims on PostgreSQL, statement by statement: the worker giving a chat back while
another worker records the chat's next update never strands that update.

The race: worker B records an update and tries to claim the chat (the claim is A's, so B
leaves the update to A) while A, done with the chat, gives the claim back "unless the inbox
has more". A must see B's update and keep the claim — B has already given up on it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import App
from storage import chat_claims
from storage.inbox import Received, record
from storage.tables_scheduling import chat_claims as claims_table

pytestmark = pytest.mark.postgres

CHANNEL, CHAT = "telegram", "8903"


@pytest.fixture
def backend() -> str:
    return "postgres"


@pytest.fixture
async def db(app: App) -> AsyncIterator[AsyncEngine]:
    yield app.db


async def a_holds_the_chat(db: AsyncEngine) -> tuple[datetime, datetime, datetime]:
    """Worker A claims the chat; returns now, the claim's end and the inbox's cutoff."""
    now = datetime.now(UTC)
    until, cutoff = now + timedelta(seconds=30), now - timedelta(hours=1)
    async with db.begin() as tx:
        assert await chat_claims.take(tx, CHANNEL, CHAT, "worker-a", now, until)
    return now, until, cutoff


async def test_giving_back_a_claim_sees_the_update_whose_worker_just_tried_to_claim(
        db: AsyncEngine) -> None:
    now, until, cutoff = await a_holds_the_chat(db)

    async with db.connect() as b:
        await b.begin()
        # B records the chat's next update and tries to claim: A holds it, so B leaves it.
        await record(b, CHANNEL, [Received(CHAT, "42", {"update_id": 42})], now, cutoff, None)
        assert not await chat_claims.take(b, CHANNEL, CHAT, "worker-b", now, until)

        async def a_gives_back() -> bool:
            async with db.begin() as tx_a:
                return await chat_claims.release_if_idle(tx_a, CHANNEL, CHAT, "worker-a", cutoff)

        releasing = asyncio.create_task(a_gives_back())
        await asyncio.sleep(0.5)  # A waits on the claim's row, locked by B's attempt
        assert not releasing.done()
        await b.commit()

    assert await asyncio.wait_for(releasing, 10) is False  # B's update is there: A keeps it
    async with db.connect() as conn:
        holder = (await conn.execute(select(claims_table.c.worker))).scalars().all()
    assert holder == ["worker-a"]


async def test_a_claim_is_given_back_when_the_inbox_is_empty_and_then_free_to_take(
        db: AsyncEngine) -> None:
    now, until, cutoff = await a_holds_the_chat(db)
    async with db.begin() as tx:
        assert not await chat_claims.release_if_idle(tx, CHANNEL, CHAT, "worker-b", cutoff)
        assert await chat_claims.release_if_idle(tx, CHANNEL, CHAT, "worker-a", cutoff)
    async with db.begin() as tx:
        assert await chat_claims.take(tx, CHANNEL, CHAT, "worker-b", now, until)
