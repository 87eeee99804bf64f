"""What the due scan needs to know about each due case besides the case itself — who may be
told (the holders of its village, town and district, and its owner) and the facts a climb
notice shows (household head, 组) — read as columns of the scan's own read on PostgreSQL, so a
tick reads in one statement, not one more per kind of fact."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, func, literal, not_, select

from storage.case_facts import Facts, facts_from
from storage.officials import OfficialRecord, RoleGrant
from storage.tables import divisions, official_roles, officials
from storage.tables_intake import case_reports, households
from storage.tables_scheduling import scheduler_state


def context_columns(rows: Any) -> list[ColumnElement[Any]]:
    """Columns for a select over the due rows `rows` (a subquery with id, village_code,
    town_code, owner_id, household_id): `holders` (JSON: role, division, id, channel, user_id,
    chat_id, display_name of every active, reachable holder of the three divisions, by id),
    `owner` (JSON: id, channel, user_id, chat_id, display_name, active, unreachable),
    `registered_group` and `reported_groups` (the 组 of the household, and of every report)."""
    district = select(divisions.c.parent_code).where(
        divisions.c.code == rows.c.town_code).correlate(rows).scalar_subquery()
    holders = select(func.json_agg(aggregate_order_by(func.json_build_array(
        official_roles.c.role, official_roles.c.division_code, officials.c.id,
        officials.c.channel, officials.c.user_id, officials.c.chat_id, officials.c.display_name),
        officials.c.id, official_roles.c.id))).select_from(
        official_roles.join(officials, officials.c.id == official_roles.c.official_id)).where(
        official_roles.c.division_code.in_([rows.c.village_code, rows.c.town_code, district]),
        official_roles.c.active, officials.c.active, not_(officials.c.unreachable))
    owner = select(func.json_build_array(
        officials.c.id, officials.c.channel, officials.c.user_id, officials.c.chat_id,
        officials.c.display_name, officials.c.active, officials.c.unreachable)).where(
        officials.c.id == rows.c.owner_id)
    registered = select(households.c.group_name).where(
        households.c.household_id == rows.c.household_id).limit(1)
    reported = select(func.array_agg(aggregate_order_by(case_reports.c.group_name,
                                                        case_reports.c.id))).where(
        and_(case_reports.c.case_id == rows.c.id, case_reports.c.group_name.is_not(None)))
    notes = select(func.json_object_agg(scheduler_state.c.name, scheduler_state.c.value)).where(
        scheduler_state.c.name.in_([literal("vacant:") + code for code in (
            rows.c.village_code, rows.c.town_code, district)]))
    return [holders.scalar_subquery().label("holders"), owner.scalar_subquery().label("owner"),
            notes.scalar_subquery().label("vacancy_notes"),
            registered.scalar_subquery().label("registered_group"),
            reported.scalar_subquery().label("reported_groups"),
            literal(True).label("with_context")]


def aggregate_order_by(target: Any, *order: Any) -> Any:
    from sqlalchemy.dialects.postgresql import aggregate_order_by as ordered

    return ordered(target, *order)


def facts_of_rows(rows: list[Any]) -> dict[int, Facts]:
    """The facts (head, 组) of due rows read with context_columns, as facts_of gives them."""
    return {row.id: facts_from(row.head_name, row.registered_group, row.reported_groups or ())
            for row in rows}


def vacancy_notes_of_rows(rows: list[Any], register: Any) -> dict[str, str | None]:
    """When each of the rows' divisions had its vacancy last reported ("vacant:CODE" → ISO
    time, None: never), from due rows read with context_columns."""
    notes: dict[str, str | None] = {}
    for row in rows:
        town = register.get(row.town_code)
        for code in (row.village_code, row.town_code, town.parent_code if town else None):
            if code is not None:
                notes.setdefault(f"vacant:{code}", None)
        notes.update(row.vacancy_notes or {})
    return notes


def people_of_rows(rows: list[Any]) -> tuple[dict[tuple[str, str], list[OfficialRecord]],
                                             dict[int, OfficialRecord]]:
    """Who holds what (role, division) → officials by id, and the owners by id, from due rows
    read with context_columns (as officials.for_divisions gives them)."""
    held: dict[tuple[str, str], list[OfficialRecord]] = {}
    owners: dict[int, OfficialRecord] = {}
    for row in rows:
        for role, code, official_id, channel, user_id, chat_id, name in row.holders or ():
            people = held.setdefault((role, code), [])
            if all(p.id != official_id for p in people):
                people.append(OfficialRecord(official_id, channel, str(user_id), str(chat_id),
                                             name, True, False, [RoleGrant(role, code)]))
        if row.owner is not None:
            official_id, channel, user_id, chat_id, name, active, unreachable = row.owner
            owners[official_id] = OfficialRecord(official_id, channel, str(user_id),
                                                 str(chat_id), name, active, unreachable)
    return held, owners
