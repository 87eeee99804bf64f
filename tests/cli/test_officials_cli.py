"""`python -m bot officials list|remove`: who holds which role, and taking a role away sends
the official's open cases back to routing."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.cli.main import main
from bot.settings import Settings
from cases import invites
from storage.cases import events_of
from storage.tables import cases, outbox
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.support.casework import act_as, report_case


def join(role: str, division: str, user_id: int, name: str,
         capsys: pytest.CaptureFixture[str]) -> int:
    """Invite through the CLI and redeem the code as that Telegram user; the official's id."""
    assert main(["invite", "--role", role, "--division", division]) == 0
    code = re.search(r"code: (\S+)", capsys.readouterr().out).group(1)  # type: ignore[union-attr]

    async def redeem() -> int:
        app = await build_app(Settings())
        try:
            async with app.db.begin() as tx:
                result = await invites.redeem(tx, code=code, channel="telegram", user_id=user_id,
                                              chat_id=user_id, display_name=name,
                                              now=datetime.now(UTC))
        finally:
            await app.close()
        assert result.outcome == "joined" and result.official is not None
        return result.official.id

    return asyncio.run(redeem())


def open_case_accepted_by(official_id: int) -> int:
    """A case reported in 汉场坝村 through intake (cards go out), accepted by the official."""
    async def run() -> int:
        app = await build_app(Settings())
        try:
            case = await report_case(app, village=HANCHANGBA, town=MULIANG)
            case = await act_as(app, official_id, case.id, "accept")
            assert case.owner_id == official_id
            return case.id
        finally:
            await app.close()

    return asyncio.run(run())


def case_state(case_id: int, chat_id: int) -> tuple[int | None, list[str], int]:
    """The case's owner, its timeline's actions, and the fresh case cards queued for a chat."""
    async def read() -> tuple[int | None, list[str], int]:
        app = await build_app(Settings())
        try:
            async with app.db.begin() as tx:
                owner = (await tx.execute(select(cases.c.owner_id).where(
                    cases.c.id == case_id))).scalar_one()
                actions = [e.action for e in await events_of(tx, case_id)]
                cards = len((await tx.execute(select(outbox.c.id).where(
                    outbox.c.chat_id == chat_id, outbox.c.key == "case.card",
                    outbox.c.case_id == case_id, outbox.c.edit_of.is_(None)))).all())
        finally:
            await app.close()
        return owner, actions, cards

    return asyncio.run(read())


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def listing(capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["officials", "list"]) == 0
    return capsys.readouterr().out.splitlines()


def test_list_shows_each_official_role_and_division(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0  # a read-only command never creates the database
    capsys.readouterr()
    assert main(["officials", "list"]) == 0
    assert "no officials yet" in capsys.readouterr().out

    officer = join("officer", "汉场坝村", 8101, "李信息员", capsys)
    lead = join("town_lead", MULIANG, 8201, "张镇长", capsys)
    header, *lines = listing(capsys)
    assert header.split() == ["ID", "NAME", "TELEGRAM", "ID", "ROLE", "DIVISION", "STATUS"]
    assert lines[0].split() == [str(officer), "李信息员", "8101", "officer", HANCHANGBA,
                                "汉场坝村", "active"]
    assert lines[1].split() == [str(lead), "张镇长", "8201", "town_lead", MULIANG, "木凉镇",
                                "active"]
    # Aligned: the role column starts at the same terminal column on every line (a Chinese
    # character takes two columns).
    assert len({columns(line[:line.index(word)]) for line, word in zip(
        [header, *lines], ["ROLE", "officer", "town_lead"], strict=True)}) == 1


def test_remove_reroutes_the_officials_open_case_to_the_other_village_officer(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    leaving = join("officer", HANCHANGBA, 8101, "李信息员", capsys)
    join("officer", HANCHANGBA, 8102, "王信息员", capsys)
    case_id = open_case_accepted_by(leaving)
    _, _, cards_before = case_state(case_id, 8102)
    assert cards_before == 1  # the new case's card reached both officers

    assert main(["officials", "remove", "--official", str(leaving)]) == 0
    out = capsys.readouterr().out
    assert "1 role grant(s) ended" in out and "1 open case(s) sent back to routing" in out

    owner, actions, cards_after = case_state(case_id, 8102)
    assert owner is None
    assert actions[-1] == "rerouted"
    assert cards_after == cards_before + 1  # a fresh card for the officer who stays
    _, _, cards_for_leaver = case_state(case_id, 8101)
    assert cards_for_leaver == 1  # none new for the one who left

    lines = listing(capsys)
    assert lines[1].split()[1] == "李信息员" and lines[1].split()[-1] == "removed"
    assert lines[2].split()[1] == "王信息员" and lines[2].split()[-1] == "active"

    assert main(["officials", "remove", "--official", str(leaving)]) == 1
    assert "holds no active role" in capsys.readouterr().err


def test_removing_one_division_keeps_the_other_role_and_its_cases(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    official = join("officer", HANCHANGBA, 8101, "李信息员", capsys)
    join("town_lead", MULIANG, 8101, "李信息员", capsys)  # the same person, a second role
    case_id = open_case_accepted_by(official)

    assert main(["officials", "remove", "--official", str(official), "--division", "木凉镇"]) == 0
    out = capsys.readouterr().out
    assert "1 role grant(s) on 木凉镇" in out and "0 open case(s)" in out
    owner, actions, _ = case_state(case_id, 8101)
    assert owner == official and "rerouted" not in actions

    statuses = [line.split()[-1] for line in listing(capsys)[1:]]
    assert statuses == ["active", "removed"]


def test_unknown_official_or_division_exits_1(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["officials", "remove", "--official", "999"]) == 1
    assert "no official with id 999" in capsys.readouterr().err
    official = join("officer", HANCHANGBA, 8101, "李信息员", capsys)
    assert main(["officials", "remove", "--official", str(official), "--division", "无此镇"]) == 1
    assert "no division '无此镇'" in capsys.readouterr().err
    assert listing(capsys)[1].split()[-1] == "active"
