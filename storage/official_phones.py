"""The phone number an official agreed to show residents (on the acceptance receipt)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables_resident import official_phones


async def shared(tx: Tx, cipher: FieldCipher, official_id: int) -> str | None:
    row = (await tx.execute(select(official_phones.c.phone_enc).where(
        official_phones.c.official_id == official_id))).first()
    return cipher.decrypt(row.phone_enc) if row is not None else None


async def share(tx: Tx, cipher: FieldCipher, official_id: int, phone: str, now: datetime) -> None:
    await withdraw(tx, official_id)
    await tx.execute(official_phones.insert().values(
        official_id=official_id, phone_enc=cipher.encrypt(phone), updated_at=now))


async def withdraw(tx: Tx, official_id: int) -> None:
    await tx.execute(official_phones.delete().where(official_phones.c.official_id == official_id))
