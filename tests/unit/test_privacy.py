"""No token, phone or ID number in logs; sensitive fields unreadable without the key."""

from __future__ import annotations

import logging

import pytest

from bot.logs import RedactingFilter, redact
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


def test_encrypted_fields_and_lookup_hashes() -> None:
    cipher = FieldCipher(generate_key())
    token = cipher.encrypt("13800138000")
    assert token is not None and b"13800138000" not in token
    assert cipher.decrypt(token) == "13800138000"
    assert cipher.lookup_hash("11010519491231002x") == cipher.lookup_hash("11010519491231002X")
    other = FieldCipher(generate_key())
    assert other.lookup_hash("13800138000") != cipher.lookup_hash("13800138000")
