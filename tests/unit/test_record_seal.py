"""Records sealed on every chat step (drafts, recorded updates, stored replies) use AES-GCM;
what was sealed before with Fernet, or under an older key, must still read."""

from __future__ import annotations

import json

import pytest

from storage.conversations import seal, unseal
from storage.crypto import RECORD_PREFIX, DataKeyError, FieldCipher, generate_key

DRAFT = {"name": "王秀英", "phone": "13800138000", "note": "房子漏雨"}


def test_a_draft_is_sealed_as_a_record_and_reads_back() -> None:
    cipher = FieldCipher(generate_key())
    sealed = seal(cipher, DRAFT)
    token = sealed["sealed"]
    assert token.startswith(RECORD_PREFIX.decode())
    assert "13800138000" not in json.dumps(sealed) and "王秀英" not in json.dumps(sealed, ensure_ascii=False)
    assert unseal(cipher, sealed) == DRAFT


def test_a_draft_sealed_with_fernet_before_still_reads() -> None:
    cipher = FieldCipher(generate_key())
    old = {"sealed": cipher.encrypt(json.dumps(DRAFT, ensure_ascii=False)).decode()}  # type: ignore[union-attr]
    assert old["sealed"].startswith("gAAAAA")
    assert unseal(cipher, old) == DRAFT


def test_after_rotation_old_records_read_and_rekey_moves_them() -> None:
    old_key, new_key = generate_key(), generate_key()
    token = FieldCipher(old_key).seal_record(b"draft")
    rotated = FieldCipher(f"{new_key},{old_key}")
    assert rotated.decrypt_bytes(token) == b"draft"
    assert not rotated.is_current(token)
    moved = rotated.rotate(token)
    assert rotated.is_current(moved)
    assert FieldCipher(new_key).decrypt_bytes(moved) == b"draft"  # the old key can go


@pytest.mark.parametrize("damage", [
    lambda t: t[:-3] + (b"AAA" if not t.endswith(b"AAA") else b"BBB"),  # tag changed
    lambda t: t[:10],                                                    # cut short
    lambda t: t[:3] + b"!!!" + t[6:],                                    # not base64
])
def test_a_damaged_or_foreign_record_is_refused(damage) -> None:  # type: ignore[no-untyped-def]
    cipher = FieldCipher(generate_key())
    token = cipher.seal_record(b"draft")
    with pytest.raises(DataKeyError):
        cipher.decrypt_bytes(damage(token))
    with pytest.raises(DataKeyError):
        FieldCipher(generate_key()).decrypt_bytes(token)
