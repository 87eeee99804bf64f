"""Channel-qualified media references: "<channel>:<the channel's own id>".

A flow keeps a reference, never a Telegram file id, so a photo sent on one channel can be
shown on another: the receiving channel's transport fetches it as bytes (Transport.fetch_media)
when it cannot use the id itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping

from chat.replies import Document, Message, Photo, Voice

LEGACY_CHANNEL = "telegram"  # references stored before qualification were Telegram file ids


def qualify(channel: str, native_id: str) -> str:
    """The reference for a channel's own media id."""
    return f"{channel}:{native_id}"


def split(ref: str) -> tuple[str, str]:
    """(channel, native id); a bare id (stored before references were qualified) is Telegram's,
    whose file ids never hold a colon."""
    channel, sep, native = ref.partition(":")
    return (channel, native) if sep else (LEGACY_CHANNEL, ref)


# --- media from another channel ---------------------------------------------------------------

# Reads the bytes behind a native id of one channel (a web upload, a Telegram file).
MediaSource = Callable[[str], Awaitable[bytes]]


class MediaGone(LookupError):
    """The bytes are no longer kept (removed by the retention rules)."""


async def carry(reply: Message, channel: str, sources: Mapping[str, MediaSource]) -> Message:
    """A photo or voice note from another channel, as bytes the receiving channel can send:
    its own ids mean nothing there. A voice note travels as a file (formats differ between
    channels: a browser records webm or mp4, Telegram plays ogg/opus). Raises MediaGone."""
    if not isinstance(reply, (Photo, Voice)) or reply.media is None:
        return reply
    origin, native = split(reply.media)
    if origin == channel:
        return reply
    source = sources.get(origin)
    if source is None:
        raise MediaGone(f"no source for {origin} media")
    data = await source(native)
    if isinstance(reply, Photo):
        return Photo(reply.text, image=data, filename="photo" + sniff_extension(data),
                     buttons=reply.buttons)
    return Document(reply.text, data, "voice" + sniff_extension(data), reply.buttons)


def sniff_extension(data: bytes) -> str:
    """The file name extension for what the bytes are (by their first bytes, never a name a
    client gave)."""
    for magic, ext in MAGIC:
        if data.startswith(magic):
            return ext
    if data[4:8] == b"ftyp":
        return ".m4a"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return ".wav"
    return ".bin"


MAGIC = ((b"\xff\xd8\xff", ".jpg"), (b"\x89PNG\r\n\x1a\n", ".png"), (b"OggS", ".ogg"),
         (b"\x1a\x45\xdf\xa3", ".webm"), (b"#!AMR", ".amr"), (b"ID3", ".mp3"),
         (b"\xff\xfb", ".mp3"), (b"\xff\xf3", ".mp3"))
