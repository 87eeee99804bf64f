"""Closed cases lose their personal data after the retention period (figures and the timeline's
actions stay); /mydata shows a person what is held and lets them ask for its deletion, which a
district admin approves or refuses with a reason."""

from __future__ import annotations

import itertools
import logging
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.app import App
from bot.settings import Settings
from cases.clock import MovableClock
from cases.statistics import Scope
from cases.stats_query import yearly_statistics
from scheduler.jobs import TimedWork
from storage import reports as report_repo
from storage.cases import events_of
from storage.tables import cases, conversations
from storage.tables_officials import visits as visit_table
from storage.tables_privacy import audit, data_requests
from tests.flows.intake_helpers import HANCHANGBA, outbox_messages
from tests.flows.test_officials_journey import last_text, official
from tests.flows.test_sealed_everywhere import (
    ID_NUMBER,
    KIND_NEIGHBOUR,
    NEIGHBOUR_NAME,
    NEIGHBOUR_PHONE,
    OFFICER,
    PHONE,
    REASON,
    RESIDENT,
    SELF_DESC,
    every_kind_of_sealed_data,
    neighbour_report,
    self_report,
)
from tests.support.flow_chat import FlowChat

DISTRICT, ADMIN = "500119000000", 7902


async def figures(app: App) -> object:
    async with app.db.begin() as tx:
        stats = await yearly_statistics(tx, year=2026, scope=Scope(), register=app.services.divisions,
                                        tz=app.services.programme.timezone,
                                        now=app.services.clock.now())
    return replace(stats, generated_at=None)


async def test_a_closed_case_past_retention_keeps_its_figures_and_loses_its_personal_data(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    await every_kind_of_sealed_data(app, settings, clock, tmp_path)
    async with app.db.begin() as tx:
        await tx.execute(update(cases).values(stage="closed", closed_reason="not_eligible",
                                              closed_at=clock.now(), due_step=None, due_at=None))
        actions_before = [e.action for e in await events_of(tx, 1)]
    work = TimedWork(app.background())
    clock.advance(timedelta(days=1825))
    before = await figures(app)
    await work.anonymise_daily(clock.now())  # five years less a day: kept
    async with app.db.begin() as tx:
        assert (await app.services.cases.by_id(tx, 1)).phone == PHONE  # type: ignore[union-attr]

    clock.advance(timedelta(days=2))
    with caplog.at_level(logging.INFO, logger="cases.retention"):
        await work.anonymise_daily(clock.now())
    assert "anonymised 1 closed case(s)" in caplog.text
    async with app.db.begin() as tx:
        case = await app.services.cases.by_id(tx, 1)
        reports = await report_repo.of_case(tx, app.services.cases.cipher, 1)
        visits = (await tx.execute(select(visit_table.c.notes_enc, visit_table.c.media))).all()
        events = await events_of(tx, 1)
    assert case is not None and case.head_name == "李某"
    assert (case.phone, case.id_number, case.description, case.media) == (None, None, None, [])
    assert case.people == 4 and case.household_id == "HH-SEAL-1" and case.stage == "closed"
    assert all(r.description is None and r.contact_name is None and r.contact_phone is None
               for r in reports) and len(reports) >= 2
    assert visits and all(v.notes_enc is None and v.media == [] for v in visits)
    assert [e.action for e in events] == actions_before  # every action kept
    assert all(e.details.get("reason") in (None, "not_eligible") for e in events)
    assert await figures(app) == before  # the year's figures did not move
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="cases.retention"):
        await TimedWork(app.background()).anonymise_daily(clock.now())  # a restart, same day
    assert "anonymised" not in caplog.text
    timeline = last_text(await FlowChat(app.core, user_id=OFFICER, _updates=itertools.count(900))
                         .send("/case NC-2026-000001"))
    for secret in (PHONE, ID_NUMBER, SELF_DESC, NEIGHBOUR_NAME, REASON):
        assert secret not in timeline


async def test_a_person_sees_what_is_held_and_an_admin_approves_its_deletion(
        app: App, clock: MovableClock) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    admin = await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    resident = await self_report(app)
    await neighbour_report(app, KIND_NEIGHBOUR, "李大山", contact=True)
    shown = last_text(await resident.send("/mydata"))
    for fact in ("NC-2026-000001", "李大山", PHONE, SELF_DESC, "只留姓"):
        assert fact in shown, shown
    assert [b.data for row in resident.history[-1].buttons for b in row] == ["md:erase"]

    neighbour = FlowChat(app.core, user_id=KIND_NEIGHBOUR, _updates=itertools.count(900))
    shown = last_text(await neighbour.send("/mydata"))
    assert NEIGHBOUR_NAME in shown and NEIGHBOUR_PHONE in shown and "邻里反映" in shown
    assert "李大山" not in shown.split("邻里反映")[1]  # their words, not the household's case
    assert "已提交" in last_text(await neighbour.press("请求删除"))
    assert "等待区里审核" in last_text(await neighbour.send("/mydata"))
    [request] = [m for m in await outbox_messages(app) if m.key == "mydata.admin_request"]
    assert request.chat_id == ADMIN and "反映 1 次" in request.text

    officer = FlowChat(app.core, user_id=OFFICER, _updates=itertools.count(900))
    assert "只由区级管理员审核" in last_text(await officer.press_data("dr:approve:1"))
    assert "删除" in last_text(await admin.press_data("dr:approve:1"))
    assert "已经处理过" in last_text(await admin.press_data("dr:refuse:1"))
    async with app.db.begin() as tx:
        [report] = [r for r in await report_repo.of_case(tx, app.services.cases.cipher, 1)
                    if r.source == "neighbour"]
        kept = await app.services.cases.by_id(tx, 1)
        chats = (await tx.execute(select(conversations.c.chat_id))).scalars().all()
        status = (await tx.execute(select(data_requests.c.status))).scalars().all()
        refusals = (await tx.execute(select(audit.c.action, audit.c.reason))).all()
    assert (report.contact_name, report.contact_phone, report.description) == (None, None, None)
    assert kept is not None and kept.phone == PHONE  # the household's own report is theirs
    assert str(KIND_NEIGHBOUR) not in [str(c) for c in chats] and status == ["approved"]
    assert [tuple(r) for r in refusals] == [("erasure:approve", "not_permitted")]
    told = [m for m in await outbox_messages(app) if m.chat_id == KIND_NEIGHBOUR]
    assert told[-1].key == "mydata.erased"


async def test_an_admin_refuses_with_a_reason_the_person_is_told(app: App) -> None:
    admin = await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    resident = await self_report(app)
    await resident.send("/mydata")
    await resident.press("请求删除")
    await admin.press_data("dr:refuse:1")
    assert "理由" in last_text(await admin.send("   "))  # words are needed
    assert "已告知本人" in last_text(await admin.send(REASON))
    async with app.db.begin() as tx:
        case = await app.services.cases.by_id(tx, 1)
        row = (await tx.execute(select(data_requests))).one()
    assert case is not None and case.phone == PHONE and row.status == "refused"
    assert REASON.encode() not in row.reason_enc
    [told] = [m for m in await outbox_messages(app) if m.chat_id == RESIDENT]
    assert told.key == "mydata.refused" and REASON in told.text
