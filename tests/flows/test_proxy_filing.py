"""Filing on someone's behalf (代为申报): the filer's questions, the household's three ways to
confirm (a one-time link, its own shared contact, the officer on the visit), declining, what
the filer and the household each hear, the filer's limits, and the statistics."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bot.app import App
from cases import proxy
from cases.clock import MovableClock
from cases.statistics import Scope
from cases.stats_query import yearly_statistics
from storage.cases import events_of
from storage.tables import cases, outbox
from storage.tables_intake import case_reports
from storage.tables_privacy import audit
from storage.tables_proxy import proxy_filings
from tests.flows.intake_helpers import HANCHANGBA
from tests.flows.test_follow_up import accept_and_visit, officer_id, visit
from tests.flows.test_officials_journey import messages_to, official
from tests.support.flow_chat import FlowChat

FILER, HOUSEHOLD, OFFICER, OTHER = 801, 802, 7401, 803
PHONE = "13912345678"


def said(replies) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text for r in replies)


async def file_for_grandma(app: App, user_id: int = FILER, *, name: str = "李桂兰",
                           phone: str = PHONE, relation: str = "子女") -> tuple[FlowChat, str]:
    """A daughter files for her mother; returns her chat and the one-time link's code."""
    chat = FlowChat(app.core, user_id=user_id, first_name="张丽")
    await chat.send("/start")
    await chat.press("同意")
    replies = await chat.press("申报本户困难")
    assert "替家人或我帮助的人申报" in " ".join(b.text for r in replies for row in r.buttons
                                             for b in row)
    replies = await chat.press("替家人")
    assert "什么<b>关系</b>" in said(replies)
    await chat.press(relation)
    replies = await chat.send("张丽")
    assert f"这户人家会看到是<b>张丽（{relation}）</b>" in said(replies)  # told before anything
    assert "这户人家在哪个" in said(replies)
    await chat.press("木凉镇")
    replies = await chat.press("汉场坝村")
    assert "户主的姓名" in said(replies)
    replies = await chat.send(name)
    assert "这户人家<b>自己的电话</b>" in said(replies)
    assert all(r.keyboard is None or r.keyboard.kind != "contact" for r in replies)
    await chat.send(phone)
    await chat.press("1")
    await chat.press("因病")
    await chat.press("完成")
    await chat.send("老人一个人住，腿脚不好")
    replies = await chat.press("否")
    assert f"代为申报：张丽（{relation}）" in said(replies)  # the summary names the filer
    replies = await chat.press("提交")
    text = said(replies)
    assert "NC-2026-" in text and "本人确认" in text, chat.transcript()
    code = re.search(r"(pf-[A-Za-z0-9_-]{22})", text)
    assert code is not None, text
    return chat, code.group(1)


async def test_the_household_confirms_by_the_link_and_then_hears_everything(
        app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    filer, code = await file_for_grandma(app)
    [card] = await messages_to(app, OFFICER, "case.card")
    assert "代为申报：张丽（子女）· 待本人确认" in card and "本人已确认（上门时）" in card

    # The filer's own link is not for them, nor their own phone.
    assert "转发给户主" in said(await filer.send(f"/start {code}"))

    household = FlowChat(app.core, user_id=HOUSEHOLD, first_name="李桂兰")
    replies = await household.send(f"/start {code}")  # no start screen: straight to the point
    assert "<b>张丽（子女）</b>替您向汉场坝村申报了家庭困难" in said(replies)
    assert "您同意吗" not in said(replies)
    replies = await household.press("是，我确认")
    assert "您已确认，编号 NC-2026-000001" in said(replies)
    replies = await household.press("只看编号和进度")
    assert "张丽只能看到编号和进度" in said(replies)
    assert "请选择您要办理的事项" in said(replies)  # confirming counted as agreeing

    assert any("户主已确认" in t for t in await messages_to(app, FILER))
    # The link is single use.
    other = FlowChat(app.core, user_id=OTHER)
    assert "已经用过了" in said(await other.send(f"/start {code}"))

    # The household follows the case in /status; the card no longer waits.
    assert "NC-2026-000001" in said(await household.send("/status"))
    cards = await messages_to(app, OFFICER, "case.card")
    assert "本人已确认" in cards[-1] and "待本人确认" not in cards[-1]

    # Receipts: both hear the acceptance; a measure reaches the household only.
    accept = next(word for line in card.splitlines() for word in line.split()
                  if word.startswith("c:accept:"))
    await officer.press_data(accept)
    # The acceptance receipt names the official, for both.
    assert any("已由村里的工作人员受理" in t and "李信息员" in t
               for t in await messages_to(app, FILER))
    assert any("已由村里的工作人员受理" in t and "李信息员" in t
               for t in await messages_to(app, HOUSEHOLD))
    async with app.db.begin() as tx:
        from cases.casework import receipt

        case = await app.services.cases.by_id(tx, 1)
        assert case is not None
        await receipt(tx, case, "receipt.measure", app.services.clock.now(),
                      measure={"key": "measure.dibao"})
    assert any("低保" in t for t in await messages_to(app, HOUSEHOLD))
    assert not any("低保" in t for t in await messages_to(app, FILER))

    # /status: the household sees the measures in place; the filer only number and stage.
    officer_no, now = await officer_id(app, OFFICER), app.services.clock.now()
    async with app.db.begin() as tx:
        from storage import casework as work_repo

        await work_repo.add_measure(tx, case_id=1, kind="dibao", start=now.date(), amount=None,
                                    period=None, end=None, official_id=officer_no, now=now)
    assert "低保" in said(await household.send("/status"))
    shown = said(await filer.send("/status"))
    assert "NC-2026-000001" in shown and "李信息员" in shown and "低保" not in shown


async def test_the_household_may_let_the_filer_see_everything(app: App) -> None:
    _, code = await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send(f"/start {code}")
    await household.press("是，我确认")
    await household.press("全部都可以看")
    async with app.db.begin() as tx:
        from cases.casework import receipt

        case = await app.services.cases.by_id(tx, 1)
        assert case is not None
        await receipt(tx, case, "receipt.measure", app.services.clock.now(),
                      measure={"key": "measure.dibao"})
    assert any("低保" in t for t in await messages_to(app, FILER))


async def test_the_household_confirms_by_sharing_its_own_contact(app: App) -> None:
    await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    replies = await household.send("/confirm")
    assert "发送我的手机号" in said(replies)
    # Someone else's contact card proves nothing.
    replies = await household.send_kind("contact", phone=f"86{PHONE}", contact_user_id=OTHER)
    assert "<b>您自己的</b>手机号" in said(replies)
    replies = await household.send_kind("contact", phone=f"+86{PHONE}",
                                        contact_user_id=HOUSEHOLD)
    assert "<b>张丽（子女）</b>替您" in said(replies)
    await household.press("是，我确认")
    async with app.db.begin() as tx:
        row = (await tx.execute(select(proxy_filings))).one()
    assert row.status == "confirmed" and row.confirmed_via == "contact"


async def test_a_phone_with_no_filing_finds_nothing(app: App) -> None:
    chat = FlowChat(app.core, user_id=OTHER)
    await chat.send("/confirm")
    replies = await chat.send_kind("contact", phone="8613700000000", contact_user_id=OTHER)
    assert "没有找到" in said(replies)


async def test_the_officer_confirms_on_the_first_visit(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await file_for_grandma(app)
    [card] = await messages_to(app, OFFICER, "case.card")
    confirm = next(line.split()[-1] for line in card.splitlines() if "上门时" in line)
    replies = await officer.press_data(confirm)
    assert "户主本人当面确认" in said(replies)
    again = await officer.press_data(confirm)
    assert "已经确认过" in said(again)
    async with app.db.begin() as tx:
        row = (await tx.execute(select(proxy_filings))).one()
        events = [e.action for e in await events_of(tx, 1)]
    assert row.confirmed_via == "officer" and "proxy_confirmed" in events
    stranger = FlowChat(app.core, user_id=OTHER)  # not an official: refused and audited
    assert "按钮无效" in said(await stranger.press_data(confirm))
    async with app.db.begin() as tx:
        refusals = (await tx.execute(select(audit.c.action, audit.c.reason))).all()
    assert [tuple(r) for r in refusals] == [("po:confirm", "not_official")]


async def test_declining_withdraws_the_case_and_removes_its_personal_data(app: App) -> None:
    await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    _, code = await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send(f"/start {code}")
    replies = await household.press("不是，撤回申报")
    assert "已撤回" in said(replies)
    async with app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        filing = (await tx.execute(select(proxy_filings))).one()
    assert case.stage == "closed" and case.closed_reason == "withdrawn"
    assert case.phone_enc is None and case.head_name == "李某" and case.description_enc is None
    assert filing.status == "declined" and filing.filer_name_enc is None
    assert any("申报已撤回" in t for t in await messages_to(app, FILER))
    cards = await messages_to(app, OFFICER, "case.card")
    assert "不同意" in cards[-1] and "李桂兰" not in cards[-1]
    # The answer buttons act once.
    assert "过期" in said(await household.press("是，我确认"))


async def test_a_forged_answer_button_confirms_nothing(app: App) -> None:
    await file_for_grandma(app)
    stranger = FlowChat(app.core, user_id=OTHER)
    replies = await stranger.press_data("pc:yes:1")
    assert "过期" in said(replies)
    assert "过期" in said(await stranger.press_data("pc:all:1"))
    async with app.db.begin() as tx:
        assert (await tx.execute(select(proxy_filings.c.status))).scalar() == "pending"


async def test_an_expired_link_says_so(app: App, clock: MovableClock) -> None:
    _, code = await file_for_grandma(app)
    clock.advance(timedelta(days=7, minutes=1))
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    assert "已过期" in said(await household.send(f"/start {code}"))


async def test_it_counts_as_the_households_own_declaration_with_the_proxy_recorded(
        app: App) -> None:
    filer, _ = await file_for_grandma(app)
    async with app.db.begin() as tx:
        case = (await tx.execute(select(cases))).one()
        report = (await tx.execute(select(case_reports))).one()
        filing = (await tx.execute(select(proxy_filings))).one()
        events = [e.action for e in await events_of(tx, 1)]
        outbox_rows = (await tx.execute(select(outbox.c.params))).all()
    assert case.source == "self" and report.source == "self"
    assert filing.relation == "child" and filing.filer_name_enc != b"\xe5\xbc\xa0\xe4\xb8\xbd"
    assert app.services.cases.cipher.decrypt(filing.filer_name_enc) == "张丽"
    assert filing.code_hash is not None and "pf-" not in filing.code_hash  # only a hash
    assert "proxy_filed" in events
    assert all("张丽" not in str(row.params) for row in outbox_rows)
    async with app.db.begin() as tx:
        stats = await yearly_statistics(tx, year=2026, scope=Scope(),
                                        register=app.services.divisions,
                                        tz=app.services.programme.timezone,
                                        now=app.services.clock.now())
    assert {c.label: c.cases for c in stats.by_source}["self"] == 1  # the household's own
    # What the filer may see (for /status): the number and stage only, until allowed more.
    async with app.db.begin() as tx:
        record = await app.services.cases.by_id(tx, 1)
        assert record is not None
        assert await proxy.filer_limited(tx, app.services.cases.cipher, record, "telegram",
                                         str(FILER))
        assert not await proxy.filer_limited(tx, app.services.cases.cipher, record,
                                             "telegram", str(HOUSEHOLD))
    # The filer is not a neighbour reporter: /status says nothing of neighbour reports.
    text = said(await filer.send("/status"))
    assert "NC-2026-000001" in text and "反映" not in text.split("NC-2026-000001")[0]


async def test_the_reporter_limits_apply_per_filer(app: App) -> None:
    limit = app.services.programme.neighbour_daily_limit
    chats = [await file_for_grandma(app, name=f"王{'一二三四五六七八九十'[n]}",
                                    phone=f"1391234560{n}") for n in range(1)]
    chat = chats[0][0]
    for n in range(1, limit):
        await chat.send("/report")
        await chat.press("替家人")
        await chat.press("子女")
        await chat.send("张丽")
        for answer in ("木凉镇", "汉场坝村"):
            await chat.press(answer)
        await chat.send(f"王{'一二三四五六七八九十'[n]}")
        await chat.send(f"1391234560{n}")
        await chat.press("1")
        await chat.press("因病")
        await chat.press("完成")
        await chat.press("跳过")
        await chat.press("否")
        assert "本人确认" in said(await chat.press("提交"))
    await chat.send("/report")
    await chat.press("替家人")
    await chat.press("邻居")
    await chat.send("张丽")
    for answer in ("木凉镇", "汉场坝村"):
        await chat.press(answer)
    await chat.send("赵大爷")
    await chat.send("13912345699")
    await chat.press("1")
    await chat.press("因病")
    await chat.press("完成")
    await chat.press("跳过")
    await chat.press("否")
    replies = await chat.press("提交")
    assert f"今天代为申报已经 {limit} 次了" in said(replies)
    async with app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(cases))).scalar() == limit
    # Another person may still file today.
    await file_for_grandma(app, user_id=OTHER, name="赵大爷", phone="13912345699")


async def test_an_official_is_pointed_to_found(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    await officer.send("/report")
    await officer.press("同意")
    replies = await officer.press("替家人")
    assert "/found" in said(replies)
    async with app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(proxy_filings))).scalar() == 0


async def test_the_filer_cannot_give_their_own_contact_as_the_households(app: App) -> None:
    chat = FlowChat(app.core, user_id=FILER)
    await chat.send("/start")
    await chat.press("同意")
    await chat.press("申报本户困难")
    await chat.press("替家人")
    await chat.press("亲属")
    await chat.send("张丽")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send("李桂兰")
    replies = await chat.send_kind("contact", phone=f"86{PHONE}", contact_user_id=FILER)
    assert "这是您自己的号码" in said(replies)
    replies = await chat.send_kind("sticker")
    assert "电话" in said(replies)  # asked again, nothing lost


async def test_erasure_the_filer_goes_the_confirmed_households_case_stays(app: App) -> None:
    """/mydata: the filer's erasure leaves a case the household made its own (without the
    filer); the household's erasure anonymises it."""
    admin = await official(app, 7601, "district_admin", "500119000000", "区管理员")
    filer, code = await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send(f"/start {code}")
    await household.press("是，我确认")
    assert "NC-2026-000001" in said(await household.send("/mydata"))  # held about them too

    await filer.send("/mydata")
    await filer.press("请求删除")
    await admin.press_data("dr:approve:1")
    async with app.db.begin() as tx:
        case = await app.services.cases.by_id(tx, 1)
        filing = (await tx.execute(select(proxy_filings))).one()
    assert case is not None and case.phone == PHONE and case.head_name == "李桂兰"
    assert case.reporter_chat_id is None and filing.filer_name_enc is None
    assert filing.household_chat_id == str(HOUSEHOLD)

    await household.send("/mydata")
    await household.press("请求删除")
    await admin.press_data("dr:approve:2")
    async with app.db.begin() as tx:
        case = await app.services.cases.by_id(tx, 1)
        filing = (await tx.execute(select(proxy_filings))).one()
    assert case is not None and case.phone is None and case.head_name == "李某"
    assert filing.household_chat_id is None


async def test_the_filer_cannot_confirm_with_their_own_phone_given_as_the_households(
        app: App) -> None:
    filer, _ = await file_for_grandma(app)
    await filer.send("/confirm")
    replies = await filer.send_kind("contact", phone=f"86{PHONE}", contact_user_id=FILER)
    assert "转发给户主" in said(replies) and "是，我确认" not in str(replies)
    async with app.db.begin() as tx:
        assert (await tx.execute(select(proxy_filings.c.status))).scalar() == "pending"


async def test_the_filers_name_the_households_phone_and_the_link_are_never_stored_plain(
        app: App) -> None:
    from storage.schema import metadata
    from tests.flows.test_sealed_everywhere import as_text

    filer, code = await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send(f"/start {code}")
    await household.press("是，我确认")
    await filer.send("/status")
    secrets = ("张丽", PHONE, "老人一个人住", code)
    found = []
    async with app.db.connect() as conn:
        for table in metadata.sorted_tables:
            for row in (await conn.execute(select(table))).all():
                for column, value in zip(table.columns, row, strict=True):
                    found += [f"{table.name}.{column.name}: {s}" for s in secrets
                              if s in as_text(value)]
    assert found == []


async def test_a_neighbour_report_offers_no_filing_on_someones_behalf(app: App) -> None:
    chat = FlowChat(app.core, user_id=OTHER)
    await chat.send("/start")
    await chat.press("同意")
    replies = await chat.press("反映邻居困难")
    assert "替家人" not in " ".join(b.text for r in replies for row in r.buttons for b in row)
    assert "过期" in said(await chat.press_data("pf:start"))  # nor by a forged button
    async with app.db.begin() as tx:
        assert (await tx.execute(select(func.count()).select_from(proxy_filings))).scalar() == 0


async def test_did_they_come_asks_the_household_once_confirmed_else_the_filer(app: App) -> None:
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    _, code = await file_for_grandma(app)
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send(f"/start {code}")
    await household.press("是，我确认")
    await accept_and_visit(officer)
    [asked] = await messages_to(app, HOUSEHOLD, "visit_check.ask")
    assert "工作人员上门了吗" in asked and "李信息员" in asked
    assert await messages_to(app, FILER, "visit_check.ask") == []
    assert "已报告镇里" in said(await household.press_data("vc:no:1:1"))
    # A follow-up on the case the household confirmed: 补充情况 is theirs too.
    assert "按钮无效" not in said(await household.press_data("fu:add:1"))

    # Not confirmed (yet): the filer, who declared it, is asked.
    await file_for_grandma(app, OTHER, name="王大爷", phone="13912345679")
    await officer.send("/case NC-2026-000002")
    await officer.press("受理")
    await visit(officer)
    assert len(await messages_to(app, OTHER, "visit_check.ask")) == 1


async def test_with_two_filings_for_one_phone_the_household_picks_which_to_answer(
        app: App) -> None:
    await file_for_grandma(app)
    await file_for_grandma(app, user_id=OTHER + 1, name="王德福")
    household = FlowChat(app.core, user_id=HOUSEHOLD)
    await household.send("/confirm")
    replies = await household.send_kind("contact", phone=f"+86{PHONE}",
                                        contact_user_id=HOUSEHOLD)
    listed = said(replies)
    assert "有 2 份替这个号码提交" in listed, household.transcript()
    assert "NC-2026-000001" in listed and "NC-2026-000002" in listed
    replies = await household.press("NC-2026-000002")
    assert "编号 NC-2026-000002" in said(replies) and "是您本人同意的吗" in said(replies)
    await household.press("不是，撤回申报")
    # The next /confirm offers the one still waiting, by itself.
    await household.send("/confirm")
    replies = await household.send_kind("contact", phone=f"+86{PHONE}",
                                        contact_user_id=HOUSEHOLD)
    assert "编号 NC-2026-000001" in said(replies) and "有 2 份" not in said(replies)
    await household.press("是，我确认")
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(proxy_filings).order_by(proxy_filings.c.id))).all()
    assert [r.status for r in rows] == ["confirmed", "declined"]
