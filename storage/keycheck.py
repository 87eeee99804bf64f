"""At start: can DATA_KEY read what is stored, and does the look-up key still make the hashes
that are stored? A key dropped before `python -m bot rekey` finished, or LOOKUP_KEY left unset
when the oldest DATA_KEY was removed, would otherwise fail later — a case that cannot be read,
an ID number that no longer finds its household — instead of at once, with a reason."""

from __future__ import annotations

from sqlalchemy import select

from storage.crypto import DataKeyError, FieldCipher
from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import households


async def check_keys(tx: Tx, cipher: FieldCipher) -> None:
    """Decrypt a stored value (the oldest and the newest of each kind) and hash it again:
    raises DataKeyError saying which key is wrong."""
    samples = [(households.c.id_number_enc, households.c.id_number_hash, households.c.household_id),
               (cases.c.id_number_enc, cases.c.id_number_hash, cases.c.id),
               (cases.c.phone_enc, cases.c.phone_hash, cases.c.id)]
    for enc, digest, order in samples:
        for direction in (order.asc(), order.desc()):
            row = (await tx.execute(select(enc, digest).where(enc.is_not(None), digest.is_not(None))
                                    .order_by(direction).limit(1))).first()
            if row is None:
                break
            try:
                value = cipher.decrypt(bytes(row[0]))
            except DataKeyError as exc:
                raise DataKeyError(
                    "DATA_KEY cannot read the stored data: put back the key that was removed "
                    "(newest first, comma-separated) and finish `python -m bot rekey` before "
                    "removing it") from exc
            if cipher.lookup_hash(value) != row[1]:
                raise DataKeyError(
                    "the look-up key does not match the stored hashes: set LOOKUP_KEY to the "
                    "value `python -m bot rekey --lookup-key` printed with the old DATA_KEY "
                    "(or put the oldest key back at the end of DATA_KEY)")
