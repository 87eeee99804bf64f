"""Removing a village's last officer sends their cases up the chain and tells the district's
admins that the village has no official, as a new report there would."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.cli.main import main
from bot.settings import Settings
from storage.tables import outbox
from tests.cli.test_officials_cli import case_state, join, open_case_accepted_by
from tests.flows.intake_helpers import HANCHANGBA, MULIANG


def vacancy_notices(chat_id: int) -> list[dict[str, object]]:
    async def read() -> list[dict[str, object]]:
        app = await build_app(Settings())
        try:
            async with app.db.begin() as tx:
                return [dict(r.params) for r in (await tx.execute(select(outbox.c.params).where(
                    outbox.c.chat_id == chat_id, outbox.c.key == "chase.vacant"))).all()]
        finally:
            await app.close()
    return asyncio.run(read())


def test_removing_the_last_officer_tells_the_district(
        cli_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    leaving = join("officer", HANCHANGBA, 8101, "李信息员", capsys)
    join("town_lead", MULIANG, 8201, "张镇长", capsys)
    join("district_admin", "南川区", 8301, "区管理员", capsys)
    case_id = open_case_accepted_by(leaving)
    assert vacancy_notices(8301) == []  # the village had its officer when the report came

    assert main(["officials", "remove", "--official", str(leaving)]) == 0
    capsys.readouterr()
    _, actions, town_cards = case_state(case_id, 8201)
    assert actions[-1] == "rerouted" and town_cards == 1  # the town lead holds it now
    [notice] = vacancy_notices(8301)
    assert notice["division"] == "汉场坝村" and notice["role"] == {"key": "due.level.0"}
