"""Field encryption (phone and ID numbers, descriptions) and keyed hashes for look-ups.

DATA_KEY holds one key, or several separated by commas, newest first: new values are
encrypted under the newest, and a value encrypted under any of them is read (MultiFernet).
`python -m bot rekey` re-encrypts what is stored under the newest, after which the older
keys can be dropped.

Look-up hashes must not change when the keys rotate (an ID number found by its hash before a
rotation must be found after it), so they are keyed by a separate secret, LOOKUP_KEY. When it
is not set, it is derived from the last — the oldest — key in DATA_KEY, which is how every
hash was made before rotation existed: a deployment that never rotated needs nothing. Before
the oldest key leaves DATA_KEY, pin LOOKUP_KEY to that derived value (`python -m bot rekey
--lookup-key` prints it); the bot refuses to start when the look-up key no longer matches the
one the stored hashes were made with (storage/keycheck.py).

Records written on every chat step — drafts, recorded updates, the replies an update produced,
outbox parameters — are sealed with AES-256-GCM (`seal_record`, tokens starting "a1.") under a
key derived from each DATA_KEY: Fernet costs ~8× more per seal, and a step seals three times.
Fernet tokens written before stay readable, and rekey moves both kinds to the newest key.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

RECORD_PREFIX = b"a1."
NONCE = 12  # bytes; random per seal (a collision needs ~2^48 seals under one key)


class DataKeyError(ValueError):
    """DATA_KEY (or LOOKUP_KEY) is missing or malformed."""


def generate_key() -> str:
    """A new DATA_KEY (urlsafe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode()


def _raw(key: str, name: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(key.encode())
    except (ValueError, TypeError) as exc:
        raise DataKeyError(f"{name} is not urlsafe base64") from exc
    if len(raw) != 32:
        raise DataKeyError(f"{name} must decode to 32 bytes")
    return raw


def split_keys(data_key: str) -> list[str]:
    """The keys of a DATA_KEY value, newest first."""
    return [k.strip() for k in data_key.split(",") if k.strip()]


def derived_lookup_key(data_key: str) -> str:
    """The LOOKUP_KEY a deployment without one uses: derived one way from its oldest DATA_KEY
    (knowing it reveals nothing about that key)."""
    keys = split_keys(data_key)
    if not keys:
        raise DataKeyError("DATA_KEY is empty")
    raw = hmac.new(_raw(keys[-1], "DATA_KEY"), b"safety-net/lookup-hash/v1", hashlib.sha256)
    return base64.urlsafe_b64encode(raw.digest()).decode()


class FieldCipher:
    """Encrypts sensitive fields with Fernet (the newest key) and hashes them with HMAC-SHA256
    under the look-up key."""

    def __init__(self, data_key: str, lookup_key: str | None = None) -> None:
        keys = split_keys(data_key)
        if not keys:
            raise DataKeyError("DATA_KEY is empty")
        for key in keys:
            _raw(key, "DATA_KEY")
        self._newest = Fernet(keys[0].encode())
        self._fernet = MultiFernet([Fernet(k.encode()) for k in keys])
        self._records = [AESGCM(_record_key(_raw(k, "DATA_KEY"))) for k in keys]  # newest first
        self.key_count = len(keys)
        # A separate key for hashing, so the hash index reveals nothing about the cipher keys.
        self._hash_key = _raw(lookup_key or derived_lookup_key(data_key), "LOOKUP_KEY")

    def encrypt(self, value: str | None) -> bytes | None:
        if value is None or value == "":
            return None
        return self._fernet.encrypt(value.encode())

    def decrypt(self, token: bytes | None) -> str | None:
        """A field's text, from a Fernet token or a sealed record."""
        if token is None:
            return None
        return self.decrypt_bytes(token).decode()

    def encrypt_bytes(self, data: bytes) -> bytes:
        """A file's bytes (a web upload), encrypted under the newest key."""
        return self._fernet.encrypt(data)

    def seal_record(self, data: bytes) -> bytes:
        """A record's bytes sealed (AES-256-GCM) under the newest key; ASCII, so it fits a
        JSON string."""
        nonce = os.urandom(NONCE)
        return RECORD_PREFIX + base64.urlsafe_b64encode(nonce + self._records[0].encrypt(nonce, data, None))

    def decrypt_bytes(self, token: bytes) -> bytes:
        """What `seal_record` sealed, or what was encrypted with Fernet, under any of the keys."""
        if not token.startswith(RECORD_PREFIX):
            try:
                return self._fernet.decrypt(token)
            except InvalidToken as exc:
                raise DataKeyError("a field could not be decrypted: wrong DATA_KEY?") from exc
        for aead in self._records:
            opened = _open(aead, token)
            if opened is not None:
                return opened
        raise DataKeyError("a record could not be decrypted: wrong DATA_KEY?")

    def is_current(self, token: bytes) -> bool:
        """Encrypted under the newest key already (rekey leaves it alone)."""
        if token.startswith(RECORD_PREFIX):
            return _open(self._records[0], token) is not None
        try:
            self._newest.decrypt(token)
        except InvalidToken:
            return False
        return True

    def rotate(self, token: bytes) -> bytes:
        """The same value encrypted under the newest key (a Fernet token's original time kept)."""
        if token.startswith(RECORD_PREFIX):
            return self.seal_record(self.decrypt_bytes(token))
        try:
            return self._fernet.rotate(token)
        except InvalidToken as exc:
            raise DataKeyError("a field could not be decrypted: wrong DATA_KEY?") from exc

    def lookup_hash(self, value: str | None) -> str | None:
        """Keyed hash of a normalised value, for equality look-ups without decrypting."""
        if not value:
            return None
        return hmac.new(self._hash_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()

    def lookup_fingerprint(self) -> str:
        """Names the look-up key without revealing it: stored, and compared at every start."""
        return hmac.new(self._hash_key, b"safety-net/lookup-key-check", hashlib.sha256).hexdigest()[:32]


def _record_key(raw: bytes) -> bytes:
    """The records' AES key for one DATA_KEY: derived one way, so it is never the Fernet key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=b"safety-net/records/v1").derive(raw)


def _open(aead: AESGCM, token: bytes) -> bytes | None:
    """The record's bytes, or None when this key did not seal it (or the token is damaged)."""
    try:
        raw = base64.urlsafe_b64decode(token[len(RECORD_PREFIX):])
        return aead.decrypt(raw[:NONCE], raw[NONCE:], None)
    except (InvalidTag, binascii.Error, ValueError):
        return None
