"""The WeCom channel's messages: numbered when sent, and a card's response code kept so the
card can be changed once (tables in storage/tables_wecom.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update

from storage.db import Tx
from storage.tables_wecom import wecom_messages

CODE_LIFE = timedelta(hours=72)  # WeCom accepts a response code this long after it gave it


@dataclass(frozen=True, slots=True)
class Card:
    id: int
    task_id: str
    response_code: str


async def number(tx: Tx, user_id: str, now: datetime) -> int:
    """A new message's number (a text or a file; a card gets its task id after)."""
    return int((await tx.execute(wecom_messages.insert().values(
        user_id=user_id, buttons=0, sent_at=now).returning(wecom_messages.c.id))).scalar_one())


async def sent_card(tx: Tx, message_id: int, task_id: str, buttons: int, code: str | None,
                    now: datetime) -> None:
    await tx.execute(update(wecom_messages).where(wecom_messages.c.id == message_id).values(
        task_id=task_id, buttons=buttons, response_code=code, code_at=now if code else None,
        code_used=None))


async def pressed(tx: Tx, message_id: int, user_id: str, code: str, now: datetime) -> None:
    """A press brought a fresh code: the card may change once more. The same press sent
    again by WeCom brings the same code, perhaps spent already: it changes nothing."""
    await tx.execute(update(wecom_messages).where(
        wecom_messages.c.id == message_id, wecom_messages.c.user_id == user_id,
        wecom_messages.c.task_id.is_not(None),
        or_(wecom_messages.c.response_code.is_(None), wecom_messages.c.response_code != code))
        .values(response_code=code, code_at=now, code_used=None))


async def take_code(tx: Tx, message_id: int, user_id: str, now: datetime) -> Card | None:
    """The card's unspent code, younger than 72 hours, spent here (one change per code);
    None when the card cannot be changed (a text, a code spent or too old)."""
    row = (await tx.execute(select(wecom_messages).where(
        wecom_messages.c.id == message_id, wecom_messages.c.user_id == user_id))).first()
    if row is None or row.task_id is None or row.response_code is None or row.code_used \
            or row.code_at is None or row.code_at + CODE_LIFE <= now:
        return None
    await tx.execute(update(wecom_messages).where(wecom_messages.c.id == message_id)
                     .values(code_used=now))
    return Card(row.id, row.task_id, row.response_code)


async def prune(tx: Tx, before: datetime) -> int:
    """Messages older than any code WeCom would still take: an edit of them goes anew."""
    result = await tx.execute(delete(wecom_messages).where(wecom_messages.c.sent_at < before))
    return result.rowcount or 0
