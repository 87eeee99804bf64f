"""Every authorization refusal is audited — who, what, which case, why — without personal data;
a stale button or a badly typed answer is not; `python -m bot audit` lists them; three years."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.cli.audit import list_refusals
from bot.cli.main import build_parser
from bot.settings import Settings
from cases.clock import MovableClock
from scheduler.pruning import Windows, prune
from storage import officials as official_repo
from storage.tables_privacy import audit
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.flows.test_officials_journey import (
    LEAD,
    OFFICER,
    RESIDENT,
    STRANGER,
    declare,
    last_text,
    official,
)
from tests.support.flow_chat import FlowChat

CHANGPING = "500119102201"  # 长坪村 in 河图镇


async def audit_rows(app: App) -> list[tuple[object, ...]]:
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(audit).order_by(audit.c.id))).all()
    return [(r.actor, r.official_id, r.action, r.case_ref, r.reason) for r in rows]


async def version(app: App) -> int:
    async with app.db.begin() as tx:
        case = await app.services.cases.by_id(tx, 1)
    assert case is not None
    return case.version


async def test_refusals_of_every_kind_are_audited_and_nothing_else(
        app: App, clock: MovableClock) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    stranger = await official(app, STRANGER, "officer", CHANGPING, "外村信息员")
    resident = await declare(app)
    officer_id, stranger_id = 1, 3

    # A resident pressing an official's button, and asking for a case by reference.
    assert "只对工作人员开放" in last_text(await resident.press_data("c:accept:1:1"))
    await resident.send("/case NC-2026-000001")
    # An official outside their divisions; an officer forging the town lead's approval.
    await stranger.send("/case NC-2026-000001")
    await officer.press_data(f"c:accept:1:{await version(app)}")
    denied = await officer.press_data(f"c:approve:1:{await version(app)}")
    assert "您的角色不能" in last_text(denied)
    # Not refusals: a stale button, an unknown button, /join without a code, a bad year.
    await officer.press_data("c:accept:1:1")
    await officer.press_data("c:fly:1:1")
    await FlowChat(app.core, user_id=8001).send("/join")
    # /stats and /invite for an officer; /stats for a resident; a wrong invite code.
    await officer.send("/stats")
    await officer.send("/invite")
    await resident.send("/stats")
    assert "邀请码不对" in last_text(await FlowChat(app.core, user_id=8002).send("/join nope"))
    # A removed official pressing a card button.
    async with app.db.begin() as tx:
        await official_repo.revoke(tx, officer_id, clock.now())
    await officer.press_data(f"c:visit:1:{await version(app)}")

    ref = "NC-2026-000001"
    assert await audit_rows(app) == [
        ("person", None, "accept", ref, "not_official"),
        ("person", None, "/case", ref, "not_official"),
        ("official", stranger_id, "view", ref, "out_of_scope"),
        ("official", officer_id, "approve", ref, "not_permitted"),
        ("official", officer_id, "/stats", None, "not_permitted"),
        ("official", officer_id, "/invite", None, "not_permitted"),
        ("person", None, "/stats", None, "not_official"),
        ("person", None, "/join", None, "join_unknown"),
        ("removed", officer_id, "visit", ref, "role_removed"),
    ]
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(audit))).all()
    people = [r for r in rows if r.actor == "person"]
    assert len({r.actor_hash for r in people}) == 2 and all(len(r.actor_hash) == 64 for r in people)
    for r in rows:  # who is an official's id or a keyed hash: no chat id, name or phone
        values = [str(v) for v in r]
        assert str(RESIDENT) not in values and "8002" not in values
        assert not any("王秀英" in v or "13800138000" in v for v in values)
    assert rows[2].roles == f"officer@{CHANGPING}"


async def test_the_audit_command_lists_filters_and_writes_csv(
        app: App, settings: Settings, clock: MovableClock,
        capsys: pytest.CaptureFixture[str]) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "=HYPERLINK(\"x\")")
    stranger = await official(app, STRANGER, "officer", CHANGPING, "外村信息员")
    await declare(app)
    await stranger.send("/case NC-2026-000001")
    await FlowChat(app.core, user_id=8002).send("/join nope")
    capsys.readouterr()
    assert await list_refusals(settings, clock, since=date(2026, 1, 1), official_id=None,
                               case_ref=None, as_csv=False) == 0
    text = capsys.readouterr().out
    assert "外村信息员" in text and "out_of_scope" in text and "join_unknown" in text
    assert await list_refusals(settings, clock, since=date(2026, 1, 1), official_id=2,
                               case_ref="nc-2026-000001", as_csv=True) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["official_id"], r["action"], r["case"], r["reason"]) for r in rows] == [
        ("2", "view", "NC-2026-000001", "out_of_scope")]
    assert await list_refusals(settings, clock, since=date(2026, 3, 3), official_id=None,
                               case_ref=None, as_csv=False) == 0
    assert "no refusals since 2026-03-03" in capsys.readouterr().out
    args = build_parser().parse_args(["audit", "--since", "2026-01-01", "--official", "3",
                                      "--case", "NC-2026-000001", "--csv"])
    assert (args.since, args.official, args.case, args.csv) == (
        date(2026, 1, 1), 3, "NC-2026-000001", True)


async def test_refusals_are_kept_three_years(app: App, clock: MovableClock) -> None:
    await FlowChat(app.core, user_id=8002).send("/join nope")
    later = clock.now() + timedelta(days=3 * 365)
    assert (await prune(app.db, later, Windows()))["audit"] == 0
    assert (await prune(app.db, later + timedelta(days=1), Windows()))["audit"] == 1
