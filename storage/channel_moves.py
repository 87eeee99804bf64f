"""Codes that move an official's cards to another channel (tables in storage/tables_wecom.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update

from storage.db import Tx
from storage.tables import officials
from storage.tables_wecom import channel_moves


async def create(tx: Tx, *, code_hash: str, official_id: int, now: datetime,
                 expires_at: datetime) -> None:
    await tx.execute(channel_moves.insert().values(code_hash=code_hash, official_id=official_id,
                                                   created_at=now, expires_at=expires_at))


async def use(tx: Tx, code_hash: str, now: datetime) -> int | None:
    """Spend an unspent, unexpired code; the official it moves, or None."""
    row = (await tx.execute(select(channel_moves).where(
        channel_moves.c.code_hash == code_hash, channel_moves.c.used_at.is_(None),
        channel_moves.c.expires_at > now))).first()
    if row is None:
        return None
    done = await tx.execute(update(channel_moves).where(
        channel_moves.c.id == row.id, channel_moves.c.used_at.is_(None)).values(used_at=now))
    return int(row.official_id) if done.rowcount else None


async def taken(tx: Tx, channel: str, user_id: str) -> bool:
    """This account is already an official's (active or not)."""
    return (await tx.execute(select(officials.c.id).where(
        officials.c.channel == channel, officials.c.user_id == user_id))).first() is not None


async def move(tx: Tx, official_id: int, *, channel: str, user_id: str, chat_id: str) -> None:
    await tx.execute(update(officials).where(officials.c.id == official_id).values(
        channel=channel, user_id=user_id, chat_id=chat_id, unreachable=False))
