"""The sandbox over its JSON API: officials joined by invite, a resident reports, the officer
accepts, the resident gets the receipt; fast-forward, bad requests, a restart."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.adapters.common import CHANNEL
from bot.sandbox.personas import PERSONAS
from bot.sandbox.runner import Sandbox, SandboxOptions
from storage import officials as official_repo
from tests.sandbox.api import SandboxApi

pytestmark = pytest.mark.asyncio(loop_scope="module")
FRAMEWORK = "aiogram"
REF = re.compile(r"NC-\d{4}-\d{6}")


async def test_the_page_and_five_panes_are_served(api: SandboxApi) -> None:
    async with api.session.get("/") as res:
        page = await res.text()
    assert res.status == 200 and "平安网" in page and "/static/app.js" in page
    for asset in ("/static/app.js", "/static/style.css"):
        async with api.session.get(asset) as res:
            assert res.status == 200
    async with api.session.get("/font/cjk.otf") as res:  # Chinese without a system CJK font
        assert res.status == 200 and res.content_type == "font/otf"
        assert (await res.read())[:4] == b"OTTO"
    state = await api.state()
    assert [p["key"] for p in state["panes"]] == ["resident", "neighbour", "officer", "lead",
                                                       "admin"]
    assert state["commands"], "the bot's command menu reaches the page"


async def test_officials_were_onboarded_through_invites(api: SandboxApi, sandbox: Sandbox) -> None:
    assert sandbox.app is not None
    async with sandbox.app.db.begin() as tx:
        for p in PERSONAS:
            record = await official_repo.by_user(tx, CHANNEL, str(p.user_id))
            if p.role is None:
                assert record is None
            else:
                assert record is not None
                assert [(g.role, g.division_code) for g in record.roles] == [(p.role, p.division)]


async def resident_reports(api: SandboxApi) -> str:
    """The resident's self-report, tapped through the API; returns the case reference."""
    await api.send("resident", "/start")  # one screen to start
    await api.press("resident", "✅ 同意并开始", count=2)
    await api.press("resident", "🏠 申报本户困难")
    await api.press("resident", "木凉镇", count=2)
    await api.press("resident", "汉场坝村", count=2)
    await api.send("resident", "王秀英")
    pane = await api.pane("resident")
    assert pane["keyboard"] and pane["keyboard"][0][0]["request_contact"]
    await api.act("resident", "/api/contact", count=2)
    assert "+8613800138000" in await api.texts("resident")  # the shared contact shows as sent
    await api.press("resident", "3", count=2)
    await api.press("resident", "因病")
    await api.press("resident", "完成", count=2)
    await api.photo("resident", b"\xff\xd8\xff sandbox photo")
    pane = await api.pane("resident")
    photo = next(m for m in pane["messages"] if m["from"] == "me" and m["kind"] == "photo")
    async with api.session.get(photo["file_url"]) as res:
        assert await res.read() == b"\xff\xd8\xff sandbox photo"
    await api.press("resident", "✔ 完成", count=2)
    await api.press("resident", "是", count=2)
    await api.press("resident", "跳过", count=2)  # what makes it urgent: left unsaid
    await api.press("resident", "✅ 提交", count=3)
    found = REF.search(await api.texts("resident"))
    assert found, "the resident is given a case reference"
    return found.group(0)


async def reported(api: SandboxApi) -> str:
    """The resident's case reference (reporting first if this module has not yet)."""
    found = REF.search(await api.texts("resident"))
    return found.group(0) if found else await resident_reports(api)


async def test_resident_reports_officer_accepts_resident_gets_receipt(api: SandboxApi) -> None:
    ref = await reported(api)
    # The case card reaches the village officer's pane through the outbox.
    card = await api.wait_for_message("officer", lambda m: ref in m.plain)
    assert "王秀英" in card.plain
    resident = api.user("resident")
    before = len(resident.messages)
    await api.press("officer", "受理")
    # The receipt: a new message in the resident's pane naming the case.
    await api.wait_for_message("resident", lambda m: ref in m.plain
                               and resident.messages.index(m) >= before)


async def test_a_week_later_the_late_case_has_climbed_to_the_town_lead(api: SandboxApi) -> None:
    ref = await reported(api)
    before = date.fromisoformat((await api.state())["clock"]["day"])
    await api.post("/api/clock", {"hours": 168})
    after = date.fromisoformat((await api.state())["clock"]["day"])
    assert after == before + timedelta(days=7)
    # Whichever step is late by then (accepting, or the home visit), the town lead hears of it.
    # (An urgent case's card reached the lead at once; the notice is a further message.)
    notice = await api.wait_for_message("lead", lambda m: ref in m.plain and "逾期" in m.plain)
    assert "逾期" in notice.plain
    await api.post("/api/clock", {"hours": 5}, status=400)


async def test_bad_requests_are_refused_plainly(api: SandboxApi) -> None:
    await api.post("/api/send", {"pane": "nobody", "text": "hi"}, status=400)
    await api.post("/api/send", {"pane": "resident", "text": "  "}, status=400)
    await api.post("/api/send", {"pane": "resident", "text": "x" * 5000}, status=400)
    await api.post("/api/press", {"pane": "resident", "message_id": 99999, "data": "x"}, status=400)
    await api.post("/api/press", {"pane": "resident", "message_id": 1, "data": "x" * 65},
                   status=400)
    async with api.session.post("/api/send", json={"pane": "resident", "text": "hi"},
                                headers={"Origin": "http://evil.example"}) as res:
        assert res.status == 403


async def test_the_officer_finds_the_demo_households_by_group(api: SandboxApi) -> None:
    await api.send("officer", "/households 3组")
    found = await api.wait_for_message("officer", lambda m: "查找“3组”" in m.plain)
    assert "共 3 户" in found.plain and "杨光荣" in found.plain and "王秀英" not in found.plain


async def test_a_restart_keeps_chats_officials_and_update_numbering(tmp_path: Path) -> None:
    options = SandboxOptions(data_dir=tmp_path, framework=FRAMEWORK, port=0, fresh=True)
    first = Sandbox(options)
    await first.start()
    try:
        async with SandboxApi.connect(first) as api:
            await api.send("neighbour", "/start")
            shown = len((await api.pane("neighbour"))["messages"])
            officer_shown = len((await api.pane("officer"))["messages"])
        assert first.fake is not None
        next_update = first.fake.next_update_id
    finally:
        await first.stop()
    key = (tmp_path / "sandbox.key").read_text()
    second = Sandbox(SandboxOptions(data_dir=tmp_path, framework=FRAMEWORK, port=0))
    await second.start()
    try:
        assert second.fake is not None and second.fake.next_update_id >= next_update
        assert (tmp_path / "sandbox.key").read_text() == key
        async with SandboxApi.connect(second) as api:
            assert len((await api.pane("neighbour"))["messages"]) == shown
            # the officials joined once: no second invite on a restart
            assert len((await api.pane("officer"))["messages"]) == officer_shown
            # an old button still works after the restart
            await api.press("neighbour", "More details", count=1)
    finally:
        await second.stop()
