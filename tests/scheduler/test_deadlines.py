"""Reminders before a deadline and escalation up the chain, each exactly once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from scheduler.jobs import TimedWork
from storage.cases import events_of
from storage.tables import cases, outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official
from tests.support.flow_chat import FlowChat

H = timedelta(hours=1)


async def _queued(app, key):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox).where(outbox.c.key == key)
                                 .order_by(outbox.c.id))).all()
    return [(int(r.chat_id), dict(r.params)) for r in rows]  # Telegram chats: numbers here


async def _level(app, case_id):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(cases.c.escalation_level)
                                 .where(cases.c.id == case_id))).scalar_one()


async def _actions(app, case_id):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return [(e.action, e.details.get("level", e.details.get("hours_before")))
                for e in await events_of(tx, case_id)]


async def _chain(app):  # type: ignore[no-untyped-def]
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 12, "officer", VILLAGE, "张华")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    return officer


async def test_owner_is_reminded_24h_and_2h_before_a_visit_is_due(app, clock) -> None:
    officer = await _chain(app)
    case = await new_case(app, step="visit", due_in=timedelta(days=3), owner_id=officer)
    work = TimedWork(app.background())
    await work.tick()
    assert await _queued(app, "due.reminder") == []
    clock.advance(timedelta(days=2) - H)  # 25 h before
    await work.tick()
    assert await _queued(app, "due.reminder") == []
    clock.advance(H)  # 24 h before
    await work.tick()
    await work.tick()
    reminders = await _queued(app, "due.reminder")
    assert [chat for chat, _ in reminders] == [11]  # the owner only, once
    assert reminders[0][1]["step"] == {"key": "due.step.visit", "params": {}}
    assert reminders[0][1]["village"] == "黄淦村" and "left" not in reminders[0][1]
    assert await _actions(app, case) == [("reminder", 24)]
    clock.advance(22 * H)
    await work.tick()
    assert len(await _queued(app, "due.reminder")) == 2
    assert await _actions(app, case) == [("reminder", 24), ("reminder", 2)]
    async with app.db.begin() as tx:  # a button opens the case ("/case REF" is not tappable)
        buttons = (await tx.execute(select(outbox.c.buttons).where(
            outbox.c.key == "due.reminder"))).scalars().all()
    assert buttons == [[[{"key": "due.open_case", "data": f"cv:{case}"}]]] * 2


async def test_past_the_deadline_the_case_climbs_village_town_district(app, clock) -> None:
    officer = await _chain(app)
    case = await new_case(app, step="visit", due_in=H, owner_id=officer)
    work = TimedWork(app.background())
    clock.advance(H)
    await work.tick()
    assert await _level(app, case) == 1
    escalated = await _queued(app, "due.escalated")
    assert [chat for chat, _ in escalated] == [21]
    assert escalated[0][1]["who"] == {"join": ["李明"]}
    assert escalated[0][1]["level"] == {"key": "due.level.1", "params": {}}
    assert [chat for chat, _ in await _queued(app, "due.overdue_owner")] == [11]
    clock.advance(23 * H)
    await work.tick()
    assert len(await _queued(app, "due.escalated")) == 1  # not yet a day overdue
    clock.advance(H)
    await work.tick()
    escalated = await _queued(app, "due.escalated")
    assert [chat for chat, _ in escalated] == [21, 31]
    assert escalated[1][1]["who"] == {"join": ["李明", "赵镇长"]}
    assert await _level(app, case) == 2
    clock.advance(timedelta(days=10))
    await work.tick()
    assert len(await _queued(app, "due.escalated")) == 2  # the top of the chain
    assert [a for a in await _actions(app, case) if a[0] == "escalation"] == [
        ("escalation", 1), ("escalation", 2)]
    # The case's history names the climbs (it said "other" before).
    timeline = await FlowChat(app.core, user_id=21).press_data(f"c:timeline:{case}:0")
    text = "\n".join(r.text for r in timeline)
    assert text.count("逾期上报") == 2 and "其他记录" not in text


async def test_an_unowned_case_reminds_the_villages_officers(app, clock) -> None:
    await _chain(app)
    await new_case(app, step="accept", due_in=3 * H, stage="reported")
    clock.advance(H)
    await TimedWork(app.background()).tick()
    assert sorted(chat for chat, _ in await _queued(app, "due.reminder")) == [11, 12]


async def test_an_approval_is_the_town_leads_and_climbs_to_the_district_only(app, clock) -> None:
    await _chain(app)
    case = await new_case(app, step="approval", due_in=3 * H, stage="proposed", owner_id=None)
    work = TimedWork(app.background())
    clock.advance(H)
    await work.tick()
    assert [chat for chat, _ in await _queued(app, "due.reminder")] == [21]
    clock.advance(2 * H)
    await work.tick()
    clock.advance(timedelta(days=5))
    await work.tick()
    assert [chat for chat, _ in await _queued(app, "due.escalated")] == [31]
    assert await _level(app, case) == 1


async def test_a_short_deadline_gets_no_reminder_it_could_not_use(app, clock) -> None:
    await _chain(app)
    # an urgent report: accept within 2 h, set just now
    await new_case(app, step="accept", due_in=2 * H, stage="reported", urgent=True,
                   updated_ago=timedelta(0))
    work = TimedWork(app.background())
    for _ in range(3):
        clock.advance(30 * timedelta(minutes=1))
        await work.tick()
    assert await _queued(app, "due.reminder") == []


async def test_no_town_lead_means_the_district_hears(app, clock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    await new_case(app, step="visit", due_in=H, owner_id=officer)
    clock.advance(H)
    await TimedWork(app.background()).tick()
    escalated = await _queued(app, "due.escalated")
    assert [chat for chat, _ in escalated] == [31]
    assert escalated[0][1]["level"]["key"] == "due.level.2"


async def test_a_restart_during_downtime_sends_what_fell_due_once(app, clock) -> None:
    officer = await _chain(app)
    case = await new_case(app, step="visit", due_in=timedelta(days=3), owner_id=officer)
    await TimedWork(app.background()).tick()  # running, then the process stops
    clock.advance(timedelta(days=2, hours=23))  # down across both reminder times
    restarted = TimedWork(app.background())
    await restarted.tick()
    await restarted.tick()
    await TimedWork(app.background()).tick()  # a second process (or a second restart) changes nothing
    assert len(await _queued(app, "due.reminder")) == 1
    assert await _actions(app, case) == [("reminder", 2)]  # the latest reminder only
    clock.advance(timedelta(days=3))  # down again past the deadline and a further day
    await TimedWork(app.background()).tick()
    await TimedWork(app.background()).tick()
    # One level now; the town lead has a full day from the restart before the district hears.
    assert [chat for chat, _ in await _queued(app, "due.escalated")] == [21]
    clock.advance(23 * H)
    await TimedWork(app.background()).tick()
    assert [chat for chat, _ in await _queued(app, "due.escalated")] == [21]
    clock.advance(H)
    await TimedWork(app.background()).tick()
    assert [chat for chat, _ in await _queued(app, "due.escalated")] == [21, 31]
