"""Is a new report about a household that already has an open case? (one household, one case)

A report names a household by register id, by ID number, or by village and head name;
any of them matching an open case makes the report a further report on that case.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from storage import households as household_repo
from storage import reports as report_repo
from storage.cases import NewCase
from storage.crypto import FieldCipher
from storage.db import Tx


def normalise_name(raw: str | None) -> str:
    """Names compare without surrounding or doubled spaces (王 秀英 ≠ 王秀英 stays distinct)."""
    return " ".join((raw or "").split())


def household_keys(cipher: FieldCipher, new: NewCase) -> list[str]:
    """Keyed hashes naming the household, for "same reporter, same household" checks."""
    keys = [cipher.lookup_hash(f"name|{new.village_code}|{normalise_name(new.head_name)}")]
    if new.household_id:
        keys.append(cipher.lookup_hash(f"hh|{new.household_id}"))
    if new.id_number:
        keys.append(cipher.lookup_hash(f"id|{new.id_number}"))
    return [k for k in keys if k]


@dataclass(frozen=True, slots=True)
class Match:
    new: NewCase  # the report, completed from the register where the household was found
    open_case_id: int | None


async def complete_from_register(tx: Tx, cipher: FieldCipher, new: NewCase) -> NewCase:
    """Fill the household id from the register: by ID number, else by a unique village + name."""
    if new.household_id:
        return new
    found = None
    if new.id_number:
        found = await household_repo.by_id_hash(tx, cipher.lookup_hash(new.id_number) or "")
    if found is None and new.head_name:
        named = await household_repo.by_village_and_name(
            tx, new.village_code, normalise_name(new.head_name))
        found = named[0] if len(named) == 1 else None
    return replace(new, household_id=found.household_id) if found else new


async def find(tx: Tx, cipher: FieldCipher, new: NewCase) -> Match:
    """The open case this report belongs to, if any."""
    new = await complete_from_register(tx, cipher, new)
    case_id = await report_repo.find_open_case_id(
        tx, household_id=new.household_id, id_number_hash=cipher.lookup_hash(new.id_number),
        village_code=new.village_code, head_name=normalise_name(new.head_name) or None)
    return Match(new, case_id)
