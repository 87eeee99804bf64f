"""`python -m bot invite`: a one-time code and its t.me link; only the hash is stored."""

from __future__ import annotations

import asyncio
import hashlib
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bot.cli.main import main
from cases import invites
from storage.db import create_engine
from storage.migrate import migrate
from storage.tables_officials import invites as invite_table
from tests.flows.intake_helpers import HANCHANGBA, MULIANG


def invite_rows(url: str) -> list:  # type: ignore[type-arg]
    async def read() -> list:  # type: ignore[type-arg]
        engine = create_engine(url)
        try:
            await migrate(engine)  # a refused command may not have created the tables
            async with engine.begin() as tx:
                return list((await tx.execute(select(invite_table))).all())
        finally:
            await engine.dispose()

    return asyncio.run(read())


def redeem(url: str, code: str, user_id: int) -> str:
    async def run() -> str:
        engine = create_engine(url)
        try:
            async with engine.begin() as tx:
                result = await invites.redeem(tx, code=code, channel="telegram", user_id=user_id,
                                              chat_id=user_id, display_name="李信息员",
                                              now=datetime.now(UTC))
                return result.outcome
        finally:
            await engine.dispose()

    return asyncio.run(run())


def issue(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["invite", *args]) == 0
    out = capsys.readouterr().out
    match = re.search(r"https://t\.me/safety_net_bot\?start=([A-Za-z0-9_-]+)", out)
    assert match is not None, out
    return match.group(1)


def test_invite_prints_code_and_link_stores_only_the_hash_and_redeems_once(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invite", "--role", "officer", "--division", "汉场坝村"]) == 0
    out = capsys.readouterr().out
    code = re.search(r"code: (\S+)", out).group(1)  # type: ignore[union-attr]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", code)
    assert f"https://t.me/safety_net_bot?start={code}" in out
    assert "汉场坝村" in out and "BOT_USERNAME" not in out

    [row] = invite_rows(cli_db)
    assert row.code_hash == hashlib.sha256(code.encode()).hexdigest()
    assert (row.role, row.division_code, row.created_by) == ("officer", HANCHANGBA, None)
    assert all(code not in str(value) for value in row)

    assert redeem(cli_db, code, 8101) == "joined"
    assert redeem(cli_db, code, 8102) == "used"


def test_without_bot_username_the_link_has_a_placeholder_and_a_hint(
        cli_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_USERNAME", "")
    assert main(["invite", "--role", "town_lead", "--division", MULIANG, "--hours", "1"]) == 0
    out = capsys.readouterr().out
    assert "https://t.me/<bot username>?start=" in out
    assert "Set BOT_USERNAME in .env" in out


@pytest.mark.parametrize(("args", "problem"), [
    (["--role", "officer", "--division", "木凉镇"], "officer is a village role"),
    (["--role", "district_admin", "--division", HANCHANGBA], "is a village"),
    (["--role", "officer", "--division", "没有这个村"], "no division '没有这个村'"),
    (["--role", "officer", "--division", HANCHANGBA, "--hours", "721"], "between 1 and 720"),
    (["--role", "officer", "--division", HANCHANGBA, "--hours", "0"], "between 1 and 720"),
])
def test_a_wrong_division_or_duration_exits_1_and_stores_nothing(
        cli_db: str, capsys: pytest.CaptureFixture[str], args: list[str], problem: str) -> None:
    assert main(["invite", *args]) == 1
    captured = capsys.readouterr()
    assert problem in captured.err
    assert "t.me" not in captured.out
    assert invite_rows(cli_db) == []


def test_a_revoked_code_is_refused_and_an_unknown_code_cannot_be_revoked(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = issue(["--role", "officer", "--division", HANCHANGBA], capsys)
    assert main(["invite", "--revoke", code]) == 0
    assert "revoked" in capsys.readouterr().out
    assert invite_rows(cli_db)[0].revoked_at is not None
    assert redeem(cli_db, code, 8101) == "revoked"

    assert main(["invite", "--revoke", code]) == 1
    assert "already revoked" in capsys.readouterr().err
    assert main(["invite", "--revoke", "no-such-code-at-all-xyz"]) == 1
    assert "no invite with that code" in capsys.readouterr().err


def test_a_used_code_is_not_revoked_and_the_message_points_to_officials_remove(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = issue(["--role", "officer", "--division", HANCHANGBA], capsys)
    assert redeem(cli_db, code, 8101) == "joined"
    assert main(["invite", "--revoke", code]) == 1
    assert "officials remove" in capsys.readouterr().err
