"""A whole journey with known personal details, then every column of every table, the SQLite
file with its WAL (raw bytes) and every log line searched for them: none is stored or logged
in plain text. Officials still read them in the messages they receive."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.app import App
from bot.cli.households import load_households
from bot.logs import RedactingFilter
from bot.settings import Settings
from cases.clock import MovableClock
from storage.outbox import OutboxMessage, enqueue
from storage.schema import metadata
from storage.tables import outbox
from tests.flows.intake_helpers import HANCHANGBA, MULIANG, NamedChat
from tests.flows.test_officials_journey import last_text, official
from tests.flows.test_pump import make_pump, update
from tests.imports.factory import HOUSEHOLD_COLUMNS, write_csv
from tests.scheduler.helpers import RecordingTransport, dispatcher
from tests.support.flow_chat import FlowChat

PHONE, ID_NUMBER = "13912345678", "110101199003074514"
NEIGHBOUR_NAME, NEIGHBOUR_PHONE = "热心邻居甲", "13698765432"
NEIGHBOUR_DESC = "他家老人病了没人管"
SELF_DESC = "母亲住院欠了医药费"
REASON = "请补充收入证明材料"
SECRETS = (PHONE, ID_NUMBER, NEIGHBOUR_NAME, NEIGHBOUR_PHONE, NEIGHBOUR_DESC, SELF_DESC, REASON)
RESIDENT, OFFICER, LEAD, KIND_NEIGHBOUR, SHY_NEIGHBOUR = 6101, 7111, 7211, 7711, 7712


@pytest.fixture
def every_log_line() -> Iterator[io.StringIO]:
    """Everything logged at any level, formatted and filtered as the bot's console handler."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield out
    root.removeHandler(handler)
    root.setLevel(level)


async def register_household(settings: Settings, clock: MovableClock, tmp_path: Path) -> None:
    row = {"household_id": "HH-SEAL-1", "village_code": HANCHANGBA, "head_name": "李大山",
           "id_number": ID_NUMBER, "members": "4", "category": "监测户", "phone": PHONE}
    path = write_csv(tmp_path / "households.csv", HOUSEHOLD_COLUMNS, [row])
    assert await load_households(settings, str(path), clock) == 0


async def self_report(app: App) -> FlowChat:
    chat = FlowChat(app.core, user_id=RESIDENT)
    await chat.send("/start")
    await chat.press("同意")
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await chat.press(label)
    await chat.send("李大山")
    await chat.send(PHONE)
    await chat.press("4")
    await chat.press("因病")
    await chat.press("完成")
    await chat.send(SELF_DESC)
    await chat.press("否")
    assert "NC-2026-000001" in last_text(await chat.press("提交")), chat.transcript()
    return chat


async def neighbour_report(app: App, user_id: int, head: str, *, contact: bool) -> None:
    chat = NamedChat(app.core, user_id=user_id, first_name="邻居", username=None)
    await chat.send("/start")
    await chat.press("同意")
    await chat.send("/neighbour")
    await chat.press("木凉镇")
    await chat.press("汉场坝村")
    await chat.send(head)
    await chat.press("不清楚")
    await chat.press("因病")
    await chat.press("完成")
    await chat.send(NEIGHBOUR_DESC)
    await chat.press("不知道")
    if contact:
        await chat.press("可以联系我")
        await chat.send(NEIGHBOUR_NAME)
        await chat.send(NEIGHBOUR_PHONE)
    else:
        await chat.press("不用联系我")
    assert "谢谢您" in last_text(await chat.press("提交")), chat.transcript()


async def found_with_id_number(officer: FlowChat) -> None:
    """The officer visits the household and records its ID number (added to the open case)."""
    await officer.send("/found")
    await officer.press("汉场坝村")
    await officer.send("李大山")
    await officer.send(ID_NUMBER)
    await officer.press("4")
    await officer.press("因病")
    await officer.press("完成")
    await officer.press("完成")
    await officer.send("3000")
    await officer.send(SELF_DESC)
    await officer.press("否")
    await officer.press("提交")


async def casework(officer: FlowChat, lead: FlowChat, deliver: Any) -> None:
    """Accept, visit, propose, sent back with a reason, proposed again, approved, a note."""
    await officer.send("/case NC-2026-000001")
    await officer.press("受理")
    await officer.press("记录走访")
    await officer.press("完成")
    await officer.send("3000")
    await officer.send(f"邻居{NEIGHBOUR_NAME}反映{NEIGHBOUR_DESC}")
    await officer.press("完成")
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("退回")
    assert "已退回" in last_text(await lead.send(REASON)), lead.transcript()
    await deliver()  # the notice line with the reason shows until the case changes again
    await officer.send("/case NC-2026-000001")
    await officer.press("提出认定意见")
    await officer.press("突发严重困难户")
    await lead.send("/case NC-2026-000001")
    await lead.press("审核通过")
    await lead.send(REASON)
    await officer.press("备注")
    await officer.send(f"{NEIGHBOUR_NAME}说{NEIGHBOUR_DESC}，电话{NEIGHBOUR_PHONE}")


async def every_kind_of_sealed_data(app: App, settings: Settings, clock: MovableClock,
                                    tmp_path: Path) -> FlowChat:
    """The register, a self-report, a neighbour who may be contacted, a household found with its
    ID number, and casework with a reason and a note: sealed data of every kind. Returns the
    officer."""
    await register_household(settings, clock, tmp_path)
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    await self_report(app)
    await neighbour_report(app, KIND_NEIGHBOUR, "李大山", contact=True)
    await found_with_id_number(officer)

    async def nothing() -> None:
        pass

    await casework(officer, lead, nothing)
    return officer


def hits(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


def raw_hits(data: bytes) -> list[str]:
    """A secret as UTF-8, or as JSON writes it (\\u escapes), anywhere in the bytes."""
    return [s for s in SECRETS
            if s.encode() in data or json.dumps(s)[1:-1].encode() in data]


def as_text(value: Any) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


async def test_no_personal_detail_is_stored_or_logged_in_plain_text(
        app: App, settings: Settings, clock: MovableClock, tmp_path: Path, backend: str,
        every_log_line: io.StringIO) -> None:
    await register_household(settings, clock, tmp_path)
    officer = await official(app, OFFICER, "officer", HANCHANGBA, "李信息员")
    lead = await official(app, LEAD, "town_lead", MULIANG, "张镇长")
    resident = await self_report(app)
    # A question to the village with the phone left, answered by the officer (sealed too).
    await resident.send(f"什么时候来？{SELF_DESC}")
    await resident.press("留下我的电话")
    await resident.send_kind("contact", phone=f"86{PHONE}")
    await officer.press_data("qa:answer:1")
    await officer.send(f"下周来，{REASON}")
    await neighbour_report(app, KIND_NEIGHBOUR, "李大山", contact=True)
    await neighbour_report(app, SHY_NEIGHBOUR, "王小二", contact=False)
    await found_with_id_number(officer)
    # Everything queued is delivered: sealed rows are opened and drawn for their readers.
    transport = RecordingTransport(clock)
    sender = dispatcher(app, transport, live=app.live_messages())

    async def deliver() -> None:
        while await sender.run_once():
            pass

    await casework(officer, lead, deliver)
    # The resident writes their number once more through the edge: recorded (sealed) first.
    pump = make_pump(app, transport)
    await pump.receive([update(990001, PHONE)])
    await pump.drain()
    await deliver()
    officer_saw = "\n".join(transport.texts(OFFICER))
    for detail in (NEIGHBOUR_NAME, NEIGHBOUR_PHONE, NEIGHBOUR_DESC, REASON, PHONE):
        assert detail in officer_saw, detail
    assert REASON in "\n".join(transport.texts(RESIDENT))  # the answer to the question

    found: list[str] = []
    async with app.db.connect() as conn:
        for table in metadata.sorted_tables:
            for row in (await conn.execute(select(table))).all():
                for column, value in zip(table.columns, row, strict=True):
                    found += [f"{table.name}.{column.name}: {s}" for s in hits(as_text(value))]
    assert found == []
    if backend == "sqlite":
        database = Path(settings.storage.database_url.split("///", 1)[1])
        wal = database.with_name(database.name + "-wal")
        assert wal.exists()
        for path in (database, wal):
            assert raw_hits(path.read_bytes()) == [], path.name
    logging.getLogger("safety_net.test").info("the capture works: %s", PHONE)  # masked too
    lines = every_log_line.getvalue()
    assert "the capture works: <phone>" in lines and hits(lines) == []


async def test_a_row_queued_before_sealing_still_renders(app: App, clock: MovableClock) -> None:
    """Rows written by the previous version hold their params plain: sent as they are."""
    params = {"ref": "NC-2026-000009", "village": "汉场坝村", "head": "李大山", "risks": "因病",
              "desc": NEIGHBOUR_DESC, "group": "-", "knows": "-", "media": "0",
              "name": NEIGHBOUR_NAME, "phone": NEIGHBOUR_PHONE}
    async with app.db.begin() as tx:
        await tx.execute(outbox.insert().values(
            channel="telegram", chat_id=OFFICER, lang="zh", key="intake.note_neighbour_contact",
            params=params, buttons=[], urgent=False, status="pending", not_before=clock.now(),
            created_at=clock.now(), attempts=0))
    transport = RecordingTransport(clock)
    assert await dispatcher(app, transport).run_once() == 1
    [text] = transport.texts(OFFICER)
    assert NEIGHBOUR_NAME in text and NEIGHBOUR_PHONE in text


async def test_personal_params_are_sealed_and_need_the_key(app: App, clock: MovableClock) -> None:
    cipher = app.services.cases.cipher
    message = OutboxMessage("telegram", str(OFFICER), "intake.note_neighbour_contact",
                            params={"ref": "NC-1", "name": NEIGHBOUR_NAME})
    async with app.db.begin() as tx:
        with pytest.raises(ValueError, match="data key"):
            await enqueue(tx, message, clock.now())
        await enqueue(tx, message, clock.now(), cipher=cipher)
        plain = OutboxMessage("telegram", str(OFFICER), "due.digest", params={"open": 3})
        await enqueue(tx, plain, clock.now())  # nothing personal: readable for operators
        stored = [r.params for r in (await tx.execute(select(outbox.c.params)
                                                      .order_by(outbox.c.id))).all()]
    assert list(stored[0]) == ["sealed"] and stored[1] == {"open": 3}
