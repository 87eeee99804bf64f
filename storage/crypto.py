"""Field encryption (phone and ID numbers, descriptions) and keyed hashes for look-ups."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken


class DataKeyError(ValueError):
    """DATA_KEY is missing or malformed."""


def generate_key() -> str:
    """A new DATA_KEY (urlsafe base64 of 32 random bytes)."""
    return Fernet.generate_key().decode()


class FieldCipher:
    """Encrypts sensitive fields with Fernet and hashes them with HMAC-SHA256 under a derived key."""

    def __init__(self, data_key: str) -> None:
        try:
            raw = base64.urlsafe_b64decode(data_key.encode())
        except (ValueError, TypeError) as exc:
            raise DataKeyError("DATA_KEY is not urlsafe base64") from exc
        if len(raw) != 32:
            raise DataKeyError("DATA_KEY must decode to 32 bytes")
        self._fernet = Fernet(data_key.encode())
        # A separate key for hashing, so the hash index reveals nothing about the cipher key.
        self._hash_key = hmac.new(raw, b"safety-net/lookup-hash/v1", hashlib.sha256).digest()

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

    def lookup_hash(self, value: str | None) -> str | None:
        """Keyed hash of a normalised value, for equality look-ups without decrypting."""
        if not value:
            return None
        return hmac.new(self._hash_key, value.strip().upper().encode(), hashlib.sha256).hexdigest()
