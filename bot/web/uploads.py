"""What a web visitor may upload: a photo or a voice note, judged by its bytes (never by the
name or type the browser claims), no larger than WEB_UPLOAD_MAX_BYTES."""

from __future__ import annotations

from typing import Literal

from chat.media import sniff_extension

PHOTO_TYPES = frozenset({".jpg", ".png", ".webp"})
# What phones record: webm/opus (Chrome, Android WebView), mp4/aac (iOS, WeChat), ogg, amr
# (older Android recorders), mp3 and wav.
VOICE_TYPES = frozenset({".webm", ".m4a", ".ogg", ".amr", ".mp3", ".wav"})


class Refused(ValueError):
    """An upload that is not taken; `reason` names a message in web.ftl."""

    def __init__(self, reason: Literal["too_big", "wrong_type", "empty"]) -> None:
        super().__init__(reason)
        self.reason = reason


def check_upload(kind: str, data: bytes, max_bytes: int) -> None:
    if not data:
        raise Refused("empty")
    if len(data) > max_bytes:
        raise Refused("too_big")
    allowed = PHOTO_TYPES if kind == "photo" else VOICE_TYPES if kind == "voice" else frozenset()
    if sniff_extension(data) not in allowed:
        raise Refused("wrong_type")
