"""No token, phone or ID number in logs; sensitive fields unreadable without the key."""

from __future__ import annotations

import io
import logging
import sys

import pytest

from bot.logs import RedactingFilter, configure_logging, redact
from storage.crypto import FieldCipher, generate_key


def test_redaction_masks_tokens_phones_and_id_numbers() -> None:
    line = ("POST https://api.telegram.org/bot123456:AAE-x_y/sendMessage to 13800138000 "
            "id 11010519491231002X")
    cleaned = redact(line)
    assert "123456:AAE" not in cleaned and "13800138000" not in cleaned
    assert "11010519491231002X" not in cleaned


def test_log_records_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("privacy-test")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.INFO):
        logger.info("calling %s", "https://x/bot42:SECRET/getMe")
    assert "SECRET" not in caplog.text


def test_console_logs_follow_the_current_stderr_and_are_redacted(
        monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging("INFO")
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    logging.getLogger("safety").info("calling 13800138000")
    first.close()  # the stream the logs began on goes away (a test runner, a daemon)
    monkeypatch.setattr(sys, "stderr", second)
    logging.getLogger("safety").info("calling 13800138000 again")
    assert "calling <phone> again" in second.getvalue()
    assert "13800138000" not in second.getvalue()


def test_encrypted_fields_and_lookup_hashes() -> None:
    cipher = FieldCipher(generate_key())
    token = cipher.encrypt("13800138000")
    assert token is not None and b"13800138000" not in token
    assert cipher.decrypt(token) == "13800138000"
    assert cipher.lookup_hash("11010519491231002x") == cipher.lookup_hash("11010519491231002X")
    other = FieldCipher(generate_key())
    assert other.lookup_hash("13800138000") != cipher.lookup_hash("13800138000")


async def test_drafts_and_the_replay_log_hold_no_plain_phone_or_name(app) -> None:  # type: ignore[no-untyped-def]
    """Mid-report the draft holds the phone; the replay log holds the summary that shows it.
    Neither is readable in the database without DATA_KEY, and a redelivery still replays."""
    from sqlalchemy import select

    from storage.tables import conversations, processed_updates
    from tests.support.flow_chat import FlowChat

    chat = FlowChat(app.core, user_id=4242)
    await chat.send("/start")
    await chat.press("同意")
    for label in ("申报本户困难", "木凉镇", "汉场坝村"):
        await chat.press(label)
    await chat.send("王秀英")
    summary_step = await chat.send("13800138000")
    async with app.db.begin() as tx:
        stored = [str(r) for r in (await tx.execute(select(conversations))).all()]
        stored += [str(r) for r in (await tx.execute(select(processed_updates))).all()]
    assert stored and not any("13800138000" in s or "王秀英" in s for s in stored)
    again = await chat.deliver(chat.last_event)  # Telegram redelivers the same update
    assert [r.text for r in again] == [r.text for r in summary_step]


def test_tracebacks_are_redacted_like_messages(monkeypatch: pytest.MonkeyPatch) -> None:
    """A phone or ID number inside an exception's text (and its cause's) is masked."""
    configure_logging("INFO")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    try:
        try:
            raise KeyError("phone 13912345678")
        except KeyError as cause:
            raise ValueError("bad ID number 110101199003074514 for 13912345678") from cause
    except ValueError:
        logging.getLogger("safety").exception("handling an update failed")
    written = out.getvalue()
    assert "Traceback" in written and "ValueError: bad ID number <id-number> for <phone>" in written
    assert "KeyError: 'phone <phone>'" in written
    assert "13912345678" not in written and "110101199003074514" not in written


def test_an_uncaught_exception_is_logged_redacted(monkeypatch: pytest.MonkeyPatch) -> None:
    configure_logging("INFO")
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    try:
        raise RuntimeError("resident 13912345678")
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    assert "RuntimeError: resident <phone>" in out.getvalue()
    assert "13912345678" not in out.getvalue()
