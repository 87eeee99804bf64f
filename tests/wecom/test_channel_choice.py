"""An official chooses where their cards go: joined on Telegram, they ask /channel for a code
and send it from WeCom; their account (roles, cases) moves there and so do their cards."""

from __future__ import annotations

import re
from datetime import timedelta

from cases import invites
from storage import officials as officials_repo
from tests.flows.intake_helpers import HANCHANGBA, MULIANG
from tests.support.casework import report_case
from tests.support.e2e import say
from tests.support.wecom import WeComBot, until

CODE = re.compile(r"/join (\S+)")


async def invite(bot: WeComBot, role: str, division: str) -> str:
    app = bot.bot.app
    async with app.db.begin() as tx:
        return await invites.issue(tx, role=role, division_code=division, created_by=None,
                                   now=app.services.clock.now(), valid_for=timedelta(hours=1))


async def test_an_official_moves_their_cards_from_telegram_to_wecom(running: WeComBot) -> None:
    app = running.bot.app
    officer = running.bot.fake.user(user_id=8801, first_name="李信息员", language_code="zh-hans")
    await say(officer, "send_text", f"/join {await invite(running, 'officer', HANCHANGBA)}",
              words="欢迎")
    offer = await say(officer, "send_text", "/channel", words="企业微信")
    found = CODE.search(offer.plain)
    assert found is not None, offer.plain
    assert "发到这里（Telegram）" in offer.plain

    in_wecom = running.wecom.user("li.xinxi")
    in_wecom.send_text(f"/join {found.group(1)}")
    await until(running, in_wecom, "以后都发到这里（企业微信）")
    async with app.db.begin() as tx:
        moved = await officials_repo.by_user(tx, "wecom", "li.xinxi")
        left = await officials_repo.by_user(tx, "telegram", "8801")
    assert moved is not None and [g.division_code for g in moved.roles] == [HANCHANGBA]
    assert left is None

    # A new case in the officer's village: its card comes to WeCom, none to Telegram.
    case = await report_case(app, village=HANCHANGBA, town=MULIANG)
    card = await until(running, in_wecom, case.ref)
    assert card.kind == "template_card" and card.buttons
    assert not any(case.ref in m.plain for m in officer.all_messages)

    # The code is spent: sent again (from anywhere) it is a wrong invite code.
    before = len(in_wecom.all_messages)
    in_wecom.send_text(f"/join {found.group(1)}")
    answer = await until(running, in_wecom, "", since=before)
    assert "以后都发到这里" not in answer.text


async def test_an_account_that_is_an_official_already_is_not_merged(running: WeComBot) -> None:
    officer = running.bot.fake.user(user_id=8802, first_name="王信息员", language_code="zh-hans")
    await say(officer, "send_text", f"/join {await invite(running, 'officer', HANCHANGBA)}",
              words="欢迎")
    other = running.wecom.user("zhang.zhen")
    other.send_text(f"/join {await invite(running, 'town_lead', MULIANG)}")
    await until(running, other, "欢迎")
    offer = await say(officer, "send_text", "/channel", words="企业微信")
    found = CODE.search(offer.plain)
    assert found is not None
    other.send_text(f"/join {found.group(1)}")
    await until(running, other, "不能合并")
    async with running.bot.app.db.begin() as tx:
        assert await officials_repo.by_user(tx, "telegram", "8802") is not None


async def test_residents_are_told_the_command_is_for_officials(running: WeComBot) -> None:
    resident = running.bot.fake.user(user_id=8803, first_name="赵", language_code="zh-hans")
    await say(resident, "send_text", "/channel", words="给工作人员用")
