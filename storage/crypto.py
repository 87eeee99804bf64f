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
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


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
        self.key_count = len(keys)
        # A separate key for hashing, so the hash index reveals nothing about the cipher keys.
        self._hash_key = _raw(lookup_key or derived_lookup_key(data_key), "LOOKUP_KEY")

    def encrypt(self, value: str | None) -> bytes | None:
        if value is None or value == "":
            return None
        return self._fernet.encrypt(value.encode())

    def decrypt(self, token: bytes | None) -> str | None:
        if token is None:
            return None
        try:
            return self._fernet.decrypt(token).decode()
        except InvalidToken as exc:
            raise DataKeyError("a field could not be decrypted: wrong DATA_KEY?") from exc

    def encrypt_bytes(self, data: bytes) -> bytes:
        """A file's bytes (a web upload), encrypted under the newest key."""
        return self._fernet.encrypt(data)

    def decrypt_bytes(self, token: bytes) -> bytes:
        try:
            return self._fernet.decrypt(token)
        except InvalidToken as exc:
            raise DataKeyError("a file could not be decrypted: wrong DATA_KEY?") from exc

    def is_current(self, token: bytes) -> bool:
        """Encrypted under the newest key already (rekey leaves it alone)."""
        try:
            self._newest.decrypt(token)
        except InvalidToken:
            return False
        return True

    def rotate(self, token: bytes) -> bytes:
        """The same value encrypted under the newest key (its original time kept)."""
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
