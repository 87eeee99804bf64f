"""Questions residents send to their village: stored sealed, answered once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables_resident import questions


@dataclass(frozen=True, slots=True)
class NewQuestion:
    asked_at: datetime
    channel: str
    chat_id: str
    lang: str | None
    asker_hash: str
    village_code: str
    town_code: str
    name: str | None
    text: str | None
    media: list[dict[str, str]] = field(default_factory=list)
    phone: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: int
    asked_at: datetime
    channel: str
    chat_id: str
    lang: str | None
    village_code: str
    town_code: str
    name: str | None
    text: str | None
    media: list[dict[str, str]]
    phone: str | None
    answered_by: int | None
    answered_at: datetime | None
    answer: str | None
    answer_media: list[dict[str, str]]
    case_id: int | None


async def add(tx: Tx, cipher: FieldCipher, q: NewQuestion) -> int:
    result = await tx.execute(questions.insert().values(
        asked_at=q.asked_at, channel=q.channel, chat_id=q.chat_id, lang=q.lang,
        asker_hash=q.asker_hash, village_code=q.village_code, town_code=q.town_code,
        name_enc=cipher.encrypt(q.name), text_enc=cipher.encrypt(q.text), media=q.media,
        phone_enc=cipher.encrypt(q.phone), answer_media=[]).returning(questions.c.id))
    return int(result.scalar_one())


def _record(row: Any, cipher: FieldCipher) -> Question:
    return Question(row.id, row.asked_at, row.channel, str(row.chat_id), row.lang,
                    row.village_code, row.town_code, cipher.decrypt(row.name_enc),
                    cipher.decrypt(row.text_enc), list(row.media or []),
                    cipher.decrypt(row.phone_enc), row.answered_by, row.answered_at,
                    cipher.decrypt(row.answer_enc), list(row.answer_media or []), row.case_id)


async def get(tx: Tx, cipher: FieldCipher, question_id: int) -> Question | None:
    row = (await tx.execute(select(questions).where(questions.c.id == question_id))).first()
    return _record(row, cipher) if row is not None else None


async def count_since(tx: Tx, asker_hash: str, since: datetime) -> int:
    return int((await tx.execute(select(func.count()).select_from(questions).where(
        questions.c.asker_hash == asker_hash, questions.c.asked_at >= since))).scalar_one())


async def answer(tx: Tx, cipher: FieldCipher, question_id: int, *, official_id: int,
                 text: str | None, media: list[dict[str, str]], now: datetime) -> bool:
    """Record the answer; False when someone answered first (two officers of one village)."""
    result = await tx.execute(update(questions).where(
        questions.c.id == question_id, questions.c.answered_at.is_(None)).values(
        answered_by=official_id, answered_at=now, answer_enc=cipher.encrypt(text),
        answer_media=media))
    return bool(result.rowcount)


async def link_case(tx: Tx, question_id: int, case_id: int) -> bool:
    """Mark the case opened from a question; False when one was opened already."""
    result = await tx.execute(update(questions).where(
        questions.c.id == question_id, questions.c.case_id.is_(None)).values(case_id=case_id))
    return bool(result.rowcount)


async def erase_of_chat(tx: Tx, channel: str, chat_id: str) -> int:
    """A person's questions, removed at their request (/mydata)."""
    result = await tx.execute(questions.delete().where(
        questions.c.channel == channel, questions.c.chat_id == chat_id))
    return int(result.rowcount or 0)


async def prune(tx: Tx, before: datetime) -> int:
    """Questions asked before `before`, with their answers, deleted (the retention window)."""
    result = await tx.execute(questions.delete().where(questions.c.asked_at < before))
    return int(result.rowcount or 0)


async def of_chat(tx: Tx, cipher: FieldCipher, channel: str, chat_id: str) -> list[Question]:
    """A person's own questions, oldest first (what /mydata shows)."""
    rows = (await tx.execute(select(questions).where(
        questions.c.channel == channel, questions.c.chat_id == chat_id)
        .order_by(questions.c.asked_at, questions.c.id))).all()
    return [_record(row, cipher) for row in rows]
