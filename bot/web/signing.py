"""Signed values of the web channel: the visitor cookie, its CSRF token, and the village in a
poster's link (signed with POSTER_KEY, so rotating DATA_KEY never voids printed posters)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from chat.web import VILLAGE, VISITOR

_POSTER = re.compile(r"(\d{6,16})-([A-Za-z0-9_-]{8})")


def _mac(key: bytes, purpose: str, value: str, size: int) -> str:
    digest = hmac.new(key, f"{purpose}|{value}".encode(), hashlib.sha256).digest()[:size]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class Signer:
    """Visitor cookies and CSRF tokens under WEB_SECRET."""

    def __init__(self, secret: str) -> None:
        self.key = secret.encode()

    def new_visitor(self) -> tuple[str, str]:
        """(visitor id, cookie value)."""
        visitor = secrets.token_urlsafe(16)
        return visitor, f"{visitor}.{_mac(self.key, 'visitor', visitor, 16)}"

    def visitor_of(self, cookie: str | None) -> str | None:
        """The visitor a cookie names, or None when it is missing or forged."""
        visitor, _, mac = (cookie or "").partition(".")
        if not VISITOR.fullmatch(visitor) or not mac:
            return None
        if not hmac.compare_digest(mac, _mac(self.key, "visitor", visitor, 16)):
            return None
        return visitor

    def csrf_token(self, visitor: str) -> str:
        return _mac(self.key, "csrf", visitor, 18)

    def csrf_ok(self, visitor: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token or "", self.csrf_token(visitor))


class PosterSigner:
    """The village of a poster, as "<code>-<8 characters of signature>"."""

    def __init__(self, poster_key: str) -> None:
        self.key = poster_key.encode()

    def token(self, village_code: str) -> str:
        if not VILLAGE.fullmatch(village_code):
            raise ValueError(f"not a village code: {village_code!r}")
        return f"{village_code}-{_mac(self.key, 'poster', village_code, 6)}"

    def village_of(self, token: str | None) -> str | None:
        match = _POSTER.fullmatch(token or "")
        if match is None:
            return None
        code, mac = match.groups()
        return code if hmac.compare_digest(mac, _mac(self.key, "poster", code, 6)) else None
