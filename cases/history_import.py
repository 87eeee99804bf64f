"""Validate a case history file so a district sees its figures on day one.

Header: reference,household_id,village_code,people,source,risk_types,category,reported_at,
identified_at,eliminated_at,closed_reason. `source`, `risk_types` (separated by `|`),
`category` and `closed_reason` take the slug or the Chinese label; empty cells where a stage
was not reached; times are ISO 8601, a time without an offset is in TIMEZONE and a bare date
means midnight there. Any bad row → nothing loads.

The stage follows from the cells: a closure reason (or an elimination time) → closed; an
identification time → monitored; else reported. A closed case's closing time is its
elimination time, else the latest time given. References are kept as they are; those in
this programme's format ({PREFIX}-{YEAR}-{NNNNNN}) are reserved so the counter never hands
them out again. The whole file is checked first; the cases are then added in chunks, each
its own transaction, so the bot is never locked out for long.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from cases.csvfile import CsvError, Problem, read_rows
from cases.divisions import DivisionRegister
from cases.household_import import vocabulary
from cases.vocab import CATEGORIES, CLOSURE_REASONS, RISK_TYPES, SOURCES
from storage import history
from storage.cases import reserve_reference_number
from storage.db import Transactions, Tx, batched

COLUMNS = ("reference", "household_id", "village_code", "people", "source", "risk_types",
           "category", "reported_at", "identified_at", "eliminated_at", "closed_reason")
_REFERENCE = re.compile(r"^[0-9A-Za-z_\-/]{1,32}$")
_HOUSEHOLD_ID = re.compile(r"^[0-9A-Za-z_\-]{1,64}$")
MAX_PEOPLE = 30


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One valid row, times in UTC, the stage worked out."""

    line: int
    reference: str
    household_id: str | None
    village_code: str
    town_code: str
    people: int
    source: str
    risk_types: list[str]
    category: str | None
    reported_at: datetime
    identified_at: datetime | None
    eliminated_at: datetime | None
    closed_reason: str | None
    stage: str
    closed_at: datetime | None


@dataclass(frozen=True, slots=True)
class Vocabularies:
    """Chinese label → slug for each vocabulary a history file may use (from the catalogue)."""

    sources: Mapping[str, str]
    risks: Mapping[str, str]
    categories: Mapping[str, str]
    closures: Mapping[str, str]


def reference_number(reference: str, prefix: str) -> tuple[int, int] | None:
    """(year, number) of a reference in this programme's format, else None."""
    match = re.fullmatch(rf"{re.escape(prefix)}-(\d{{4}})-(\d{{6}})", reference)
    return (int(match.group(1)), int(match.group(2))) if match else None


def parse_time(raw: str, tz: ZoneInfo) -> datetime:
    """ISO 8601 date or date-time; without an offset it is a wall-clock time in `tz`."""
    text = raw.strip().replace("/", "-")
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def parse(path: Path | str, *, register: DivisionRegister, tz: ZoneInfo, now: datetime,
          labels: Vocabularies) -> list[HistoryRow]:
    """Every row, or CsvError listing each problem as "line N: column: reason"."""
    problems: list[Problem] = []
    rows: list[HistoryRow] = []
    seen: dict[str, int] = {}
    vocab = {
        "source": vocabulary(SOURCES, labels.sources),
        "risk_types": vocabulary(RISK_TYPES, labels.risks),
        "category": vocabulary(CATEGORIES, labels.categories),
        "closed_reason": vocabulary(CLOSURE_REASONS, labels.closures),
    }
    for line, cells in read_rows(path, COLUMNS):
        found: list[Problem] = []

        def bad(column: str, reason: str, _line: int = line, _found: list[Problem] = found) -> None:
            _found.append(Problem(_line, column, reason))

        reference = cells["reference"]
        if not _REFERENCE.match(reference):
            bad("reference", "required: letters, digits and - (at most 32)")
        elif reference in seen:
            bad("reference", f"also on line {seen[reference]}")
        else:
            seen[reference] = line
        household_id = cells["household_id"] or None
        if household_id and not _HOUSEHOLD_ID.match(household_id):
            bad("household_id", "letters, digits, _ and - only (at most 64)")
        village = register.find(cells["village_code"]) if cells["village_code"] else None
        if village is None or village.level != "village":
            bad("village_code", f"not a village in the division register: {cells['village_code']!r}")
        town = register.town_of(village.code) if village else None
        people = cells["people"]
        if not people.isdigit() or not 1 <= int(people) <= MAX_PEOPLE:
            bad("people", f"a whole number from 1 to {MAX_PEOPLE}")
        source = vocab["source"].get(cells["source"])
        if source is None:
            bad("source", f"unknown source {cells['source']!r} (use {', '.join(SOURCES)})")
        risks: list[str] = []
        for part in re.split(r"[|｜]", cells["risk_types"]):
            part = part.strip()
            if not part:
                continue
            slug = vocab["risk_types"].get(part)
            if slug is None:
                bad("risk_types", f"unknown risk type {part!r}")
            elif slug not in risks:
                risks.append(slug)
        if not risks and not any(p.column == "risk_types" for p in found):
            bad("risk_types", "at least one risk type, separated by |")
        category = None
        if cells["category"]:
            category = vocab["category"].get(cells["category"])
            if category is None:
                bad("category", f"unknown category {cells['category']!r} (use {', '.join(CATEGORIES)})")
        closed_reason = None
        if cells["closed_reason"]:
            closed_reason = vocab["closed_reason"].get(cells["closed_reason"])
            if closed_reason is None:
                bad("closed_reason", f"unknown closure reason {cells['closed_reason']!r}")
        times: dict[str, datetime | None] = {}
        for column in ("reported_at", "identified_at", "eliminated_at"):
            raw = cells[column]
            times[column] = None
            if not raw:
                if column == "reported_at":
                    bad(column, "required")
                continue
            try:
                when = parse_time(raw, tz)
            except ValueError:
                bad(column, f"not an ISO 8601 date or time: {raw!r}")
                continue
            times[column] = when
            if when > now:
                bad(column, "in the future")
        reported, identified, eliminated = (times["reported_at"], times["identified_at"],
                                            times["eliminated_at"])
        if reported and identified and identified < reported:
            bad("identified_at", "before reported_at")
        if eliminated and identified is None and cells["identified_at"] == "":
            bad("eliminated_at", "risk can only be eliminated after identification (identified_at)")
        if eliminated and identified and eliminated < identified:
            bad("eliminated_at", "before identified_at")
        if eliminated and closed_reason not in (None, "risk_eliminated"):
            bad("closed_reason", "must be empty or risk_eliminated when eliminated_at is given")
        if closed_reason == "risk_eliminated" and eliminated is None and cells["eliminated_at"] == "":
            bad("eliminated_at", "required when closed_reason is risk_eliminated")
        if found:
            problems.extend(found)
            continue
        assert reported is not None and village is not None and source is not None
        if eliminated:
            closed_reason = "risk_eliminated"
        stage = "closed" if closed_reason else ("monitored" if identified else "reported")
        closed_at = None
        if stage == "closed":
            closed_at = eliminated or max(t for t in (reported, identified) if t is not None)
        rows.append(HistoryRow(
            line=line, reference=reference, household_id=household_id, village_code=village.code,
            town_code=town.code if town else village.parent_code or "", people=int(people),
            source=source, risk_types=risks, category=category, reported_at=reported,
            identified_at=identified, eliminated_at=eliminated, closed_reason=closed_reason,
            stage=stage, closed_at=closed_at))
    if problems:
        raise CsvError(problems)
    return rows


@dataclass(frozen=True, slots=True)
class ImportResult:
    rows: int
    added: int
    already: int


@dataclass(frozen=True, slots=True)
class HistoryPlan:
    """A checked file: the cases not yet present and what the register knows of their households."""

    rows: list[HistoryRow]
    fresh: list[HistoryRow]
    entries: dict[str, history.RegisterEntry]


async def check(tx: Tx, rows: list[HistoryRow]) -> HistoryPlan:
    """Which cases are new (by reference); CsvError if a reference belongs to another case."""
    known = await history.existing_refs(tx, [r.reference for r in rows])
    clashes = [Problem(r.line, "reference", "already used by a different case")
               for r in rows if r.reference in known
               and known[r.reference] != (r.village_code, r.reported_at)]
    if clashes:
        raise CsvError(clashes)
    fresh = [r for r in rows if r.reference not in known]
    entries = await history.register_entries(
        tx, sorted({r.household_id for r in fresh if r.household_id}))
    return HistoryPlan(rows, fresh, entries)


async def write(transactions: Transactions, work: HistoryPlan, *, prefix: str,
                now: datetime) -> ImportResult:
    """Reserve the file's reference numbers, then add its new cases, a chunk per transaction.

    Numbers first, in their own transaction: the bot opening a case meanwhile must not be
    handed a reference an imported case is about to take. Each chunk skips references
    stored meanwhile, so an import interrupted half-way completes when run again.
    """
    async with transactions() as tx:
        for year, number in sorted(highest_numbers(work.rows, prefix).items()):
            await reserve_reference_number(tx, year, number)
    added = 0
    for chunk in batched(work.fresh):
        async with transactions() as tx:
            present = await history.existing_refs(tx, [r.reference for r in chunk])
            values = [case_values(r, work.entries.get(r.household_id or ""), now)
                      for r in chunk if r.reference not in present]
            added += await history.insert_cases(tx, values, now)
    return ImportResult(rows=len(work.rows), added=added, already=len(work.rows) - added)


def highest_numbers(rows: list[HistoryRow], prefix: str) -> dict[int, int]:
    """Per year, the highest number among references in this programme's format."""
    highest: dict[int, int] = {}
    for r in rows:
        parsed = reference_number(r.reference, prefix)
        if parsed:
            highest[parsed[0]] = max(highest.get(parsed[0], 0), parsed[1])
    return highest


def case_values(r: HistoryRow, entry: history.RegisterEntry | None, now: datetime) -> dict[str, Any]:
    """The cases row for an imported case; the register's details when the household is known."""
    return {
        "ref": r.reference, "source": r.source, "village_code": r.village_code,
        "town_code": r.town_code, "household_id": r.household_id,
        "head_name": entry.head_name if entry else "",
        "id_number_enc": entry.id_number_enc if entry else None,
        "id_number_hash": entry.id_number_hash if entry else None,
        "phone_enc": entry.phone_enc if entry else None,
        "phone_hash": entry.phone_hash if entry else None,
        "people": r.people, "risk_types": r.risk_types, "media": [], "urgent": False,
        "stage": r.stage, "category": r.category, "closed_reason": r.closed_reason,
        "reported_at": r.reported_at, "identified_at": r.identified_at,
        "eliminated_at": r.eliminated_at, "closed_at": r.closed_at,
        # No deadline: history is not a to-do list (the scheduler would escalate it all).
        "due_step": None, "due_at": None, "escalation_level": 0,
        "updated_at": now, "version": 1,
    }
