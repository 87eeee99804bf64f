"""Channel-qualified media references: "<channel>:<the channel's own id>".

A flow keeps a reference, never a Telegram file id, so a photo sent on one channel can be
shown on another: the receiving channel's transport fetches it as bytes (Transport.fetch_media)
when it cannot use the id itself.
"""

from __future__ import annotations

LEGACY_CHANNEL = "telegram"  # references stored before qualification were Telegram file ids


def qualify(channel: str, native_id: str) -> str:
    """The reference for a channel's own media id."""
    return f"{channel}:{native_id}"


def split(ref: str) -> tuple[str, str]:
    """(channel, native id); a bare id (stored before references were qualified) is Telegram's,
    whose file ids never hold a colon."""
    channel, sep, native = ref.partition(":")
    return (channel, native) if sep else (LEGACY_CHANNEL, ref)
