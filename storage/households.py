"""The household register: bulk loading and look-ups by id, ID-number hash, village and name."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables_intake import households

CHUNK = 2000

# Told how many rows were just written (the CLI draws a progress bar with it).
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    """A register row as imported: plain values, encrypted only on the way into the table."""

    household_id: str
    village_code: str
    head_name: str
    id_number: str
    members: int
    category: str
    phone: str | None


@dataclass(frozen=True, slots=True)
class Household:
    household_id: str
    village_code: str
    head_name: str
    id_number_hash: str | None
    members: int
    category: str
    id_number_enc: bytes | None = None  # the head's ID number, encrypted as stored
    phone_enc: bytes | None = None  # the register's phone, encrypted as stored


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What decides whether a stored row differs from an imported one (no decryption needed)."""

    village_code: str
    head_name: str
    id_number_hash: str | None
    members: int
    category: str
    phone_hash: str | None


async def fingerprints(tx: Tx) -> dict[str, Fingerprint]:
    """Every stored household's comparable fields, by household id."""
    rows = (await tx.execute(select(
        households.c.household_id, households.c.village_code, households.c.head_name,
        households.c.id_number_hash, households.c.members, households.c.category,
        households.c.phone_hash))).all()
    return {r.household_id: Fingerprint(r.village_code, r.head_name, r.id_number_hash, r.members,
                                        r.category, r.phone_hash) for r in rows}


def fingerprint_of(row: HouseholdRow, cipher: FieldCipher) -> Fingerprint:
    return Fingerprint(row.village_code, row.head_name, cipher.lookup_hash(row.id_number),
                       row.members, row.category, cipher.lookup_hash(row.phone))


def _values(row: HouseholdRow, print_: Fingerprint, cipher: FieldCipher, now: datetime) -> dict:
    return {
        "household_id": row.household_id, "village_code": row.village_code,
        "head_name": row.head_name, "id_number_enc": cipher.encrypt(row.id_number),
        "id_number_hash": print_.id_number_hash, "members": row.members,
        "category": row.category, "phone_enc": cipher.encrypt(row.phone),
        "phone_hash": print_.phone_hash, "updated_at": now,
    }


async def write(tx: Tx, cipher: FieldCipher, *, new: Sequence[tuple[HouseholdRow, Fingerprint]],
                changed: Sequence[tuple[HouseholdRow, Fingerprint]], now: datetime,
                progress: Progress | None = None) -> None:
    """Insert new households and rewrite changed ones, in chunks (one executemany each)."""
    for batch in _chunks(new):
        await tx.execute(households.insert(), [_values(r, p, cipher, now) for r, p in batch])
        if progress:
            progress(len(batch))
    if changed:
        # Free the ID-number hashes first: two households may swap ID numbers in one file.
        await tx.execute(update(households).where(
            households.c.household_id == bindparam("hid")).values(id_number_hash=None),
            [{"hid": r.household_id} for r, _ in changed])
    stmt = update(households).where(households.c.household_id == bindparam("hid")).values(
        {c: bindparam(c) for c in (
            "village_code", "head_name", "id_number_enc", "id_number_hash", "members",
            "category", "phone_enc", "phone_hash", "updated_at")})
    for batch in _chunks(changed):
        params = []
        for r, p in batch:
            values = _values(r, p, cipher, now)
            values["hid"] = values.pop("household_id")
            params.append(values)
        await tx.execute(stmt, params)
        if progress:
            progress(len(batch))


def _chunks(items: Sequence[tuple[HouseholdRow, Fingerprint]]
            ) -> Iterable[Sequence[tuple[HouseholdRow, Fingerprint]]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _household(row) -> Household:  # type: ignore[no-untyped-def]
    return Household(row.household_id, row.village_code, row.head_name, row.id_number_hash,
                     row.members, row.category, row.id_number_enc, row.phone_enc)


async def by_id(tx: Tx, household_id: str) -> Household | None:
    row = (await tx.execute(select(households).where(
        households.c.household_id == household_id))).first()
    return _household(row) if row else None


async def by_id_hash(tx: Tx, id_hash: str) -> Household | None:
    row = (await tx.execute(select(households).where(
        households.c.id_number_hash == id_hash))).first()
    return _household(row) if row else None


async def by_village_and_name(tx: Tx, village_code: str, head_name: str) -> list[Household]:
    rows = (await tx.execute(select(households).where(
        households.c.village_code == village_code, households.c.head_name == head_name))).all()
    return [_household(r) for r in rows]


async def many_by_ids(tx: Tx, ids: Iterable[str]) -> dict[str, Household]:
    wanted = list(set(ids))
    out: dict[str, Household] = {}
    for start in range(0, len(wanted), 500):
        rows = (await tx.execute(select(households).where(
            households.c.household_id.in_(wanted[start:start + 500])))).all()
        out.update({r.household_id: _household(r) for r in rows})
    return out


async def many_by_id_hashes(tx: Tx, hashes: Iterable[str]) -> dict[str, Household]:
    wanted = list(set(hashes))
    out: dict[str, Household] = {}
    for start in range(0, len(wanted), 500):
        rows = (await tx.execute(select(households).where(
            households.c.id_number_hash.in_(wanted[start:start + 500])))).all()
        out.update({r.id_number_hash: _household(r) for r in rows})
    return out


async def count(tx: Tx) -> int:
    from sqlalchemy import func

    return int((await tx.execute(select(func.count()).select_from(households))).scalar() or 0)
