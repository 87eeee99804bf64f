"""Department data comparison (大数据比对): alerts matched to the household register open cases.

Header: department,id_number,household_id,alert_type,amount,date (either id_number or
household_id may be empty). Any bad row loads nothing; rows that match no household go to
a report file; an alert already imported is skipped, so a second import opens nothing.
The file is checked and matched first; cases are then opened in chunks, each its own
transaction, so the bot is never locked out for long.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from cases import id_numbers, intake
from cases.csvfile import CsvError, Problem, read_rows
from cases.household_import import vocabulary
from cases.vocab import ALERT_TYPES
from storage import db
from storage import households as household_repo
from storage import reports as report_repo
from storage.cases import NewCase
from storage.db import Transactions, Tx
from storage.households import Household
from storage.reports import NewReport

COLUMNS = ("department", "id_number", "household_id", "alert_type", "amount", "date")

# Households per transaction: each opens or adds to a case (a dozen statements, ~3 ms
# here), so a chunk of 50 holds SQLite's write lock ~150 ms; 1,000 would hold it 3 s.
CASES_PER_CHUNK = 50

# Which risk an alert points to (the programme's risk types).
RISK_OF_ALERT = {"medical": "illness", "disability": "disability", "disaster": "disaster",
                 "job_loss": "work", "other": "other"}


@dataclass(frozen=True, slots=True)
class AlertRow:
    line: int
    department: str
    id_number: str | None
    household_id: str | None
    alert_type: str
    amount: Decimal | None
    day: date


@dataclass(frozen=True, slots=True)
class Unmatched:
    row: AlertRow
    reason: str


@dataclass(slots=True)
class AlertResult:
    rows: int = 0
    new_alerts: int = 0
    already: int = 0
    opened: list[str] = field(default_factory=list)  # case references
    merged: list[str] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)


def _parse_day(raw: str) -> date | None:
    try:
        return datetime.fromisoformat(raw).date() if "T" in raw or " " in raw \
            else date.fromisoformat(raw)
    except ValueError:
        return None


def parse(path: Path | str, *, today: date, type_labels: Mapping[str, str]) -> list[AlertRow]:
    """Every row checked; CsvError names each bad line and column."""
    types = vocabulary(ALERT_TYPES, type_labels)
    problems: list[Problem] = []
    rows: list[AlertRow] = []
    for line, row in read_rows(path, COLUMNS):
        bad = len(problems)
        department = row.get("department", "")
        if not department or len(department) > 64:
            problems.append(Problem(line, "department", "empty" if not department
                                    else "longer than 64 characters"))
        number = id_numbers.normalise(row.get("id_number")) or None
        if number:
            reason = id_numbers.problem(number, today)
            if reason:
                problems.append(Problem(line, "id_number", reason))
        household_id = row.get("household_id", "") or None
        if not number and not household_id:
            problems.append(Problem(line, "id_number", "give an ID number or a household_id"))
        alert_type = types.get(row.get("alert_type", ""))
        if alert_type is None:
            problems.append(Problem(line, "alert_type", f"{row.get('alert_type', '')!r} is not "
                                    "one of " + ", ".join(ALERT_TYPES)))
        amount: Decimal | None = None
        raw_amount = row.get("amount", "").replace(",", "")
        if raw_amount:
            try:
                amount = Decimal(raw_amount)
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount < 0 or amount >= 10**12:
                problems.append(Problem(line, "amount", f"{raw_amount!r} is not an amount"))
        day = _parse_day(row.get("date", ""))
        if day is None:
            problems.append(Problem(line, "date", f"{row.get('date', '')!r} is not an ISO date"))
        elif day > today:
            problems.append(Problem(line, "date", f"{day.isoformat()} is in the future"))
        if len(problems) == bad:
            rows.append(AlertRow(line, department, number, household_id, alert_type or "",
                                 amount.quantize(Decimal("0.01")) if amount is not None else None,
                                 day or today))
    if problems:
        raise CsvError(problems)
    return rows


async def match(tx: Tx, desk: intake.Desk, rows: list[AlertRow]
                ) -> tuple[list[tuple[AlertRow, Household]], list[Unmatched]]:
    """Each alert's household in the register, by household id or by ID-number hash."""
    cipher = desk.store.cipher
    by_id = await household_repo.many_by_ids(tx, [r.household_id for r in rows if r.household_id])
    hashes = {r.line: cipher.lookup_hash(r.id_number) for r in rows if r.id_number}
    by_hash = await household_repo.many_by_id_hashes(tx, [h for h in hashes.values() if h])
    matched: list[tuple[AlertRow, Household]] = []
    unmatched: list[Unmatched] = []
    for row in rows:
        via_id = by_id.get(row.household_id or "")
        via_number = by_hash.get(hashes.get(row.line) or "")
        if via_id and via_number and via_id.household_id != via_number.household_id:
            unmatched.append(Unmatched(row, "household_id and id_number name different households"))
        elif via := via_id or via_number:
            matched.append((row, via))
        else:
            unmatched.append(Unmatched(row, "no household in the register"))
    return matched, unmatched


def alert_key(desk: intake.Desk, row: AlertRow, household: Household) -> str:
    amount = "" if row.amount is None else str(row.amount)
    return desk.store.cipher.lookup_hash(
        f"alert|{row.department}|{household.household_id}|{row.alert_type}|{amount}|{row.day}"
    ) or ""


def describe(rows: list[AlertRow], type_names: Mapping[str, str]) -> str:
    """What the departments found, one alert per line (stored encrypted as the description)."""
    return "\n".join(
        f"{r.department}：{type_names.get(r.alert_type, r.alert_type)}"
        + (f" {r.amount}" if r.amount is not None else "") + f"（{r.day.isoformat()}）"
        for r in rows)


@dataclass(slots=True)
class AlertPlan:
    """What a checked file would add: each household's new alerts, keyed, in file order."""

    result: AlertResult
    fresh: dict[str, list[tuple[str, AlertRow]]] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)


async def plan(tx: Tx, desk: intake.Desk, rows: list[AlertRow]) -> AlertPlan:
    """Match every row and drop alerts already imported (reads only)."""
    work = AlertPlan(AlertResult(rows=len(rows)))
    matched, work.result.unmatched = await match(tx, desk, rows)
    keyed = [(alert_key(desk, r, h), r, h) for r, h in matched]
    known = await report_repo.known_alert_keys(tx, [k for k, _, _ in keyed])
    for key, row, household in keyed:
        if key in known:
            work.result.already += 1
            continue
        known.add(key)  # the same alert twice in one file counts once
        work.fresh.setdefault(household.household_id, []).append((key, row))
        work.households[household.household_id] = household
    return work


def chunks(work: AlertPlan) -> list[list[str]]:
    """Households per transaction: at most CHUNK_ROWS alerts and CASES_PER_CHUNK households.

    A household's alerts are never split (they make one case report), so a household with
    more than CHUNK_ROWS alerts gets a chunk of its own.
    """
    out: list[list[str]] = [[]]
    alerts = 0
    for household_id, items in work.fresh.items():
        if out[-1] and (alerts + len(items) > db.CHUNK_ROWS or len(out[-1]) >= CASES_PER_CHUNK):
            out.append([])
            alerts = 0
        out[-1].append(household_id)
        alerts += len(items)
    return [chunk for chunk in out if chunk]


async def write(transactions: Transactions, desk: intake.Desk, work: AlertPlan, *,
                now: datetime, type_names: Mapping[str, str],
                progress: Callable[[int, int], None] | None = None) -> AlertResult:
    """Open (or add to) one case per household with new alerts, a chunk per transaction.

    A household's case and its alerts commit together, and each chunk looks again for
    alerts already stored, so an import interrupted half-way completes when run again
    and two runs of one file never take an alert twice.
    """
    done = 0
    for chunk in chunks(work):
        async with transactions() as tx:
            await _write_chunk(tx, desk, work, chunk, now=now, type_names=type_names)
        done += len(chunk)
        if progress:
            progress(done, len(work.fresh))
    return work.result


async def _write_chunk(tx: Tx, desk: intake.Desk, work: AlertPlan, chunk: list[str], *,
                       now: datetime, type_names: Mapping[str, str]) -> None:
    """One transaction's households: their cases, then their alerts."""
    result = work.result
    known = await report_repo.known_alert_keys(
        tx, [key for household_id in chunk for key, _ in work.fresh[household_id]])
    stored: list[dict[str, Any]] = []
    for household_id in chunk:
        alerts = [(key, row) for key, row in work.fresh[household_id] if key not in known]
        result.already += len(work.fresh[household_id]) - len(alerts)
        if not alerts:
            continue
        household = work.households[household_id]
        taken = await _open_case(tx, desk, household, [r for _, r in alerts], now, type_names)
        (result.merged if taken.merged else result.opened).append(taken.case.ref)
        for key, row in alerts:
            stored.append({"alert_key": key, "department": row.department,
                           "household_id": household_id, "alert_type": row.alert_type,
                           "amount": row.amount, "alert_date": row.day,
                           "case_id": taken.case.id, "imported_at": now})
    await report_repo.add_alerts(tx, stored)
    result.new_alerts += len(stored)


async def _open_case(tx: Tx, desk: intake.Desk, household: Household, alert_rows: list[AlertRow],
                     now: datetime, type_names: Mapping[str, str]) -> intake.Intake:
    """A "data" case for the household, or a further report on its open case."""
    town = desk.register.town_of(household.village_code)
    risks = list(dict.fromkeys(RISK_OF_ALERT[r.alert_type] for r in alert_rows))
    description = describe(alert_rows, type_names)
    # The register's phone goes on the case so the officer can call before the visit.
    new = NewCase(source="data", village_code=household.village_code,
                  town_code=town.code if town else household.village_code,
                  head_name=household.head_name, people=household.members,
                  id_number=desk.store.cipher.decrypt(household.id_number_enc),
                  phone=desk.store.cipher.decrypt(household.phone_enc),
                  risk_types=risks, urgent=False, reported_at=now,
                  household_id=household.household_id, description=description)
    report = NewReport(source="data", at=now, risk_types=risks, description=description)
    return await intake.submit(tx, desk, new=new, report=report, now=now,
                               actor_kind="system", actor_id=None)
