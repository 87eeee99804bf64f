"""Reports about cases: the first one and each further one merged in; rate-limit look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, update

from storage.crypto import FieldCipher
from storage.db import Tx
from storage.tables import cases
from storage.tables_intake import case_reports


@dataclass(frozen=True, slots=True)
class NewReport:
    """One report as it reaches a case. Contact fields are kept only when contact_ok."""

    source: str
    at: datetime
    risk_types: list[str]
    description: str | None = None
    media: list[dict[str, str]] = field(default_factory=list)
    reporter_hash: str | None = None
    household_key: str | None = None
    notify_channel: str | None = None
    notify_chat_id: str | None = None
    notify_lang: str | None = None
    contact_ok: bool = False
    contact_name: str | None = None
    contact_phone: str | None = None
    household_knows: str | None = None
    group_name: str | None = None


@dataclass(frozen=True, slots=True)
class ReportRecord:
    id: int
    case_id: int
    at: datetime
    source: str
    opened_case: bool
    contact_ok: bool
    contact_name: str | None
    contact_phone: str | None
    household_knows: str | None
    group_name: str | None
    risk_types: list[str]
    description: str | None
    notify_channel: str | None
    notify_chat_id: str | None
    notify_lang: str | None


async def add(tx: Tx, cipher: FieldCipher, case_id: int, report: NewReport, *,
              opened_case: bool) -> int:
    """Store a report; the reporter's name and phone only if they agreed to be contacted."""
    contact = report.contact_ok
    chat = str(report.notify_chat_id) if report.notify_chat_id is not None else None
    result = await tx.execute(case_reports.insert().values(
        case_id=case_id, at=report.at, source=report.source, opened_case=opened_case,
        reporter_hash=report.reporter_hash, household_key=report.household_key,
        notify_channel=report.notify_channel, notify_chat_enc=cipher.encrypt(chat),
        notify_lang=report.notify_lang, contact_ok=contact,
        contact_name_enc=cipher.encrypt(report.contact_name) if contact else None,
        contact_phone_enc=cipher.encrypt(report.contact_phone) if contact else None,
        household_knows=report.household_knows, group_name=report.group_name,
        risk_types=list(report.risk_types), description_enc=cipher.encrypt(report.description),
        media=list(report.media),
    ).returning(case_reports.c.id))
    return int(result.scalar_one())


def _record(row: Any, cipher: FieldCipher) -> ReportRecord:
    chat = cipher.decrypt(row.notify_chat_enc)
    return ReportRecord(
        row.id, row.case_id, row.at, row.source, row.opened_case, row.contact_ok,
        cipher.decrypt(row.contact_name_enc), cipher.decrypt(row.contact_phone_enc),
        row.household_knows, row.group_name, list(row.risk_types or []),
        cipher.decrypt(row.description_enc), row.notify_channel,
        chat, row.notify_lang)


async def of_case(tx: Tx, cipher: FieldCipher, case_id: int) -> list[ReportRecord]:
    rows = (await tx.execute(select(case_reports).where(case_reports.c.case_id == case_id)
                             .order_by(case_reports.c.id))).all()
    return [_record(r, cipher) for r in rows]


@dataclass(frozen=True, slots=True)
class OwnReport:
    """A report as its reporter may see it again (/mydata): what they said, nothing else."""

    at: datetime
    source: str
    risk_types: list[str]
    description: str | None
    contact_name: str | None
    contact_phone: str | None
    media: int


async def own_reports(tx: Tx, cipher: FieldCipher, reporter_hash: str) -> list[OwnReport]:
    rows = (await tx.execute(select(case_reports).where(
        case_reports.c.reporter_hash == reporter_hash).order_by(case_reports.c.at))).all()
    return [OwnReport(r.at, r.source, list(r.risk_types or []), cipher.decrypt(r.description_enc),
                      cipher.decrypt(r.contact_name_enc), cipher.decrypt(r.contact_phone_enc),
                      len(r.media or [])) for r in rows]


async def erase_own_reports(tx: Tx, reporter_hash: str) -> int:
    """Everything a reporter said or gave, gone from their reports (the reports still count)."""
    result = await tx.execute(update(case_reports).where(
        case_reports.c.reporter_hash == reporter_hash).values(
        notify_channel=None, notify_chat_enc=None, contact_name_enc=None, contact_phone_enc=None,
        description_enc=None, media=[]))
    return result.rowcount or 0


async def count_by_reporter_since(tx: Tx, reporter_hash: str, since: datetime) -> int:
    return int((await tx.execute(select(func.count()).select_from(case_reports).where(
        case_reports.c.reporter_hash == reporter_hash, case_reports.c.at >= since))).scalar() or 0)


async def neighbour_reports_of(tx: Tx, reporter_hash: str) -> tuple[int, int]:
    """How many reports this neighbour made, and how many of those cases were handled."""
    row = (await tx.execute(select(func.count(), func.count(case_reports.c.thanked_at)).where(
        case_reports.c.reporter_hash == reporter_hash))).one()
    return int(row[0]), int(row[1])


async def reported_household_since(tx: Tx, reporter_hash: str, household_keys: list[str],
                                   since: datetime, case_id: int | None = None) -> bool:
    """Did this reporter report this household (by key, or into this case) since then?"""
    match: list[ColumnElement[bool]] = (
        [case_reports.c.household_key.in_(household_keys)] if household_keys else [])
    if case_id is not None:
        match.append(case_reports.c.case_id == case_id)
    if not match:
        return False
    row = (await tx.execute(select(case_reports.c.id).where(
        case_reports.c.reporter_hash == reporter_hash, case_reports.c.at >= since,
        or_(*match)).limit(1))).first()
    return row is not None


async def find_open_case_id(tx: Tx, *, household_id: str | None, id_number_hash: str | None,
                            village_code: str, head_name: str | None) -> int | None:
    """The oldest open case of the same household: same household id, ID number, or village + name.

    A name is not unique in a village: a case whose ID number or register id differs from
    the report's is another household of the same name, and is not matched by name.
    """
    match = []
    if household_id:
        match.append(cases.c.household_id == household_id)
    if id_number_hash:
        match.append(cases.c.id_number_hash == id_number_hash)
    if head_name:
        same_name = (cases.c.village_code == village_code) & (cases.c.head_name == head_name)
        if id_number_hash:
            same_name &= cases.c.id_number_hash.is_(None) | (cases.c.id_number_hash == id_number_hash)
        if household_id:
            same_name &= cases.c.household_id.is_(None) | (cases.c.household_id == household_id)
        match.append(same_name)
    if not match:
        return None
    row = (await tx.execute(select(cases.c.id).where(cases.c.stage != "closed", or_(*match))
                            .order_by(cases.c.id).limit(1))).first()
    return int(row.id) if row else None


async def to_thank(tx: Tx, cipher: FieldCipher, case_id: int) -> list[ReportRecord]:
    """Neighbour reports of a case whose reporter has not yet been told it was handled."""
    rows = (await tx.execute(select(case_reports).where(
        case_reports.c.case_id == case_id, case_reports.c.source == "neighbour",
        case_reports.c.notify_chat_enc.is_not(None), case_reports.c.thanked_at.is_(None))
        .order_by(case_reports.c.id))).all()
    return [_record(r, cipher) for r in rows]


async def mark_thanked(tx: Tx, report_ids: list[int], now: datetime) -> None:
    if report_ids:
        await tx.execute(update(case_reports).where(case_reports.c.id.in_(report_ids))
                         .values(thanked_at=now))


@dataclass(frozen=True, slots=True)
class Contact:
    """An official to tell about a case, and where."""

    official_id: int
    channel: str
    chat_id: str


async def officials_to_tell(tx: Tx, *, owner_id: int | None, village_code: str,
                            town_code: str) -> list[Contact]:
    """The case's owner; without one, the village's officers; without those, the town leads."""
    from storage.tables import official_roles, officials

    base = select(officials.c.id, officials.c.channel, officials.c.chat_id).where(
        officials.c.active, ~officials.c.unreachable)
    if owner_id is not None:
        rows = (await tx.execute(base.where(officials.c.id == owner_id))).all()
        if rows:
            return [Contact(r.id, r.channel, r.chat_id) for r in rows]
    for role, division in (("officer", village_code), ("town_lead", town_code)):
        rows = (await tx.execute(base.join(
            official_roles, official_roles.c.official_id == officials.c.id).where(
            official_roles.c.role == role, official_roles.c.division_code == division,
            official_roles.c.active).order_by(officials.c.id).distinct())).all()
        if rows:
            return [Contact(r.id, r.channel, r.chat_id) for r in rows]
    return []


# --- department data alerts -------------------------------------------------------------

async def known_alert_keys(tx: Tx, keys: list[str]) -> set[str]:
    """Which of these alerts an earlier import already took."""
    from storage.tables_intake import data_alerts

    found: set[str] = set()
    for start in range(0, len(keys), 500):
        rows = (await tx.execute(select(data_alerts.c.alert_key).where(
            data_alerts.c.alert_key.in_(keys[start:start + 500])))).all()
        found.update(r.alert_key for r in rows)
    return found


async def add_alerts(tx: Tx, rows: list[dict[str, Any]]) -> None:
    """Store alerts: alert_key, department, household_id, alert_type, amount, alert_date,
    case_id, imported_at."""
    from storage.tables_intake import data_alerts

    if rows:
        await tx.execute(data_alerts.insert(), rows)


# --- officials opening a case they found on a visit ---------------------------------------

@dataclass(frozen=True, slots=True)
class Finder:
    """An active official and the (role, division) grants they hold."""

    official_id: int
    grants: list[tuple[str, str]]


async def finder(tx: Tx, channel: str, user_id: str) -> Finder | None:
    """The active official behind a chat user, or None for everyone else."""
    from storage.tables import official_roles, officials

    rows = (await tx.execute(
        select(officials.c.id, official_roles.c.role, official_roles.c.division_code)
        .join(official_roles, official_roles.c.official_id == officials.c.id)
        .where(officials.c.channel == channel, officials.c.user_id == user_id,
               officials.c.active, official_roles.c.active)
        .order_by(official_roles.c.id))).all()
    if not rows:
        return None
    return Finder(rows[0].id, [(r.role, r.division_code) for r in rows])


async def contacts_of(tx: Tx, official_ids: list[int]) -> list[Contact]:
    """Where to reach these officials (the ones routing just sent a case card to)."""
    from storage.tables import officials

    if not official_ids:
        return []
    rows = (await tx.execute(select(officials.c.id, officials.c.channel, officials.c.chat_id)
                             .where(officials.c.id.in_(official_ids))
                             .order_by(officials.c.id))).all()
    return [Contact(r.id, r.channel, r.chat_id) for r in rows]
