"""Queries of the web channel: a visitor's waiting messages, their uploads, and the attempts
to recover a case's status (tables in storage/tables_web.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import case_reports
from storage.tables_officials import visits
from storage.tables_web import web_attempts, web_messages, web_uploads


@dataclass(frozen=True, slots=True)
class PageMessage:
    id: int
    edit_of: int | None
    body: dict[str, Any]


# --- messages waiting on the page ----------------------------------------------------------

async def post(tx: Tx, cipher: FieldCipher, visitor: str, body: dict[str, Any], now: datetime,
               edit_of: int | None = None) -> int:
    """Queue one message (or an edit of the visitor's earlier message) for the page."""
    sealed = cipher.encrypt_bytes(json.dumps(body, ensure_ascii=False).encode())
    result = await tx.execute(insert(web_messages).values(
        visitor=visitor, edit_of=edit_of, body=sealed, created_at=now))
    return int(result.inserted_primary_key[0])  # type: ignore[index]


async def owns(tx: Tx, visitor: str, message_id: int) -> bool:
    """Is this message one of the visitor's (an edit never reaches another visitor's page)?"""
    found = (await tx.execute(select(web_messages.c.id).where(
        web_messages.c.id == message_id, web_messages.c.visitor == visitor,
        web_messages.c.edit_of.is_(None)))).first()
    return found is not None


async def after(tx: Tx, cipher: FieldCipher, visitor: str, last: int, limit: int = 200
                ) -> list[PageMessage]:
    """The visitor's messages after `last` (all of them from 0: a reloaded page), oldest first."""
    query = select(web_messages).where(web_messages.c.visitor == visitor,
                                       web_messages.c.id > last)
    if last == 0:  # a fresh page: the latest ones, not a year of history
        newest = (select(web_messages.c.id).where(web_messages.c.visitor == visitor)
                  .order_by(web_messages.c.id.desc()).limit(limit).subquery())
        query = query.where(web_messages.c.id.in_(select(newest.c.id)))
    rows = (await tx.execute(query.order_by(web_messages.c.id).limit(limit))).all()
    return [PageMessage(r.id, r.edit_of, json.loads(cipher.decrypt_bytes(r.body)))
            for r in rows]


async def mark_shown(tx: Tx, visitor: str, up_to: int, now: datetime) -> int:
    """The page has shown everything up to `up_to`: delivered."""
    result = await tx.execute(update(web_messages).where(
        web_messages.c.visitor == visitor, web_messages.c.id <= up_to,
        web_messages.c.shown_at.is_(None)).values(shown_at=now))
    return result.rowcount or 0


async def newest_id(tx: Tx, visitor: str) -> int:
    value = (await tx.execute(select(func.max(web_messages.c.id)).where(
        web_messages.c.visitor == visitor))).scalar()
    return int(value or 0)


# --- uploads ---------------------------------------------------------------------------------

async def record_upload(tx: Tx, upload_id: str, visitor: str, kind: str, size: int,
                        now: datetime) -> None:
    await tx.execute(insert(web_uploads).values(id=upload_id, visitor=visitor, kind=kind,
                                                size=size, created_at=now))


async def upload_kind(tx: Tx, upload_id: str, visitor: str) -> str | None:
    """The kind of an upload of this visitor's (None: not theirs, or gone)."""
    return (await tx.execute(select(web_uploads.c.kind).where(
        web_uploads.c.id == upload_id, web_uploads.c.visitor == visitor))).scalar()


async def uploads_since(tx: Tx, visitor: str, since: datetime) -> int:
    return int((await tx.execute(select(func.count()).select_from(web_uploads).where(
        web_uploads.c.visitor == visitor, web_uploads.c.created_at >= since))).scalar() or 0)


async def unreferenced_uploads(tx: Tx, before: datetime, limit: int = 1000) -> list[str]:
    """Uploads older than `before` that no case, report or visit refers to any more: a draft
    never submitted, or a case whose personal data the retention rules removed."""
    old = [r.id for r in (await tx.execute(select(web_uploads.c.id).where(
        web_uploads.c.created_at < before).order_by(web_uploads.c.created_at).limit(limit))).all()]
    if not old:
        return []
    referenced: set[str] = set()
    for column in (cases.c.media, case_reports.c.media, visits.c.media):
        for (media,) in (await tx.execute(select(column).where(column.is_not(None)))).all():
            for item in media or []:
                ref = item.get("file_id") if isinstance(item, dict) else None
                if isinstance(ref, str) and ref.startswith("web:"):
                    referenced.add(ref[4:])
    return [upload for upload in old if upload not in referenced]


async def forget_uploads(tx: Tx, upload_ids: list[str]) -> None:
    if upload_ids:
        await tx.execute(delete(web_uploads).where(web_uploads.c.id.in_(upload_ids)))


# --- recovery attempts and pruning ------------------------------------------------------------

async def attempts_since(tx: Tx, key_hash: str, since: datetime) -> int:
    return int((await tx.execute(select(func.count()).select_from(web_attempts).where(
        web_attempts.c.key_hash == key_hash, web_attempts.c.at >= since))).scalar() or 0)


async def record_attempt(tx: Tx, key_hashes: list[str], now: datetime) -> None:
    await tx.execute(insert(web_attempts), [{"key_hash": k, "at": now} for k in key_hashes])


async def prune(tx: Tx, now: datetime, messages: timedelta, attempts: timedelta) -> int:
    """Messages past their window (shown or not: a page nobody opens again), old attempts."""
    done = (await tx.execute(delete(web_messages).where(
        web_messages.c.created_at < now - messages))).rowcount or 0
    done += (await tx.execute(delete(web_attempts).where(
        web_attempts.c.at < now - attempts))).rowcount or 0
    return done
