"""Wrong invite codes from all accounts together: past JOIN_FAILURES_PER_HOUR, /join turns
everyone away for an hour (a valid code too) and the district admins are alerted once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from bot.settings import Settings
from cases.clock import MovableClock
from storage.tables import officials
from storage.tables_privacy import audit
from tests.conftest import TEST_KEY
from tests.flows.intake_helpers import HANCHANGBA, outbox_messages
from tests.flows.test_officials_journey import invite, last_text, official
from tests.support.flow_chat import FlowChat

DISTRICT, ADMIN = "500119000000", 7901


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, data_key=TEST_KEY, outbox_limits_enabled=False,
                    join_failures_per_hour=3)


async def test_a_flood_of_wrong_codes_pauses_joining_for_an_hour_and_alerts_admins(
        app: App, clock: MovableClock) -> None:
    await official(app, ADMIN, "district_admin", DISTRICT, "区管理员")
    for user in (8101, 8102):  # different accounts, one guess each: under every per-account limit
        assert "邀请码不对" in last_text(await FlowChat(app.core, user_id=user).send("/join a"))
    assert [m for m in await outbox_messages(app) if m.key == "join.locked_alert"] == []
    assert "邀请码不对" in last_text(await FlowChat(app.core, user_id=8103).send("/join b"))

    code = await invite(app, "officer", HANCHANGBA)
    newcomer = FlowChat(app.core, user_id=8201)
    assert "暂停一小时" in last_text(await newcomer.send(f"/join {code}"))
    await FlowChat(app.core, user_id=8104).send("/join c")  # turned away, no second alert
    [alert] = [m for m in await outbox_messages(app) if m.key == "join.locked_alert"]
    assert alert.chat_id == ADMIN and "3 次" in alert.text and "2026-03-02 11:00" in alert.text

    clock.advance(timedelta(minutes=59))
    assert "暂停一小时" in last_text(await newcomer.send(f"/join {code}"))
    clock.advance(timedelta(minutes=2))
    assert "欢迎" in last_text(await newcomer.send(f"/join {code}"))
    async with app.db.begin() as tx:
        joined = (await tx.execute(select(officials.c.user_id))).scalars().all()
        reasons = (await tx.execute(select(audit.c.reason).order_by(audit.c.id))).scalars().all()
    assert "8201" in [str(u) for u in joined]
    assert reasons == ["join_unknown"] * 3 + ["join_locked"] * 3


def test_the_limit_is_fifty_unless_set() -> None:
    assert Settings(data_key=TEST_KEY).programme_rules().join_failures_per_hour == 50
