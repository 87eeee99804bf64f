"""The chain's letters: after downtime one level at a time and one message per person; people
named as late hear it themselves; a level with nobody passes it up and the district hears of
the vacancy; names joined the reader's way."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select

from scheduler.jobs import TimedWork
from storage.tables import cases, outbox
from tests.scheduler.helpers import DISTRICT, TOWN, VILLAGE, new_case, official

H = timedelta(hours=1)


async def _letters(app, key, lang="zh"):  # type: ignore[no-untyped-def]
    """(chat, rendered text, button labels) of every queued message with this key."""
    catalogue = app.services.catalogue
    async with app.db.begin() as tx:
        rows = (await tx.execute(select(outbox).where(outbox.c.key == key)
                                 .order_by(outbox.c.id))).all()
    return [(int(r.chat_id), catalogue.stored(key, lang, dict(r.params)),
             [catalogue.text(b["key"], lang, **b.get("params", {})) for line in r.buttons
              for b in line]) for r in rows]


async def _levels(app):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return [r[0] for r in (await tx.execute(select(cases.c.escalation_level)
                                                .order_by(cases.c.id))).all()]


async def test_after_downtime_each_person_gets_one_message_and_cases_climb_one_level(
        app, clock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    for _ in range(3):  # all three went overdue two days ago, while the bot was down
        await new_case(app, step="visit", due_in=-timedelta(days=2), owner_id=officer)
    work = TimedWork(app.background())
    await work.tick()
    [(chat, text, buttons)] = await _letters(app, "chase.escalated_many")
    assert chat == 21 and "以下 3 件案件逾期未办理" in text
    for ref in ("NC-2026-000001", "NC-2026-000002", "NC-2026-000003"):
        assert ref in text and f"📋 {ref}" in buttons
    assert "· NC-2026-000001 王秀英（黄淦村）「入户走访」" in text and "责任人：李明" in text
    [(chat, text, _)] = await _letters(app, "chase.overdue_many")
    assert chat == 11 and "您负责的以下 3 件案件已逾期" in text
    assert await _levels(app) == [1, 1, 1]
    assert await _letters(app, "due.escalated") == []  # no one message per case
    # Counted from the restart: the town lead has a full day before the district hears.
    clock.advance(23 * H)
    await work.tick()
    assert await _levels(app) == [1, 1, 1]
    clock.advance(H)
    await work.tick()
    assert await _levels(app) == [2, 2, 2]
    to_district = [(c, t) for c, t, _ in await _letters(app, "chase.escalated_many") if c == 31]
    assert len(to_district) == 1 and "责任人：李明、赵镇长" in to_district[0][1]
    # The town lead is named as late too, and is told so in a message of their own.
    named = [c for c, _, _ in await _letters(app, "chase.overdue_many")]
    assert sorted(named) == [11, 11, 21]


async def test_a_person_named_late_hears_it_and_names_join_in_the_readers_language(
        app, clock) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    await new_case(app, step="visit", due_in=H, owner_id=officer)
    work = TimedWork(app.background())
    clock.advance(H)
    await work.tick()
    clock.advance(24 * H)
    await work.tick()
    [_, (chat, text, _)] = await _letters(app, "due.escalated")
    assert chat == 31 and "责任人：李明、赵镇长" in text and "延误" not in text
    assert "NC-2026-000001（王秀英，黄淦村）" in text
    [_, (_, english, _)] = await _letters(app, "due.escalated", "en")
    assert "Responsible: 李明, 赵镇长" in english and "、" not in english
    late = [(c, t) for c, t, _ in await _letters(app, "due.overdue_owner")]
    assert [c for c, _ in late] == [11, 11, 21]  # the owner twice, the town lead once
    assert "已按一条线响应上报至区级管理员" in late[-1][1]


async def test_with_no_district_admin_the_town_lead_is_told_again_and_the_log_says_why(
        app, clock, caplog: pytest.LogCaptureFixture) -> None:
    officer = await official(app, 11, "officer", VILLAGE, "李明")
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await new_case(app, step="visit", due_in=-timedelta(hours=1), owner_id=officer)
    work = TimedWork(app.background())
    await work.tick()
    clock.advance(24 * H)
    with caplog.at_level(logging.WARNING, logger="cases.responders"):
        await work.tick()
    assert await _levels(app) == [2]
    told = [(c, t) for c, t, _ in await _letters(app, "due.overdue_owner") if c == 21]
    assert len(told) == 1 and "上级（尚无人负责）" in told[0][1]
    assert "no district_admin for division 500119000000" in caplog.text
    assert "王秀英" not in caplog.text  # no personal data in the log


async def test_an_unowned_case_in_a_village_with_no_officer_goes_to_the_town_and_the_district_hears(
        app, clock) -> None:
    await official(app, 21, "town_lead", TOWN, "赵镇长")
    await official(app, 31, "district_admin", DISTRICT, "区管理员")
    await new_case(app, step="accept", due_in=3 * H, stage="reported")
    work = TimedWork(app.background())
    clock.advance(H)  # 2 h before: the reminder goes to the town lead, not to nobody
    await work.tick()
    assert [c for c, _, _ in await _letters(app, "due.reminder")] == [21]
    clock.advance(2 * H)
    await work.tick()
    [(chat, text, _)] = await _letters(app, "due.escalated")
    assert chat == 21 and "责任人：尚无负责人" in text
    [(chat, text, _)] = await _letters(app, "chase.vacant")
    assert chat == 31 and "黄淦村还没有村级信息员" in text
