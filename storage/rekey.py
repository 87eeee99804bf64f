"""Re-encrypting every sealed value under the newest DATA_KEY, in short batches.

Each batch is at most BATCH rows of one table, read and rewritten in one transaction (rows
locked on PostgreSQL, the write lock held on SQLite), so the running bot waits a few
milliseconds at most and never writes a row between our read and our write. A value already
under the newest key is left alone, and where each table got to is kept in scheduler_state:
an interrupted run continues where it stopped, and a second run finds nothing to do.
The web channel's uploaded files, outside the database, are re-encrypted by their store
(storage/upload_files.py `UploadStore.rekey`), called by `python -m bot rekey` after the tables.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Column, Table, bindparam, select, tuple_, update

from storage.conversations import seal, unseal
from storage.crypto import FieldCipher
from storage.db import Transactions, Tx
from storage.scheduling import get_state, set_state
from storage.tables import case_events, conversations, inbox, outbox, processed_updates
from storage.tables import cases as cases_table
from storage.tables_intake import case_reports, households
from storage.tables_officials import visits
from storage.tables_privacy import data_requests
from storage.tables_proxy import proxy_filings
from storage.tables_resident import official_phones, questions
from storage.tables_web import web_messages

BATCH = 1000

# Columns holding one Fernet token each.
TOKEN_COLUMNS: dict[str, tuple[Table, tuple[str, ...]]] = {
    "cases": (cases_table, ("phone_enc", "id_number_enc", "description_enc")),
    "households": (households, ("id_number_enc", "phone_enc")),
    "case_reports": (case_reports, ("notify_chat_enc", "contact_name_enc", "contact_phone_enc",
                                    "description_enc")),
    "visits": (visits, ("notes_enc",)),
    "data_requests": (data_requests, ("reason_enc",)),
    "questions": (questions, ("name_enc", "text_enc", "phone_enc", "answer_enc")),
    "official_phones": (official_phones, ("phone_enc",)),
    "proxy_filings": (proxy_filings, ("filer_name_enc",)),
    "web_messages": (web_messages, ("body",)),  # what waits on a web visitor's page
}
# JSON columns sealed whole ({"sealed": token}; outbox params only when personal).
SEALED_COLUMNS: dict[str, tuple[Table, str]] = {
    "conversations": (conversations, "draft"),
    "processed_updates": (processed_updates, "replies"),
    "inbox": (inbox, "payload"),
    "outbox": (outbox, "params"),
}
# The timeline's free text: these keys of case_events.details hold a token as text.
EVENT_TEXT_KEYS = ("reason", "text")


@dataclass(frozen=True, slots=True)
class Progress:
    table: str
    rows: int  # rows read
    changed: int  # rows rewritten


def _key_columns(table: Table) -> list[Column[Any]]:
    return list(table.primary_key.columns)


def _token(value: Any) -> bytes | None:
    if value is None:
        return None
    return bytes(value) if not isinstance(value, str) else value.encode()


def _rotated(cipher: FieldCipher, token: bytes | None) -> bytes | None:
    """The token under the newest key, or None when it is there already."""
    if token is None or cipher.is_current(token):
        return None
    return cipher.rotate(token)


def _sealed_value(cipher: FieldCipher, value: Any) -> Any | None:
    value = json.loads(value) if isinstance(value, str) else value
    if not (isinstance(value, dict) and set(value) == {"sealed"}):
        return None  # plain (nothing personal, or from before sealing)
    if cipher.is_current(value["sealed"].encode()):
        return None
    return seal(cipher, unseal(cipher, value))


def _event_details(cipher: FieldCipher, details: Any) -> dict[str, Any] | None:
    details = json.loads(details) if isinstance(details, str) else details
    if not isinstance(details, dict):
        return None
    out, changed = dict(details), False
    for key in EVENT_TEXT_KEYS:
        text = details.get(key)
        if isinstance(text, str) and text.startswith("gAAAAA"):  # a Fernet token, not a code
            rotated = _rotated(cipher, text.encode())
            if rotated is not None:
                out[key], changed = rotated.decode(), True
    return out if changed else None


def jobs(cipher: FieldCipher) -> list[tuple[str, Table, Callable[[Any], dict[str, Any] | None]]]:
    """(name, table, row → new values or None) for every table holding sealed data."""
    out: list[tuple[str, Table, Callable[[Any], dict[str, Any] | None]]] = []
    for name, (table, columns) in TOKEN_COLUMNS.items():
        def tokens(row: Any, columns: tuple[str, ...] = columns) -> dict[str, Any] | None:
            values = {c: _rotated(cipher, _token(getattr(row, c))) for c in columns}
            values = {c: v for c, v in values.items() if v is not None}
            return values or None
        out.append((name, table, tokens))
    for name, (table, column) in SEALED_COLUMNS.items():
        def sealed(row: Any, column: str = column) -> dict[str, Any] | None:
            value = _sealed_value(cipher, getattr(row, column))
            return None if value is None else {column: value}
        out.append((name, table, sealed))

    def events(row: Any) -> dict[str, Any] | None:
        details = _event_details(cipher, row.details)
        return None if details is None else {"details": details}
    out.append(("case_events", case_events, events))
    return out


async def position(tx: Tx, name: str) -> list[Any] | None:
    """Where an earlier, interrupted run stopped in a table (None: at its beginning)."""
    after = await get_state(tx, f"rekey:{name}")
    return json.loads(after) if after else None


async def rekey_batch(tx: Tx, name: str, table: Table,
                      change: Callable[[Any], dict[str, Any] | None], now: datetime,
                      after: list[Any] | None, size: int = BATCH
                      ) -> tuple[Progress, list[Any]] | None:
    """One batch of one table after the key `after`; the progress and the batch's last key,
    or None when the table is done."""
    keys = _key_columns(table)
    query = select(table).order_by(*keys).limit(size)
    if after:
        start = [bindparam(None, v, type_=k.type) for k, v in zip(keys, after, strict=True)]
        query = query.where(tuple_(*keys) > tuple_(*start))
    if tx.dialect.name == "postgresql":
        query = query.with_for_update()
    rows = (await tx.execute(query)).all()
    if not rows:
        return None
    changed = 0
    for row in rows:
        values = change(row)
        if values:
            await tx.execute(update(table).where(*(k == getattr(row, k.name) for k in keys))
                             .values(**values))
            changed += 1
    last = [getattr(rows[-1], k.name) for k in keys]
    kept = json.dumps(last, ensure_ascii=False)
    if len(kept) <= 64:  # the state column's width; past it, a new run resumes from an earlier key
        await set_state(tx, f"rekey:{name}", kept, now)
    return Progress(name, len(rows), changed), last


async def finish(tx: Tx, now: datetime) -> None:
    """Forget every table's position: the next run starts from the beginning."""
    for name in (*TOKEN_COLUMNS, *SEALED_COLUMNS, "case_events"):
        await set_state(tx, f"rekey:{name}", "", now)


async def rekey_all(transactions: Transactions, cipher: FieldCipher, now: Callable[[], datetime],
                    *, size: int = BATCH, report: Callable[[Progress], None] | None = None
                    ) -> dict[str, int]:
    """Every table, batch after batch, each batch its own transaction; rows changed per table."""
    done: dict[str, int] = {}
    for name, table, change in jobs(cipher):
        done[name] = 0
        async with transactions() as tx:
            after = await position(tx, name)
        while True:
            async with transactions() as tx:
                batch = await rekey_batch(tx, name, table, change, now(), after, size)
            if batch is None:
                break
            progress, after = batch
            done[name] += progress.changed
            if report is not None:
                report(progress)
    async with transactions() as tx:
        await finish(tx, now())
    return done
