"""A daughter files for her mother (代为申报) over the real frameworks and the fake Bot API;
the mother confirms by the one-time link, or by sharing her own contact."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from storage.tables import cases
from storage.tables_proxy import proxy_filings
from tests.flows.intake_helpers import HANCHANGBA, add_official
from tests.support.e2e import RunningBot, say

MOTHER_PHONE = "13912345678"


async def daughter_files(bot: RunningBot) -> tuple[Any, str]:
    """The filing, up to the reference and the link; returns the daughter and the link."""
    daughter = bot.fake.user(user_id=9701, first_name="张丽", language_code="zh-hans")
    await say(daughter, "send_text", "/start", words="您同意吗")
    await say(daughter, "press", "✅ 同意并开始", words="请选择您要办理的事项")
    await say(daughter, "press", "🏠 申报本户困难", words="替家人或我帮助的人申报")
    await say(daughter, "press", "👪 我是替家人或我帮助的人申报", words="什么关系")
    await say(daughter, "press", "子女", words="您自己的名字")
    await say(daughter, "send_text", "张丽", words="这户人家在哪个")
    assert "会看到是张丽（子女）" in daughter.messages[-2].plain
    await say(daughter, "press", "木凉镇", words="第 2 步")
    await say(daughter, "press", "汉场坝村", words="户主的姓名")
    await say(daughter, "send_text", "李桂兰", words="自己的电话")
    assert not daughter.last.reply_keyboard or not any(
        b.get("request_contact") for row in daughter.last.reply_keyboard for b in row)
    await say(daughter, "send_text", MOTHER_PHONE, words="第 5 步")
    await say(daughter, "press", "1", words="第 6 步")
    await say(daughter, "press", "因病", words="✅ 因病")
    await say(daughter, "press", "完成", words="第 7 步")
    await say(daughter, "send_text", "老人一个人住，腿脚不好", words="第 8 步")
    await say(daughter, "press", "否", words="请核对")
    assert "代为申报：张丽（子女）" in daughter.last.plain
    await say(daughter, "press", "✅ 提交", words="请选择您要办理的事项")
    text = "\n".join(m.plain for m in daughter.messages[-3:])
    assert "NC-2026-000001" in text, daughter.transcript()
    link = re.search(r"https://t\.me/safety_net_bot\?start=(pf-[A-Za-z0-9_-]{22})", text)
    assert link is not None, text
    return daughter, link.group(1)


async def test_the_mother_confirms_by_the_link(bot: RunningBot) -> None:
    await add_official(bot.app, user_id=9801, division=HANCHANGBA)
    officer = bot.fake.user(user_id=9801, first_name="村干部", language_code="zh-hans")
    daughter, code = await daughter_files(bot)
    await bot.settle()
    card = next(m for m in officer.messages if "NC-2026-000001" in m.plain)
    assert "待本人确认" in card.plain

    mother = bot.fake.user(user_id=9702, first_name="李桂兰", language_code="zh-hans")
    await say(mother, "send_text", f"/start {code}", words="是您本人同意的吗")
    assert "张丽（子女）" in mother.last.plain
    await say(mother, "press", "✅ 是，我确认", words="以后能看到哪些")
    await say(mother, "press", "只看编号和进度（推荐）", words="请选择您要办理的事项")
    await say(daughter, "send_text", "/status", words="请选择您要办理的事项")
    await bot.settle()
    assert any("户主已确认" in m.plain for m in daughter.messages)
    await say(mother, "send_text", "/status", words="请选择您要办理的事项")
    assert "NC-2026-000001" in mother.messages[-2].plain
    assert not bot.fake.unanswered_callbacks()
    async with bot.app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        filing = (await tx.execute(select(proxy_filings))).one()
    assert case.source == "self" and filing.status == "confirmed"
    assert filing.confirmed_via == "link" and filing.household_chat_id == "9702"


async def test_the_mother_confirms_by_sharing_her_contact(bot: RunningBot) -> None:
    daughter, _ = await daughter_files(bot)
    mother = bot.fake.user(user_id=9703, first_name="李桂兰", language_code="zh-hans")
    await say(mother, "send_text", "/confirm", words="发送我的手机号")
    await say(mother, "share_contact", f"+86{MOTHER_PHONE}", words="是您本人同意的吗")
    await say(mother, "press", "✅ 是，我确认", words="以后能看到哪些")
    await say(mother, "press", "全部都可以看", words="请选择您要办理的事项")
    await bot.settle()
    await say(daughter, "send_text", "/status", words="请选择您要办理的事项")
    assert any("户主已确认" in m.plain for m in daughter.messages)
    async with bot.app.db.begin() as tx:
        filing = (await tx.execute(select(proxy_filings))).one()
    assert filing.confirmed_via == "contact" and filing.filer_sees_all
