"""The outbox: messages to other people, written in the same transaction as their cause."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update

from storage.conversations import seal, unseal
from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import outbox

# Parameters that carry what a person told us (a description, a neighbour's name and phone, a
# reason or note typed by an official): a row holding any of them, at any depth, is sealed
# whole. Household heads' names ("head"), references and counts stay readable for operators.
PERSONAL_PARAMS = frozenset({"desc", "name", "phone", "id_number", "reason", "text", "notes"})


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A message key and its parameters, rendered in the recipient's language at send time.

    buttons: rows of {"key": message key for the label, "params": {...}, "data": payload}.
    """

    channel: str
    chat_id: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    buttons: list[list[dict[str, Any]]] = field(default_factory=list)
    lang: str | None = None
    case_id: int | None = None
    urgent: bool = False
    edit_of: int | None = None


def carries_personal(value: Any) -> bool:
    """True when a parameter named in PERSONAL_PARAMS holds text anywhere in the value (a label
    to render, {"key": "closure.duplicate"}, is vocabulary, not personal)."""
    if isinstance(value, dict):
        return any((k in PERSONAL_PARAMS and isinstance(v, str) and v != "") or carries_personal(v)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(carries_personal(v) for v in value)
    return False


def seal_params(cipher: FieldCipher | None, params: dict[str, Any]) -> dict[str, Any]:
    """The params as stored: sealed ({"sealed": token}) when they carry personal data."""
    if not carries_personal(params):
        return params
    if cipher is None:  # a caller that forgot the key must fail loudly, never store plain text
        raise ValueError("outbox parameters with personal data need the data key")
    return dict(seal(cipher, params))


def open_params(cipher: FieldCipher | None, stored: Any) -> dict[str, Any]:
    """The params of a stored row, sealed or (queued before sealing existed) plain."""
    return dict(unseal(cipher, stored) or {})


async def enqueue(tx: Tx, message: OutboxMessage, now: datetime, not_before: datetime | None = None,
                  cipher: FieldCipher | None = None) -> int:
    """Queue a message; returns its id (an edit later refers to it). Personal parameters are
    sealed with `cipher` (required then)."""
    result = await tx.execute(
        outbox.insert()
        .values(
            channel=message.channel,
            chat_id=message.chat_id,
            lang=message.lang,
            key=message.key,
            params=seal_params(cipher, message.params),
            buttons=message.buttons,
            case_id=message.case_id,
            urgent=message.urgent,
            edit_of=message.edit_of,
            status="pending",
            not_before=not_before or now,
            created_at=now,
            attempts=0,
        )
        .returning(outbox.c.id)
    )
    return int(result.scalar_one())


async def enqueue_many(tx: Tx, messages: list[OutboxMessage], now: datetime) -> None:
    """Queue several messages in one statement a thousand, in list order (ids follow it), due now.
    No cipher: for messages whose parameters carry nothing personal (scheduler notices)."""
    if messages:  # executemany: one INSERT per 1,000 rows, compiled once
        await tx.execute(outbox.insert(), [{
            "channel": m.channel, "chat_id": m.chat_id, "lang": m.lang, "key": m.key,
            "params": seal_params(None, m.params), "buttons": m.buttons, "case_id": m.case_id,
            "urgent": m.urgent, "edit_of": m.edit_of, "status": "pending", "not_before": now,
            "created_at": now, "attempts": 0} for m in messages])


@dataclass(frozen=True, slots=True)
class ClaimedMessage:
    """An outbox row claimed by one dispatcher for a short lease."""

    id: int
    channel: str
    chat_id: str
    lang: str | None
    key: str
    params: dict[str, Any]
    buttons: list[list[dict[str, Any]]]
    urgent: bool
    attempts: int
    edit_message_id: int | None  # the message an earlier row sent, when this row edits it
    edit_of: int | None = None  # that earlier row
    edit_shown: str | None = None  # what its message shows now (a digest), when known


async def mark_sent(tx: Tx, message_id: int, sent_message_id: int | None, now: datetime,
                    *, shown: str | None = None, edit_of: int | None = None,
                    pace: Any = None) -> None:
    """The row went out; `shown` (a digest) is what its message shows now, kept on the row
    that sent the message (`edit_of` for an edit). `pace`: a statement to run with it (the
    chat's next send time of the shared budget), in the same statement as a CTE — one round
    trip per send, not two."""
    stmt = update(outbox).where(outbox.c.id == message_id).values(
        status="sent", sent_at=now, sent_message_id=sent_message_id, claimed_until=None,
        attempts=outbox.c.attempts + 1)
    if pace is not None and tx.dialect.name == "postgresql":
        stmt = stmt.add_cte(pace.cte("paced"))
    elif pace is not None:  # SQLite has no data-modifying CTE
        await tx.execute(pace)
    await tx.execute(stmt)
    if shown is not None:
        await tx.execute(update(outbox).where(outbox.c.id == (edit_of or message_id))
                         .values(shown_digest=shown))


async def record_shown(tx: Tx, *, channel: str, chat_id: str, key: str, params: dict[str, Any],
                       case_id: int | None, message_id: int, shown: str, now: datetime) -> None:
    """A live message shown as a reply (a case card after /case): remembered as a sent row,
    so it is edited as the case changes like a card the outbox sent."""
    await tx.execute(outbox.insert().values(
        channel=channel, chat_id=chat_id, lang=None, key=key, params=params, buttons=[],
        case_id=case_id, urgent=False, edit_of=None, status="sent", not_before=now,
        created_at=now, attempts=1, sent_at=now, sent_message_id=message_id,
        shown_digest=shown))


async def forget_shown(tx: Tx, channel: str, chat_id: str, message_id: int) -> None:
    """A message an answer is replacing right now: what it showed is no longer known."""
    await tx.execute(update(outbox).where(
        outbox.c.channel == channel, outbox.c.chat_id == chat_id,
        outbox.c.sent_message_id == message_id, outbox.c.edit_of.is_(None))
        .values(shown_digest=None))


async def reschedule(tx: Tx, message_id: int, not_before: datetime, error: str, *,
                     counts: bool = True) -> None:
    """Try again later (429, network, 5xx); the lease is released. A 429 does not count
    as an attempt (counts=False): Telegram said when, and the message itself is fine."""
    await tx.execute(update(outbox).where(outbox.c.id == message_id).values(
        not_before=not_before, claimed_until=None, last_error=error[:255],
        attempts=outbox.c.attempts + (1 if counts else 0)))


async def mark_failed(tx: Tx, message_id: int, status: str, error: str) -> None:
    """Give up on a row: "failed" (refused by Telegram) or "unreachable" (blocked)."""
    await tx.execute(update(outbox).where(outbox.c.id == message_id).values(
        status=status, claimed_until=None, last_error=error[:255],
        attempts=outbox.c.attempts + 1))
