"""The bot process is killed (SIGKILL) in the middle of a report; a new process continues it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.fake_telegram import FakeTelegram
from tests.support.bot_process import start_bot_process, stop_bot_process
from tests.support.e2e import say


@pytest.mark.parametrize("framework_name", ["aiogram", "ptb"])
async def test_a_killed_bot_continues_the_report_where_the_user_was(
    tmp_path: Path, framework_name: str
) -> None:
    fake = FakeTelegram(bot_username="safety_net_bot")
    await fake.start()
    db = tmp_path / "restart.db"
    process = await start_bot_process(fake, f"sqlite+aiosqlite:///{db}", framework_name)
    try:
        user = fake.user(user_id=8801, first_name="赵", language_code="zh")
        # the first start imports a lot
        await say(user, "send_text", "/start", words="您同意吗", wait=60)
        await say(user, "press", "✅ 同意", words="请选择您要办理的事项")
        await say(user, "press", "🏠 申报本户困难", words="第 1 步")
        await say(user, "press", "木凉镇", words="第 2 步")
        await say(user, "press", "汉场坝村", words="第 3 步")
        await say(user, "send_text", "赵大", words="第 4 步")
        assert "电话" in user.last.plain

        process.send_signal(signal.SIGKILL)
        await process.wait()
        process = await start_bot_process(fake, f"sqlite+aiosqlite:///{db}", framework_name)

        await say(user, "send_text", "13800138000", words="几口人", wait=60)  # nothing was lost
        await say(user, "press", "4", words="第 6 步")
        await say(user, "press", "因自然灾害", words="✅ 因自然灾害")
        await say(user, "press", "完成", words="第 7 步")
        await say(user, "press", "跳过", words="第 8 步")
        await say(user, "press", "否", words="请核对您的申报")
        assert "赵大" in user.last.plain and "13800138000" in user.last.plain
        # Submitted, the reference, then the menu again: wait for the menu.
        await say(user, "press", "✅ 提交", words="请选择您要办理的事项")
        assert "NC-2026-000001" in "\n".join(m.plain for m in user.messages[-3:])
    finally:
        await stop_bot_process(process)
        await fake.stop()
