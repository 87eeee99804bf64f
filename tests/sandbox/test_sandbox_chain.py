"""The sandbox plays the whole chain: the officer, the town lead and the district admin take a
case through 民主评议, 公示 (fast-forward a week) and 审定; and the sandbox always has income
lines for its clock's year and the next, recomputed when fast-forward crosses New Year."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot.sandbox.personas import HANCHANGBA, MULIANG, NANCHUAN
from bot.sandbox.runner import Sandbox
from storage import district_policy as policy_repo
from storage.tables import cases
from tests.sandbox.api import SandboxApi
from tests.support.casework import report_case

pytestmark = pytest.mark.asyncio(loop_scope="module")  # the sandbox's loop runs its bot
FRAMEWORK = "ptb"  # the other test module plays aiogram


async def lines_of(sandbox: Sandbox) -> dict[str, str]:
    assert sandbox.app is not None
    async with sandbox.app.db.begin() as tx:
        values = await policy_repo.values_of(tx, NANCHUAN)
    return {k: v for k, v in values.items() if k.startswith("income_line.")}


async def test_the_full_inclusion_chain_with_the_district_admin(api: SandboxApi,
                                                                sandbox: Sandbox) -> None:
    assert sandbox.app is not None
    case = await report_case(sandbox.app, village=HANCHANGBA, town=MULIANG, head_name="赵大山")
    await api.wait_for_message("officer", lambda m: case.ref in m.plain and "赵大山" in m.plain)
    await api.press("officer", "✅ 受理")
    await api.press("officer", "🏠 记录走访")
    await api.press("officer", "✔ 完成")
    await api.send("officer", "5000")
    await api.press("officer", "✔ 完成")
    await api.press("officer", "📝 提出认定意见")
    await api.press("officer", "边缘易致贫户")
    await api.wait_for_message("lead", lambda m: case.ref in m.plain and "拟认定" in m.plain)
    await api.press("lead", "✔ 审核通过")
    await api.press("lead", "跳过")
    await api.wait_for_message("officer", lambda m: "下一步：待村民主评议" in m.plain)
    await api.press("officer", "🗳 记录民主评议")
    await api.press("officer", "今天")
    await api.press("officer", "✅ 评议通过")
    await api.send("officer", "28")
    await api.press("officer", "跳过")
    notice = await api.wait_for_message("officer", lambda m: "请张贴" in m.plain)
    assert "赵某户" in notice.plain and "赵大山" not in notice.plain

    await api.post("/api/clock", {"hours": 168})  # the notice comes down meanwhile
    await api.wait_for_message("admin", lambda m: case.ref in m.plain and "待区县审定" in m.plain)
    await api.press("admin", "🏛 审定")
    await api.press("admin", "✅ 审定通过")
    await api.wait_for_message("officer", lambda m: "已纳入监测帮扶" in m.plain)
    async with sandbox.app.db.begin() as tx:
        stage = (await tx.execute(select(cases.c.stage).where(cases.c.id == case.id))).scalar()
    assert stage == "monitored"


async def test_income_lines_follow_the_sandbox_clock_across_new_year(sandbox: Sandbox) -> None:
    assert sandbox.app is not None
    programme = sandbox.app.services.programme
    year = programme.local(sandbox.clock.now()).year
    lines = await lines_of(sandbox)
    have = {**{f"income_line.{y}": str(v) for y, v in programme.income_lines.items()}, **lines}
    assert f"income_line.{year}" in have and f"income_line.{year + 1}" in have
    new_year = datetime.combine(datetime(year + 1, 1, 1).date(), time(9), programme.timezone)
    await sandbox.fast_forward(new_year - sandbox.clock.now())
    lines = await lines_of(sandbox)
    assert f"income_line.{year + 2}" in lines
    assert int(lines[f"income_line.{year + 2}"]) > int(have[f"income_line.{year + 1}"]) - 1
    assert await lines_of(sandbox) == lines  # nothing more until the next New Year
    await sandbox.fast_forward(timedelta(hours=1))
    assert await lines_of(sandbox) == lines
