"""Validate a household register file, work out what importing it would change, and write it.

Header: household_id,village_code,head_name,id_number,members,category,phone, and optionally
group (组): a file without that column leaves the stored groups as they are. Any bad row
means nothing loads; a second import of the same file finds nothing new or changed. The
whole file is checked before anything is written; the writing then goes in chunks of
CHUNK_ROWS rows, each its own transaction, so the bot is never locked out for long.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path

from cases import id_numbers
from cases.csvfile import CsvError, Problem, read_rows
from cases.divisions import DivisionRegister
from cases.households import GROUP_MAX, canonical_group
from cases.vocab import REGISTER_CLASSES
from storage import households as household_repo
from storage.crypto import FieldCipher
from storage.db import Transactions, batched
from storage.households import Fingerprint, HouseholdRow, Progress, fingerprint_of, short_id_of

COLUMNS = ("household_id", "village_code", "head_name", "id_number", "members", "category",
           "phone")
GROUP_COLUMN = "group"  # optional: older files have no such column and still load
_HOUSEHOLD_ID = re.compile(r"^[0-9A-Za-z_\-]{1,64}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


@dataclass(slots=True)
class ImportPlan:
    """Rows to insert and rows to rewrite; everything else is already in the register."""

    new: list[tuple[HouseholdRow, Fingerprint]] = field(default_factory=list)
    changed: list[tuple[HouseholdRow, Fingerprint]] = field(default_factory=list)
    unchanged: int = 0
    # An ID number moving to another household of the file: taker's id → giver's id.
    moves: dict[str, str] = field(default_factory=dict)

    def to_write(self) -> list[tuple[HouseholdRow, Fingerprint]]:
        """New and changed rows; the households in a move first, to keep its gap short."""
        moving = {*self.moves, *self.moves.values()}
        rows = [*self.new, *self.changed]
        return sorted(rows, key=lambda item: item[0].household_id not in moving)


def normalise_phone(raw: str) -> str | None:
    """A mainland mobile or a landline with area code (023-12345678), as the chat flows store it."""
    digits = re.sub(r"[\s\-()（）]", "", raw)
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
            digits = digits[len(prefix):]
            break
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(digits):
        area = 3 if digits[1] in "12" else 4
        return f"{digits[:area]}-{digits[area:]}"
    return None


def vocabulary(slugs: tuple[str, ...], labels: Mapping[str, str]) -> dict[str, str]:
    """Accepted spellings → slug: each slug itself and its Chinese label (label → slug given)."""
    accepted = {s: s for s in slugs}
    accepted.update({label: slug for label, slug in labels.items() if slug in slugs})
    return accepted


def parse(path: Path | str, *, register: DivisionRegister, today: date,
          category_labels: Mapping[str, str]) -> list[tuple[int, HouseholdRow]]:
    """Every row checked; CsvError names each bad line and column."""
    categories = vocabulary(REGISTER_CLASSES, category_labels)
    problems: list[Problem] = []
    rows: list[tuple[int, HouseholdRow]] = []
    seen_ids: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    for line, row in read_rows(path, COLUMNS):
        bad = len(problems)
        hid = row.get("household_id", "")
        if not _HOUSEHOLD_ID.match(hid):
            problems.append(Problem(line, "household_id",
                                    "empty" if not hid else "only letters, digits, - and _ (≤64)"))
        elif hid in seen_ids:
            problems.append(Problem(line, "household_id", f"{hid} repeats line {seen_ids[hid]}"))
        else:
            seen_ids[hid] = line
        village_code = row.get("village_code", "")
        village = register.get(village_code)
        if village is None or village.level != "village":
            problems.append(Problem(line, "village_code",
                                    f"{village_code or 'empty'} is not a village in the register"))
        name = " ".join(row.get("head_name", "").split())
        if not name:
            problems.append(Problem(line, "head_name", "empty"))
        elif len(name) > 40:
            problems.append(Problem(line, "head_name", "longer than 40 characters"))
        number = id_numbers.normalise(row.get("id_number"))
        reason = id_numbers.problem(number, today)
        if reason:
            problems.append(Problem(line, "id_number", reason))
        elif number in seen_numbers:
            problems.append(Problem(line, "id_number", f"repeats line {seen_numbers[number]}"))
        else:
            seen_numbers[number] = line
        members_raw = row.get("members", "")
        members = int(members_raw) if members_raw.isdigit() else 0
        if not 1 <= members <= 30:
            problems.append(Problem(line, "members", f"{members_raw!r} is not a number 1–30"))
        category = categories.get(row.get("category", ""))
        if category is None:
            problems.append(Problem(line, "category", f"{row.get('category', '')!r} is not one of "
                                    + ", ".join(REGISTER_CLASSES)))
        phone_raw = row.get("phone", "")
        phone = normalise_phone(phone_raw) if phone_raw else None
        if phone_raw and phone is None:
            problems.append(Problem(line, "phone", "not a mobile or a landline with area code"))
        group_raw = row.get(GROUP_COLUMN)  # None: the file has no such column
        group = canonical_group(group_raw) if group_raw is not None else None
        if group is not None and len(group) > GROUP_MAX:
            problems.append(Problem(line, GROUP_COLUMN, f"longer than {GROUP_MAX} characters"))
        if len(problems) == bad:
            rows.append((line, HouseholdRow(hid, village_code, name, number, members,
                                            category or "", phone, group)))
    if problems:
        raise CsvError(problems)
    return rows


def plan(rows: list[tuple[int, HouseholdRow]], stored: dict[str, Fingerprint],
         cipher: FieldCipher, stored_short_ids: dict[int, str] | None = None) -> ImportPlan:
    """Split rows into new / changed / unchanged; an ID number may belong to one household only,
    and a short id (storage.households.short_id_of) too."""
    result = ImportPlan()
    owner_of = {p.id_number_hash: hid for hid, p in stored.items() if p.id_number_hash}
    lines = {row.household_id: line for line, row in rows}
    _refuse_short_id_clashes(rows, dict(stored_short_ids or {}))
    for _, row in rows:
        print_ = fingerprint_of(row, cipher)
        before = stored.get(row.household_id)
        if before is not None and row.group is None:
            print_ = replace(print_, group=before.group)  # no group column: the stored one stays
        if before is None:
            result.new.append((row, print_))
        elif before != print_:
            result.changed.append((row, print_))
        else:
            result.unchanged += 1
    # The register after the import: a number may not stay with a household the file left alone.
    problems: list[Problem] = []
    for row, print_ in [*result.new, *result.changed]:
        holder = owner_of.get(print_.id_number_hash) if print_.id_number_hash else None
        if holder is None or holder == row.household_id:
            continue
        if holder in lines:  # the holder's own row gives it up (parse refuses a number twice)
            result.moves[row.household_id] = holder
        else:
            problems.append(Problem(lines[row.household_id], "id_number",
                                    f"already registered to household {holder}"))
    if problems:
        raise CsvError(sorted(problems, key=lambda p: p.line))
    return result


def _refuse_short_id_clashes(rows: list[tuple[int, HouseholdRow]], taken: dict[int, str]) -> None:
    """Two household ids with one short id (a 1 in 2^63 chance per pair) would make a button
    open the wrong household: refused, so the office can rename one."""
    problems = []
    for line, row in rows:
        number = short_id_of(row.household_id)
        holder = taken.setdefault(number, row.household_id)
        if holder != row.household_id:
            problems.append(Problem(line, "household_id",
                                    f"cannot be told apart from household {holder} in chat buttons"))
    if problems:
        raise CsvError(problems)


async def write(transactions: Transactions, cipher: FieldCipher, work: ImportPlan, *,
                now: datetime, progress: Progress | None = None) -> None:
    """Write a plan, at most CHUNK_ROWS rows per transaction.

    Each chunk is an upsert, and a re-run plans again from what is stored, so an import
    interrupted half-way completes when run again. Numbers that move between households
    are freed first (two households may swap them), so until the moving rows are written,
    in the first chunks, a freed number finds no household.
    """
    for givers in batched(sorted(set(work.moves.values()))):
        async with transactions() as tx:
            await household_repo.release_numbers(tx, givers)
    for batch in batched(work.to_write()):
        # Encrypting is most of the work: do it before the transaction takes the lock.
        rows = [household_repo.values_of(row, print_, cipher, now) for row, print_ in batch]
        async with transactions() as tx:
            await household_repo.upsert(tx, rows)
        if progress:
            progress(len(batch))
