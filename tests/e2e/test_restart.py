"""The bot process is killed (SIGKILL) in the middle of a report; a new process continues it."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from bot.fake_telegram import FakeTelegram
from tests.support.bot_process import start_bot_process, stop_bot_process
from tests.support.e2e import act, say


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
        await act(user, "send_text", "/start", count=2, wait=60)  # first start imports a lot
        await act(user, "press", "✅ 同意", count=2)
        await act(user, "press", "🏠 申报本户困难")
        await act(user, "press", "木凉镇", count=2)
        await act(user, "press", "汉场坝村", count=2)
        await act(user, "send_text", "赵大")
        assert "电话" in user.last.plain

        process.send_signal(signal.SIGKILL)
        await process.wait()
        process = await start_bot_process(fake, f"sqlite+aiosqlite:///{db}", framework_name)

        await say(user, "send_text", "13800138000", words="几口人", wait=60)  # nothing was lost
        await act(user, "press", "4", count=2)
        await act(user, "press", "因自然灾害")
        await act(user, "press", "完成", count=2)
        await act(user, "press", "跳过", count=2)
        await act(user, "press", "否", count=2)
        assert "赵大" in user.last.plain and "13800138000" in user.last.plain
        await act(user, "press", "✅ 提交", count=3)
        assert "NC-2026-000001" in "\n".join(m.plain for m in user.messages[-3:])
    finally:
        await stop_bot_process(process)
        await fake.stop()
