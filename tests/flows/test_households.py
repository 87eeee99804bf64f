"""我的农户: an official lists, searches and opens the households of their own villages, and
records a visit from a household (the /found flow, pre-filled from the register)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.cli.households import labels_to_slugs
from cases.household_import import parse, plan, write
from chat.replies import Edit
from handlers import households
from storage import households as household_repo
from storage.casework import visits_of
from storage.db import chunk_transactions
from storage.households import short_id_of
from storage.tables import cases
from storage.tables_privacy import audit
from tests.flows.intake_helpers import HANCHANGBA, MULIANG, add_official
from tests.flows.test_intake_merge import self_report
from tests.imports.factory import id_number, write_csv
from tests.support.flow_chat import FlowChat

CHANGPING = "500119102201"  # 长坪村, in 河图镇: not 木凉镇's
OFFICER, LEAD, OTHER, RESIDENT = 9601, 9602, 9603, 9604
COLUMNS = ("household_id", "village_code", "head_name", "id_number", "members", "category",
           "phone", "group")
# 13 households of 汉场坝村 (two pages of 8) and one of 长坪村; groups spelled as offices do.
PEOPLE = [
    ("HCB01", "王秀英", "1组"), ("HCB02", "王大山", "第三组"), ("HCB03", "张三", "3"),
    ("HCB04", "李四", "2组"), ("HCB05", "赵六", "三组"), ("HCB06", "钱七", "1组"),
    ("HCB07", "孙八", "2组"), ("HCB08", "周九", ""), ("HCB09", "吴十", "1组"),
    ("HCB10", "郑十一", "2组"), ("HCB11", "冯十二", "1组"), ("HCB12", "陈十三", "2组"),
    ("HCB13", "褚十四", "1组"),
]
PHONE = "13912345678"


async def load_register(app: App, tmp_path: Path) -> dict[str, str]:
    """The register imported the way `python -m bot households import` does; id → ID number."""
    rows = [{"household_id": hid, "village_code": HANCHANGBA, "head_name": name,
             "id_number": id_number(n, born="19600101"), "members": str(1 + n % 5),
             "category": ("lifted", "监测户", "edge", "一般户")[n % 4], "phone": PHONE,
             "group": group} for n, (hid, name, group) in enumerate(PEOPLE)]
    rows.append({"household_id": "CP01", "village_code": CHANGPING, "head_name": "王外村",
                 "id_number": id_number(99, born="19600101"), "members": "3",
                 "category": "lifted", "phone": "", "group": "1组"})
    path = write_csv(tmp_path / "register.csv", COLUMNS, rows)
    parsed = parse(path, register=app.services.divisions,
                   today=app.services.clock.now().date(), category_labels=labels_to_slugs("register."))
    async with app.db.begin() as tx:
        stored = await household_repo.fingerprints(tx)
    work = plan(parsed, stored, app.services.cases.cipher)
    await write(chunk_transactions(app.db), app.services.cases.cipher, work,
                now=app.services.clock.now())
    return {r["household_id"]: r["id_number"] for r in rows}


async def official(app: App, user_id: int, *, role: str = "officer",
                   division: str = HANCHANGBA) -> FlowChat:
    await add_official(app, user_id=user_id, role=role, division=division, name="张村干")
    chat = FlowChat(app.core, user_id=user_id)
    await chat.send("/start")
    return chat


def text_of(replies: list) -> str:  # type: ignore[type-arg]
    return "\n".join(r.text for r in replies)


def labels(reply: object) -> list[str]:
    return [b.text for row in reply.buttons for b in row]  # type: ignore[attr-defined]


async def test_the_menu_lists_only_the_officials_own_villages_paged_without_phone_or_id(
        app: App, tmp_path: Path) -> None:
    numbers = await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    first = (await chat.press("我的农户"))[-1]
    assert "共 13 户（第 1/2 页）" in first.text
    assert "王秀英" in first.text and "汉场坝村 1组" in first.text and "脱贫户" in first.text
    assert "王外村" not in first.text  # 长坪村 is not this officer's
    for number in numbers.values():
        assert number not in first.text and number[-4:] not in first.text
    assert PHONE not in first.text and PHONE[-4:] not in first.text
    assert "3. 王秀英" in labels(first) and "下一页 ▶" in labels(first)
    second = (await chat.press("下一页"))[-1]
    assert isinstance(second, Edit)  # the page turns in place
    assert "第 2/2 页" in second.text and "9. " in second.text
    assert "<b>张三</b> 汉场坝村 3组" in second.text  # "第三组", "三组" and "3" are all 3组
    assert "周九</b> 汉场坝村 ·" in second.text  # no group: last
    assert "下一页 ▶" not in labels(second) and "◀ 上一页" in labels(second)


async def test_search_by_name_and_by_group(app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    found = text_of(await chat.send("/households 王"))
    assert "查找“王”</b>：共 2 户" in found
    assert "王秀英" in found and "王大山" in found and "王外村" not in found
    # The button asks; the typed answer searches; a sticker is explained and asked again.
    await chat.send("/households")
    await chat.press("按姓名或组查找")
    assert "户主姓名" in chat.history[-1].text
    replies = await chat.send_kind("sticker")
    assert "请用文字输入" in text_of(replies)
    found = text_of(await chat.send("秀英"))
    assert "共 1 户" in found and "王秀英" in found
    # 三组, 3组, 第3组 and 3 all find the households the register wrote as "第三组", "3", "三组".
    for typed in ("3组", "第三组", "3"):
        found = text_of(await chat.send(f"/households {typed}"))
        assert "共 3 户" in found, typed
        assert "王大山" in found and "张三" in found and "赵六" in found and "李四" not in found
    nothing = text_of(await chat.send("/households 欧阳"))
    assert "没有找到“欧阳”" in nothing


async def test_a_search_pages_and_an_older_searchs_buttons_are_stale(
        app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(households, "PAGE_SIZE", 2)  # five results make three pages
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    first = (await chat.send("/households 十"))[-1]  # 吴十, 郑十一 … 褚十四: part of a name
    assert "查找“十”</b>：共 5 户（第 1/3 页）" in first.text
    second = (await chat.press("下一页"))[-1]
    assert "查找“十”</b>：共 5 户（第 2/3 页）" in second.text
    assert "3. " in second.text and "1. " not in second.text
    # A new search: the first search's buttons are out of date, and say so.
    await chat.send("/households 1组")
    replies = await chat.press_data(second.buttons[-2][-1].data)  # the old search's "next"
    assert "这次查找已经过期了" in text_of(replies) and "共 13 户" in text_of(replies)
    # A page past the end (the register shrank since) shows the last page.
    replies = await chat.press_data("hl:0:40")
    assert "第 7/7 页" in replies[-1].text


async def test_a_household_shows_its_class_case_visit_and_due(app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    await chat.send("/households 张三")
    card = (await chat.press("1. 张三"))[-1]
    assert "张三" in card.text and "户号 HCB03" in card.text and "汉场坝村 3组" in card.text
    assert "建档类别：边缘户" in card.text  # HCB03, the third row: edge
    assert "当前案件：没有正在办理的案件" in card.text and "还没有走访记录" in card.text
    assert "下次到期：无" in card.text
    assert labels(card) == ["📝 记录走访", "◀ 返回列表"]
    back = (await chat.press("返回列表"))[-1]
    assert "查找“张三”" in back.text  # back to the search it came from


async def test_record_a_visit_from_the_household_is_prefilled_and_linked(
        app: App, tmp_path: Path) -> None:
    numbers = await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    await chat.send("/households 王大山")
    await chat.press("1. 王大山")
    replies = await chat.press("记录走访")
    text = text_of(replies)
    assert "为 <b>王大山</b>（汉场坝村 3组）记录走访" in text
    assert "风险" in replies[-1].text  # straight to the risks: village, name, ID, size known
    await chat.press("因病")
    await chat.press("完成")
    await chat.press("住房")
    await chat.press("完成")
    await chat.send("4800")
    await chat.send("老人住院，家里缺劳力")
    await chat.press("否")
    summary = chat.history[-1].text
    number = numbers["HCB02"]
    assert "王大山" in summary and "汉场坝村" in summary and number not in summary
    assert number[:4] + "**********" + number[-4:] in summary
    done = text_of(await chat.press("提交"))
    assert "NC-2026-000001" in done
    async with app.db.begin() as tx:
        row = (await tx.execute(select(cases.c.id, cases.c.household_id, cases.c.people,
                                       cases.c.stage))).one()
        assert (row.household_id, row.people, row.stage) == ("HCB02", 2, "visited")
        assert len(await visits_of(tx, row.id)) == 1
    await chat.send("/households 王大山")
    card = (await chat.press("1. 王大山"))[-1]
    assert "当前案件：NC-2026-000001（已走访，待提出认定意见）" in card.text
    assert "上次走访：2026-03-02 10:00（张村干）" in card.text
    assert "下次到期：提出认定意见" in card.text
    assert "📂 打开案件" in labels(card)
    case_card = (await chat.press("打开案件"))[-1]
    assert "NC-2026-000001" in case_card.text
    # The list marks the household's open case too.
    listed = text_of(await chat.send("/households 王"))
    assert "王大山</b> 汉场坝村 3组 · 监测户 · 📂 已走访" in listed


async def test_a_second_visit_joins_the_households_open_case(app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    for _ in range(2):
        await chat.send("/households 李四")
        await chat.press("1. 李四")
        await chat.press("记录走访")
        await chat.press("因病")
        await chat.press("完成")
        await chat.press("完成")
        await chat.press("跳过")
        await chat.press("跳过")
        await chat.press("否")
        await chat.press("提交")
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(cases.c.id, cases.c.household_id))).all()
        assert [r.household_id for r in rows] == ["HCB04"]
        assert len(await visits_of(tx, rows[0].id)) == 2


async def test_a_town_lead_sees_the_towns_households_and_a_resident_is_refused(
        app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    lead = await official(app, LEAD, role="town_lead", division=MULIANG)
    assert "共 13 户" in text_of(await lead.send("/households"))
    other = await official(app, OTHER, division=CHANGPING)
    listed = text_of(await other.send("/households"))
    assert "共 1 户" in listed and "王外村" in listed and "王秀英" not in listed
    resident = FlowChat(app.core, user_id=RESIDENT)
    await resident.send("/start")
    await resident.press("同意")
    assert "只对工作人员开放" in text_of(await resident.send("/households"))
    replies = await resident.press_data(f"hv:{short_id_of('HCB01')}")
    assert "只对工作人员开放" in text_of(replies) and "王秀英" not in text_of(replies)


async def test_a_forged_household_button_outside_the_villages_is_refused_and_audited(
        app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    outside = short_id_of("CP01")
    for data in (f"hv:{outside}", f"hv:{outside}:0:0", f"hf:{outside}"):
        replies = await chat.press_data(data)
        assert "不在您负责的村" in text_of(replies) and "王外村" not in text_of(replies)
    assert chat.history[-1].text  # never silent
    async with app.db.begin() as tx:
        reasons = (await tx.execute(select(audit.c.action, audit.c.reason))).all()
    assert [(r.action, r.reason) for r in reasons] == [
        ("household", "out_of_scope"), ("household", "out_of_scope"), ("/found", "out_of_scope")]
    async with app.db.begin() as tx:
        assert (await tx.execute(select(cases.c.id))).first() is None  # no flow was started


async def test_malformed_unknown_and_mid_flow_buttons_get_a_friendly_answer(
        app: App, tmp_path: Path) -> None:
    await load_register(app, tmp_path)
    chat = await official(app, OFFICER)
    assert "过期" in text_of(await chat.press_data("hv:abc"))
    assert "过期" in text_of(await chat.press_data(f"hv:{2**63}"))  # out of the codec's range
    assert "找不到这一户" in text_of(await chat.press_data("hv:12345"))
    assert "找不到这一户" in text_of(await chat.press_data("hf:12345"))
    # 10,000 characters, typed or as the command's words: explained, nothing searched.
    assert "不超过 40 个字" in text_of(await chat.send("/households " + "王" * 10_000))
    await chat.send("/households")
    await chat.press("按姓名或组查找")
    replies = await chat.send("王" * 10_000)
    assert "不超过 40 个字" in text_of(replies) and "户主姓名" in replies[-1].text
    await chat.send("/cancel")
    # Mid-flow, "record a visit" asks whether to continue or start over; nothing is lost.
    await chat.send("/found")
    await chat.press("汉场坝村")
    replies = await chat.press_data(f"hf:{short_id_of('HCB01')}")
    assert "继续" in labels(replies[-1])[0]
    await chat.press("继续")
    assert "户主" in chat.history[-1].text  # still at the /found flow's name question
    # /households mid-flow lists and asks the open question again.
    replies = await chat.send("/households")
    assert "共 13 户" in replies[0].text and "户主" in replies[-1].text


async def test_cases_reported_by_residents_show_on_their_households(
        app: App, tmp_path: Path) -> None:
    # 钱七 reported himself before the register was loaded: his case has no register id
    # and is found by village and name; 王秀英 reported after: intake linked her case.
    chat = await official(app, OFFICER)
    assert "NC-2026-000001" in await self_report(app, RESIDENT, name="钱七")
    await load_register(app, tmp_path)
    assert "NC-2026-000002" in await self_report(app, RESIDENT + 1, name="王秀英")
    async with app.db.begin() as tx:
        linked = dict((await tx.execute(select(cases.c.ref, cases.c.household_id))).all())
    assert linked == {"NC-2026-000001": None, "NC-2026-000002": "HCB01"}
    listed = text_of(await chat.send("/households 1组"))
    assert "王秀英</b> 汉场坝村 1组 · 脱贫户 · 📂 已上报，待受理" in listed
    assert "钱七</b> 汉场坝村 1组 · 监测户 · 📂 已上报，待受理" in listed
    assert "吴十</b> 汉场坝村 1组 · 脱贫户\n" in listed  # no case: nothing more
    card = (await chat.press("钱七"))[-1]
    assert "当前案件：NC-2026-000001（已上报，待受理）" in card.text
    assert "下次到期：受理，2026-03-03 10:00" in card.text
