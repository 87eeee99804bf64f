"""The household register: bulk loading and look-ups by id, ID-number hash, village and name."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables_intake import households
from storage.upsert import insert_for

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
    # 组: None when the file has no group column (the stored group is kept); "" for none.
    group: str | None = None


def short_id_of(household_id: str) -> int:
    """A positive 63-bit number naming a household in a chat button's payload (64 bytes hold
    "hv:" and 19 digits, not a 64-character household id). Derived, not counted, so two
    imports of one file at once agree on it; the import refuses the rare id whose number
    another household has already (cases/household_import.py)."""
    number = int.from_bytes(hashlib.sha256(household_id.encode()).digest()[:8], "big") >> 1
    return number or 1


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
    group_name: str | None = None  # 组
    short_id: int | None = None


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What decides whether a stored row differs from an imported one (no decryption needed)."""

    village_code: str
    head_name: str
    id_number_hash: str | None
    members: int
    category: str
    phone_hash: str | None
    group: str | None = None  # "" for no group; None: not given (a file without the column)


async def fingerprints(tx: Tx) -> dict[str, Fingerprint]:
    """Every stored household's comparable fields, by household id."""
    rows = (await tx.execute(select(
        households.c.household_id, households.c.village_code, households.c.head_name,
        households.c.id_number_hash, households.c.members, households.c.category,
        households.c.phone_hash, households.c.group_name))).all()
    return {r.household_id: Fingerprint(r.village_code, r.head_name, r.id_number_hash, r.members,
                                        r.category, r.phone_hash, r.group_name or "")
            for r in rows}


def fingerprint_of(row: HouseholdRow, cipher: FieldCipher) -> Fingerprint:
    return Fingerprint(row.village_code, row.head_name, cipher.lookup_hash(row.id_number),
                       row.members, row.category, cipher.lookup_hash(row.phone), row.group)


def values_of(row: HouseholdRow, print_: Fingerprint, cipher: FieldCipher, now: datetime) -> dict:
    """The table row for an imported one, its ID and phone numbers encrypted; the group only
    when the file had the column (a file without it leaves the stored groups alone)."""
    values = {
        "household_id": row.household_id, "village_code": row.village_code,
        "head_name": row.head_name, "id_number_enc": cipher.encrypt(row.id_number),
        "id_number_hash": print_.id_number_hash, "members": row.members,
        "category": row.category, "phone_enc": cipher.encrypt(row.phone),
        "phone_hash": print_.phone_hash, "updated_at": now,
        "short_id": short_id_of(row.household_id),
    }
    if row.group is not None:
        values["group_name"] = row.group or None
    return values


async def short_ids(tx: Tx) -> dict[int, str]:
    """Every stored household's short id → household id (to refuse a clash before writing)."""
    rows = (await tx.execute(select(households.c.short_id, households.c.household_id)
                             .where(households.c.short_id.is_not(None)))).all()
    return {int(r.short_id): r.household_id for r in rows}


async def release_numbers(tx: Tx, household_ids: Sequence[str]) -> None:
    """Clear these households' ID-number hashes, so another row of the file may take them."""
    if household_ids:
        await tx.execute(update(households).where(
            households.c.household_id == bindparam("hid")).values(id_number_hash=None),
            [{"hid": hid} for hid in household_ids])


async def upsert(tx: Tx, rows: Sequence[dict[str, Any]]) -> None:
    """Insert households or overwrite them by household id (one executemany).

    An upsert, not a plain insert: a chunk written twice (an import interrupted and run
    again, or two imports of one file at once) ends up the same instead of failing.
    """
    if not rows:
        return
    stmt = insert_for(tx, households)
    # Rows of one file all have the group column or all lack it.
    overwritten = [*_OVERWRITTEN, *(["group_name"] if "group_name" in rows[0] else [])]
    stmt = stmt.on_conflict_do_update(
        index_elements=[households.c.household_id],
        set_={c: stmt.excluded[c] for c in overwritten})
    await tx.execute(stmt, list(rows))


_OVERWRITTEN = ("village_code", "head_name", "id_number_enc", "id_number_hash", "members",
                "category", "phone_enc", "phone_hash", "updated_at", "short_id")


def _household(row: Any) -> Household:
    return Household(row.household_id, row.village_code, row.head_name, row.id_number_hash,
                     row.members, row.category, row.id_number_enc, row.phone_enc,
                     row.group_name, row.short_id)


async def by_short_id(tx: Tx, short_id: int) -> Household | None:
    row = (await tx.execute(select(households).where(households.c.short_id == short_id))).first()
    return _household(row) if row else None


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
