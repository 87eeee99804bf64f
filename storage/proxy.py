"""Filings made on a household's behalf: who filed, the household's answer, the one-time link."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import cases
from storage.tables_proxy import proxy_filings as pf


@dataclass(frozen=True, slots=True)
class ProxyFiling:
    id: int
    case_id: int
    relation: str
    filer_name: str | None
    filer_hash: str
    status: str  # pending | confirmed | declined
    confirmed_via: str | None
    code_expires_at: datetime | None
    household_channel: str | None
    household_chat_id: str | None
    household_lang: str | None
    filer_sees_all: bool


def _record(cipher: FieldCipher | None, row: Row) -> ProxyFiling:
    """cipher None: the filer's name is left sealed (None), for callers that need no name."""
    return ProxyFiling(
        id=row.id, case_id=row.case_id, relation=row.relation,
        filer_name=cipher.decrypt(row.filer_name_enc) if cipher else None, filer_hash=row.filer_hash,
        status=row.status, confirmed_via=row.confirmed_via, code_expires_at=row.code_expires_at,
        household_channel=row.household_channel, household_chat_id=row.household_chat_id,
        household_lang=row.household_lang, filer_sees_all=row.filer_sees_all)


async def add(tx: Tx, cipher: FieldCipher, *, case_id: int, relation: str, filer_name: str,
              filer_hash: str, code_hash: str, code_expires_at: datetime, now: datetime) -> int:
    result = await tx.execute(pf.insert().values(
        case_id=case_id, relation=relation, filer_name_enc=cipher.encrypt(filer_name),
        filer_hash=filer_hash, status="pending", code_hash=code_hash,
        code_expires_at=code_expires_at, filer_sees_all=False, created_at=now).returning(pf.c.id))
    return int(result.scalar_one())


async def by_id(tx: Tx, cipher: FieldCipher, filing_id: int) -> ProxyFiling | None:
    row = (await tx.execute(select(pf).where(pf.c.id == filing_id))).first()
    return _record(cipher, row) if row else None


async def by_case(tx: Tx, cipher: FieldCipher | None, case_id: int) -> ProxyFiling | None:
    row = (await tx.execute(select(pf).where(pf.c.case_id == case_id))).first()
    return _record(cipher, row) if row else None


async def by_code_hash(tx: Tx, cipher: FieldCipher, code_hash: str) -> ProxyFiling | None:
    row = (await tx.execute(select(pf).where(pf.c.code_hash == code_hash))).first()
    return _record(cipher, row) if row else None


async def pending_for_phone(tx: Tx, cipher: FieldCipher, phone_hash: str, limit: int = 3
                            ) -> list[ProxyFiling]:
    """Filings still waiting for the household whose open case has this phone (keyed hash)."""
    rows = (await tx.execute(
        select(pf).join(cases, cases.c.id == pf.c.case_id)
        .where(cases.c.phone_hash == phone_hash, cases.c.stage != "closed",
               pf.c.status == "pending")
        .order_by(pf.c.id).limit(limit))).all()
    return [_record(cipher, r) for r in rows]


async def decide(tx: Tx, filing_id: int, *, status: str, via: str | None, now: datetime,
                 channel: str | None = None, chat_id: str | None = None,
                 lang: str | None = None) -> bool:
    """Record the household's answer once (a second tap changes nothing); the link is used up."""
    result = await tx.execute(update(pf).where(pf.c.id == filing_id, pf.c.status == "pending")
                              .values(status=status, confirmed_via=via, decided_at=now,
                                      code_hash=None, code_expires_at=None,
                                      household_channel=channel, household_chat_id=chat_id,
                                      household_lang=lang))
    return (result.rowcount or 0) == 1


async def let_filer_see_all(tx: Tx, filing_id: int, value: bool) -> None:
    await tx.execute(update(pf).where(pf.c.id == filing_id).values(filer_sees_all=value))


async def case_ids_of_household(tx: Tx, channel: str, chat_id: str) -> list[int]:
    """The cases a household confirmed in this chat."""
    rows = (await tx.execute(select(pf.c.case_id).where(
        pf.c.household_channel == channel, pf.c.household_chat_id == chat_id,
        pf.c.status == "confirmed").order_by(pf.c.case_id.desc()))).all()
    return [r.case_id for r in rows]


async def forget_people(tx: Tx, case_id: int) -> None:
    """Anonymising a case: the filer's name, the household's chat and any link go."""
    await tx.execute(update(pf).where(pf.c.case_id == case_id).values(
        filer_name_enc=None, household_channel=None, household_chat_id=None,
        code_hash=None, code_expires_at=None))


async def forget_filer_name(tx: Tx, case_id: int) -> None:
    await tx.execute(update(pf).where(pf.c.case_id == case_id).values(filer_name_enc=None))
