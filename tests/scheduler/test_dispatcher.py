"""The outbox dispatcher: rendering at send time, edits, retries, 403, limits, quiet hours."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from sqlalchemy import select

from chat.live import Deferred
from chat.replies import Document, Edit, Message
from chat.transport import SendFailure
from scheduler.limiter import SendLimits
from scheduler.quiet_hours import QuietHours, parse_hhmm
from scheduler.service import blocked_handler
from storage.tables import cases, conversations, officials, outbox
from tests.scheduler.helpers import (
    TOWN,
    VILLAGE,
    RecordingTransport,
    dispatcher,
    new_case,
    official,
    queue,
    set_lang,
)

STEP = {"key": "due.step.visit"}


async def _status(app, row_id):  # type: ignore[no-untyped-def]
    async with app.db.begin() as tx:
        return (await tx.execute(select(outbox).where(outbox.c.id == row_id))).one()


async def test_renders_in_the_recipients_language_at_send_time(app, clock) -> None:
    sender = RecordingTransport(clock)
    await set_lang(app, 501, "en")
    await queue(app, 501, "due.step.visit")
    await queue(app, 502, "due.step.visit")  # no conversation: the default language
    await queue(app, 503, "due.level.1", lang="en")
    assert await dispatcher(app, sender).run_once() == 3
    assert sender.texts(501) == ["home visit"]
    assert sender.texts(502) == ["入户走访"]
    assert sender.texts(503) == ["town lead"]


async def test_label_parameters_and_buttons_follow_the_language(app, clock) -> None:
    sender = RecordingTransport(clock)
    await set_lang(app, 501, "en")
    await queue(app, 501, "due.reminder", params={
        "ref": "NC-2026-000001", "village": "<x>", "step": STEP, "due": "2026-03-03 10:00",
        "left": "2"}, buttons=[[{"key": "due.level.2", "data": "case:1"}]])
    await dispatcher(app, sender).run_once()
    reply = sender.calls[0].reply
    assert "the home visit is due" in reply.text and "&lt;x&gt;" in reply.text
    assert reply.buttons[0][0].text == "district admin" and reply.buttons[0][0].data == "case:1"


async def test_an_edit_changes_the_message_the_earlier_row_sent(app, clock) -> None:
    sender = RecordingTransport(clock)
    first = await queue(app, 501, "due.level.0")
    second = await queue(app, 501, "due.level.1", edit_of=first)
    d = dispatcher(app, sender)
    assert await d.run_once() == 1  # the edit waits for the message it edits
    assert await d.run_once() == 1
    sent = (await _status(app, first)).sent_message_id
    assert isinstance(sender.calls[1].reply, Edit) and sender.calls[1].reply.message_id == sent
    assert (await _status(app, second)).status == "sent"


async def test_retry_after_is_honoured(app, clock) -> None:
    sender = RecordingTransport(clock)
    sender.fail(SendFailure("retry_after", "Too Many Requests", retry_after=7))
    row = await queue(app, 501)
    d = dispatcher(app, sender)
    assert await d.run_once() == 0
    clock.advance(timedelta(seconds=6))
    assert await d.run_once() == 0 and sender.calls == []
    clock.advance(timedelta(seconds=1))
    assert await d.run_once() == 1
    assert (await _status(app, row)).status == "sent"


async def test_a_chat_waiting_out_a_429_sends_nothing_else_and_keeps_its_order(app, clock
                                                                              ) -> None:
    sender = RecordingTransport(clock)
    sender.fail(SendFailure("retry_after", "Too Many Requests", retry_after=30), chat_id=701)
    await queue(app, 701, "due.level.0")
    await queue(app, 701, "due.level.1")
    await queue(app, 702, "due.level.2")  # another chat is not held up
    d = dispatcher(app, sender)
    assert await d.run_once() == 1
    clock.advance(timedelta(seconds=29))
    assert await d.run_once() == 0
    assert [c.chat_id for c in sender.calls] == [702]
    clock.advance(timedelta(seconds=1))
    await d.run_once()
    await d.run_once()
    assert sender.texts(701) == ["村级信息员", "镇（街道）负责人"]


async def test_429s_never_make_the_dispatcher_give_up_on_a_message(app, clock) -> None:
    sender = RecordingTransport(clock)
    sender.fail(SendFailure("retry_after", "Too Many Requests", retry_after=5), times=4)
    row = await queue(app, 501)
    d = dispatcher(app, sender, max_attempts=2)
    for _ in range(4):
        assert await d.run_once() == 0
        clock.advance(timedelta(seconds=5))
    assert await d.run_once() == 1
    assert (await _status(app, row)).status == "sent"


async def test_a_file_that_cannot_be_built_is_given_up_not_retried_forever(app, clock) -> None:
    sender = RecordingTransport(clock)

    async def broken(tx, channel, chat_id, params, lang):  # type: ignore[no-untyped-def]
        async def build() -> Message:
            raise ValueError("no disk space")
        return Deferred(build)

    row = await queue(app, 501, "test.file")
    other = await queue(app, 502)
    d = dispatcher(app, sender, live={"test.file": broken})
    assert await d.run_once() == 1
    assert (await _status(app, other)).status == "sent"
    await d.builds_finished()
    assert await d.run_once() == 1
    assert (await _status(app, row)).status == "failed" and sender.texts(501) == []


async def test_messages_to_others_go_out_while_a_file_is_being_built(app, clock) -> None:
    """A district's case list may take many seconds to build: the cards and reminders queued
    behind it for everyone else do not wait for it."""
    sender = RecordingTransport(clock)
    release = asyncio.Event()

    async def big_file(tx, channel, chat_id, params, lang):  # type: ignore[no-untyped-def]
        async def build() -> Message:
            await release.wait()
            return Document("the list", b"xlsx", "cases.xlsx")
        return Deferred(build)

    file_row = await queue(app, 501, "test.file")
    await queue(app, 502)
    await queue(app, 503)
    d = dispatcher(app, sender, live={"test.file": big_file})
    assert await d.run_once() == 2
    assert sorted(c.chat_id for c in sender.calls) == [502, 503]
    assert await d.run_once() == 0  # still building: nothing more, nothing twice
    assert (await _status(app, file_row)).status == "pending"
    release.set()
    await d.builds_finished()
    assert await d.run_once() == 1
    assert [c.reply.filename for c in sender.calls if c.chat_id == 501] == ["cases.xlsx"]
    assert (await _status(app, file_row)).status == "sent"


async def test_no_second_dispatcher_takes_a_file_while_it_is_being_built(app, clock) -> None:
    first_sender, second_sender = RecordingTransport(clock), RecordingTransport(clock)
    second = dispatcher(app, second_sender)

    async def slow_file(tx, channel, chat_id, params, lang):  # type: ignore[no-untyped-def]
        async def build() -> Message:
            clock.advance(timedelta(minutes=5))  # far past the ordinary 60 s lease
            second.live = {"test.file": slow_file}
            assert await second.run_once() == 0  # the row is still ours
            return Document("the list", b"xlsx", "cases.xlsx")
        return Deferred(build)

    await queue(app, 501, "test.file")
    first = dispatcher(app, first_sender, live={"test.file": slow_file})
    assert await first.run_once() == 0
    await first.builds_finished()
    assert await first.run_once() == 1
    assert [c.reply.filename for c in first_sender.calls] == ["cases.xlsx"]
    assert second_sender.calls == []


async def test_server_and_network_errors_back_off_exponentially_to_a_cap(app, clock) -> None:
    sender = RecordingTransport(clock)
    for kind in ("server", "network", "server", "network", "server"):
        sender.fail(SendFailure(kind, "boom"))
    row = await queue(app, 501)
    d = dispatcher(app, sender, max_backoff=timedelta(seconds=5))
    waits = []
    for _ in range(5):
        assert await d.run_once() == 0
        waits.append(((await _status(app, row)).not_before - clock.now()).total_seconds())
        clock.advance(timedelta(seconds=waits[-1]))
    assert waits == [1, 2, 4, 5, 5]
    assert await d.run_once() == 1 and len(sender.calls) == 1


async def test_gives_up_after_max_attempts_and_on_bad_request(app, clock) -> None:
    sender = RecordingTransport(clock)
    sender.fail(SendFailure("bad_request", "chat not found"), chat_id=501)
    sender.fail(SendFailure("server", "boom"), chat_id=502, times=3)
    bad = await queue(app, 501)
    flaky = await queue(app, 502)
    d = dispatcher(app, sender, max_attempts=3)
    for _ in range(4):
        await d.run_once()
        clock.advance(timedelta(seconds=10))
    assert (await _status(app, bad)).status == "failed"
    assert (await _status(app, flaky)).status == "failed" and sender.calls == []


async def test_not_modified_counts_as_sent(app, clock) -> None:
    sender = RecordingTransport(clock)
    sender.fail(SendFailure("not_modified", "Bad Request: message is not modified"))
    row = await queue(app, 501)
    assert await dispatcher(app, sender).run_once() == 1
    assert (await _status(app, row)).status == "sent"


async def test_blocked_marks_the_recipient_unreachable_and_calls_the_hook(app, clock) -> None:
    sender = RecordingTransport(clock)
    await set_lang(app, 601, "zh")
    officer = await official(app, 601, "officer", "500119001201", "李明")
    sender.fail(SendFailure("blocked", "Forbidden: bot was blocked by the user"), chat_id=601)
    first = await queue(app, 601)
    second = await queue(app, 601)
    other = await queue(app, 602)
    seen = []

    async def on_blocked(tx, channel, chat_id):  # type: ignore[no-untyped-def]
        from storage.officials import mark_unreachable

        seen.append((channel, chat_id))
        await mark_unreachable(tx, channel, chat_id)

    d = dispatcher(app, sender, on_blocked=on_blocked)
    await d.run_once()
    await d.run_once()
    assert seen == [("telegram", "601")]
    assert (await _status(app, first)).status == "unreachable"
    assert (await _status(app, second)).status == "unreachable"  # no retry to a blocked chat
    assert (await _status(app, other)).status == "sent"
    async with app.db.begin() as tx:
        conv = (await tx.execute(select(conversations.c.unreachable)
                                 .where(conversations.c.chat_id == 601))).scalar_one()
        flagged = (await tx.execute(select(officials.c.unreachable)
                                    .where(officials.c.id == officer))).scalar_one()
    assert conv and flagged


async def test_a_blocked_officers_open_case_goes_to_the_villages_other_officer(app, clock
                                                                              ) -> None:
    sender = RecordingTransport(clock)
    gone = await official(app, 611, "officer", VILLAGE, "李明")
    await official(app, 612, "officer", VILLAGE, "赵强")
    case_id = await new_case(app, step="visit", due_in=timedelta(days=2), owner_id=gone)
    sender.fail(SendFailure("blocked", "Forbidden: bot was blocked by the user"), chat_id=611)
    await queue(app, 611)
    d = dispatcher(app, sender, on_blocked=blocked_handler(app.background()), live=app.live_messages())
    await d.run_once()
    await d.run_once()
    async with app.db.begin() as tx:
        owner = (await tx.execute(select(cases.c.owner_id).where(cases.c.id == case_id))).scalar()
    assert owner is None  # nobody owns it until the other officer accepts it
    assert any(c.chat_id == 612 and "NC-2026-000001" in c.reply.text for c in sender.calls)


async def test_with_no_other_officer_a_blocked_officers_case_climbs_to_the_town_lead(
        app, clock) -> None:
    sender = RecordingTransport(clock)
    gone = await official(app, 621, "officer", VILLAGE, "李明")
    await official(app, 622, "town_lead", TOWN, "张镇长")
    await new_case(app, step="visit", due_in=timedelta(days=2), owner_id=gone)
    sender.fail(SendFailure("blocked", "Forbidden: bot was blocked by the user"), chat_id=621)
    await queue(app, 621)
    d = dispatcher(app, sender, on_blocked=blocked_handler(app.background()), live=app.live_messages())
    await d.run_once()
    await d.run_once()
    assert any(c.chat_id == 622 and "NC-2026-000001" in c.reply.text for c in sender.calls)


async def test_a_crash_between_send_and_mark_sends_again_after_the_lease(app, clock) -> None:
    """The documented at-least-once window: claimed, sent, never marked."""
    sender = RecordingTransport(clock)
    await queue(app, 501)
    crashed = dispatcher(app, sender, worker_id="dead")

    async def die(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("process died before the mark")

    crashed._failed = die  # not reached; the mark is what fails below
    from storage import outbox as outbox_repo

    real_mark = outbox_repo.mark_sent
    outbox_repo.mark_sent = die  # type: ignore[assignment]
    try:
        try:
            await crashed.run_once()
        except RuntimeError:
            pass
    finally:
        outbox_repo.mark_sent = real_mark  # type: ignore[assignment]
    survivor = dispatcher(app, sender, worker_id="w2")
    assert await survivor.run_once() == 0  # leased to the dead worker
    clock.advance(timedelta(seconds=61))
    assert await survivor.run_once() == 1
    assert len(sender.calls) == 2  # twice, only because of the crash


async def test_per_chat_and_overall_limits_hold_in_every_window(app, clock) -> None:
    sender = RecordingTransport(clock)
    for n in range(60):
        await queue(app, 700 + n % 10)  # 10 chats, 6 messages each
    d = dispatcher(app, sender, limits=SendLimits(1.0, 20, 4))
    for _ in range(400):
        await d.run_once()
        clock.advance(timedelta(milliseconds=50))
    assert len(sender.calls) == 60
    times = [c.at for c in sender.calls]
    for i, start in enumerate(times):
        window = [t for t in times[i:] if t < start + timedelta(seconds=1)]
        assert len(window) <= 4
    for chat in range(700, 710):
        mine = [c.at for c in sender.calls if c.chat_id == chat]
        assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(mine))
    # and in order per chat
    assert [c.reply.text for c in sender.calls if c.chat_id == 700] == ["尚无负责人"] * 6


async def test_a_group_gets_at_most_twenty_a_minute(app, clock) -> None:
    sender = RecordingTransport(clock)
    for _ in range(30):
        await queue(app, -1001)
    d = dispatcher(app, sender, limits=SendLimits(1.0, 20, 25))
    for _ in range(120):
        await d.run_once()
        clock.advance(timedelta(seconds=1))
    times = [c.at for c in sender.calls]
    assert len(times) == 30
    for i, start in enumerate(times):
        assert len([t for t in times[i:] if t < start + timedelta(minutes=1)]) <= 20


async def test_quiet_hours_hold_non_urgent_messages_until_morning(app, clock) -> None:
    sender = RecordingTransport(clock)
    zone = ZoneInfo("Asia/Shanghai")
    quiet = QuietHours(parse_hhmm("22:00"), parse_hhmm("07:00"), zone)
    clock.set(clock.now().replace(hour=15, minute=30))  # 23:30 in Shanghai
    calm = await queue(app, 501)
    await queue(app, 502, urgent=True)
    d = dispatcher(app, sender, quiet_hours=quiet)
    assert await d.run_once() == 1
    assert [c.chat_id for c in sender.calls] == [502]
    held = (await _status(app, calm)).not_before.astimezone(zone)
    assert (held.hour, held.minute) == (7, 0)
    clock.advance(timedelta(hours=7, minutes=29))  # 06:59
    assert await d.run_once() == 0
    clock.advance(timedelta(minutes=1))
    assert await d.run_once() == 1 and sender.calls[-1].chat_id == 501
