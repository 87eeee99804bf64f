"""Morning digest, weekly summary, the backlog alert and the status figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from scheduler.health import measure
from scheduler.jobs import TimedWork
from storage.tables import cases, outbox
from storage.tables_intake import case_reports, households
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official, queue


async def _queued(app, key):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox).where(outbox.c.key == key)
                                 .order_by(outbox.c.id))).all()
    return [(int(r.chat_id), dict(r.params)) for r in rows]  # Telegram chats: numbers here


def _text(app, params, lang="zh"):  # type: ignore[no-untyped-def]
    return app.services.catalogue.stored("chase.digest", lang, params)


async def test_morning_digest_goes_once_to_officials_with_open_work(app, clock) -> None:
    clock.set(datetime(2026, 3, 3, 23, 0, tzinfo=UTC))  # Wednesday 07:00 in Shanghai
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 12, "officer", "500119101201", "闲人")  # another village: no work
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await new_case(app, step="visit", due_in=timedelta(hours=5), owner_id=officer)
    await new_case(app, step="visit", due_in=-timedelta(hours=5), owner_id=officer)
    # Waiting for the town's approval, overdue: the lead's work, not the officer's.
    await new_case(app, step="approval", due_in=-timedelta(hours=3), owner_id=officer,
                   stage="proposed")
    work = TimedWork(app.background())
    await work.tick()
    assert await _queued(app, "chase.digest") == []  # 07:00: not yet
    clock.advance(timedelta(hours=1))
    await work.tick()
    await TimedWork(app.background()).tick()  # a restart in the same morning sends nothing more
    digests = dict(await _queued(app, "chase.digest"))
    assert sorted(digests) == [11, 21]
    mine = digests[11]
    assert (mine["open"], mine["accepted"], mine["visits"], mine["overdue_new"]) == (3, 2, 2, 1)
    text = _text(app, mine)
    # Each line: reference, household head, village, stage and due time.
    assert "· NC-2026-000002 王秀英（黄淦村）已受理，待走访 · 2026-03-04 02:00 到期" in text
    assert "NC-2026-000003" not in text.split("新逾期")[1] and mine["date"] == "2026-03-04"
    lead = digests[21]
    assert lead["overdue_new"] == 2 and "NC-2026-000003" in _text(app, lead)


async def test_the_next_digest_lists_what_changed_not_the_same_overdue_list(app, clock) -> None:
    clock.set(datetime(2026, 3, 4, 0, 0, tzinfo=UTC))  # 08:00 in Shanghai
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await new_case(app, step="visit", due_in=-timedelta(hours=5), owner_id=officer)
    closing = await new_case(app, step="visit", due_in=timedelta(days=2), owner_id=officer)
    work = TimedWork(app.background())
    await work.tick()
    first = dict(await _queued(app, "chase.digest"))[11]
    assert first["overdue_new"] == 1 and first["overdue_old"] == 0
    # During the day: a new report (with its 组 from a neighbour's report), one closed.
    clock.advance(timedelta(hours=3))
    fresh = await new_case(app, step="accept", due_in=timedelta(hours=21), stage="reported",
                           updated_ago=timedelta(0), ref="NC-2026-000009")
    async with app.db.begin() as tx:
        await tx.execute(cases.update().where(cases.c.id == closing).values(
            stage="closed", closed_reason="withdrawn", closed_at=clock.now(), due_step=None,
            due_at=None))
        await tx.execute(case_reports.insert().values(
            case_id=fresh, source="neighbour", at=clock.now(), risk_types=["illness"],
            media=[], opened_case=True, group_name="3组", contact_ok=False))
    clock.advance(timedelta(hours=21))  # the next morning
    await work.tick()
    mine = [p for chat, p in await _queued(app, "chase.digest") if chat == 11]
    second = mine[-1]
    assert (second["new"], second["closed"], second["overdue_new"], second["overdue_old"]) == (
        1, 1, 0, 1)
    text = _text(app, second)
    assert "NC-2026-000009 王秀英（黄淦村3组）已上报，待受理" in text
    assert "NC-2026-000002 王秀英（黄淦村）撤回" in text
    assert "NC-2026-000001" not in text  # still overdue: counted, not listed again
    assert "此前已逾期、仍未办理：1 件" in text
    english = _text(app, second, "en")
    assert "NC-2026-000009 王秀英 (黄淦村, 3组) reported, waiting to be accepted" in english


async def test_digest_names_the_registers_group_and_counts_the_programme_steps(app, clock
                                                                              ) -> None:
    clock.set(datetime(2026, 3, 4, 0, 0, tzinfo=UTC))  # 08:00 in Shanghai
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    registered = await new_case(app, step="accept", due_in=timedelta(hours=20), stage="reported",
                                updated_ago=timedelta(hours=2))
    await new_case(app, step="review", due_in=timedelta(days=3), owner_id=officer,
                   stage="review")
    await new_case(app, step="notice", due_in=timedelta(days=4), owner_id=officer,
                   stage="notice")
    await new_case(app, step="confirm", due_in=-timedelta(hours=2), owner_id=officer,
                   stage="confirm")
    async with app.db.begin() as tx:
        # The register's 组 wins over what a neighbour wrote.
        await tx.execute(households.insert().values(
            household_id="H-1", village_code=VILLAGE, head_name="王秀英", members=3,
            category="monitored", updated_at=clock.now(), group_name="5组"))
        await tx.execute(cases.update().where(cases.c.id == registered).values(
            household_id="H-1"))
        await tx.execute(case_reports.insert().values(
            case_id=registered, source="neighbour", at=clock.now(), risk_types=["illness"],
            media=[], opened_case=True, group_name="第五组", contact_ok=False))
    await TimedWork(app.background()).tick()
    mine = dict(await _queued(app, "chase.digest"))[11]
    assert (mine["open"], mine["review"], mine["notice"], mine["confirm"]) == (4, 1, 1, 1)
    text = _text(app, mine)
    assert "待民主评议 1，公示中 1，待审定 1" in text
    assert "NC-2026-000001 王秀英（黄淦村5组）" in text
    # The district's overdue confirmation is not the officer's own late work.
    assert mine["overdue_new"] == 0


async def test_weekly_summary_on_monday_to_leads_and_admins(app, clock) -> None:
    clock.set(datetime(2026, 3, 1, 23, 0, tzinfo=UTC))  # Monday 07:00 in Shanghai
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    await new_case(app, step="visit", due_in=-timedelta(days=2), owner_id=officer,
                   updated_ago=timedelta(days=2))
    work = TimedWork(app.background())
    await work.tick()
    assert await _queued(app, "due.weekly") == []
    clock.advance(timedelta(hours=2))  # 09:00
    await work.tick()
    await work.tick()
    weekly = dict(await _queued(app, "due.weekly"))
    assert sorted(weekly) == [21, 31]
    assert weekly[21]["area"] == {"join": ["东城街道"]} and weekly[31]["area"] == {"join": ["南川区"]}
    text = app.services.catalogue.stored("due.weekly", "zh", weekly[21])
    assert "本周汇总</b>（东城街道，" in text
    assert (weekly[21]["new"], weekly[21]["open"], weekly[21]["overdue"]) == (1, 1, 1)
    clock.advance(timedelta(days=1))
    await work.tick()
    assert len(await _queued(app, "due.weekly")) == 2


async def test_backlog_alert_reaches_district_admins_at_most_hourly(app, clock) -> None:
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    app.settings.outbox.alert_backlog = 3
    for chat in range(5):
        await queue(app, 900 + chat)
    work = TimedWork(app.background())
    result = await work.tick()
    assert result.alerted
    alert = await _queued(app, "due.health_alert")
    assert alert[0][0] == 31 and alert[0][1]["backlog"] >= 5
    clock.advance(timedelta(minutes=30))
    assert not (await work.tick()).alerted
    clock.advance(timedelta(minutes=31))
    assert (await work.tick()).alerted
    clock.advance(timedelta(hours=5))  # still stuck: the age reads in hours, for people
    assert (await work.tick()).alerted
    catalogue = app.services.catalogue
    first, *_, last = [p for _, p in await _queued(app, "due.health_alert")]
    assert "分钟" in catalogue.stored("due.health_alert", "zh", first)
    text = catalogue.stored("due.health_alert", "zh", last)
    assert "最早的一条已等待约 6 小时" in text and "技术维护人员" in text
    assert "about 6 h" in catalogue.stored("due.health_alert", "en", last)


async def test_status_figures(app, clock) -> None:
    from storage import scheduling

    await queue(app, 901)
    clock.advance(timedelta(minutes=5))
    await queue(app, 902)
    await new_case(app, step="visit", due_in=-timedelta(hours=1))
    async with app.db.begin() as tx:
        await scheduling.record_failure(tx, clock.now(), "telegram", "retry_after")
        await scheduling.record_failure(tx, clock.now() - timedelta(hours=2), "telegram", "server")
    health = await measure(app.db, clock.now())
    assert health.backlog == 2 and health.oldest_age == timedelta(minutes=5)
    assert health.failures == {"retry_after": 1} and health.overdue == {0: 1}
    assert "429 x1" in "\n".join(health.lines())
