"""Telegram's hard limits, enforced before anything leaves the neutral core."""

from __future__ import annotations

from dataclasses import replace

from handlers.model import Reply

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut long HTML text at line breaks so no message passes the limit.

    Catalogue messages keep tags within one line, so a cut between lines never
    splits a tag; a single overlong line (user text is escaped and capped far below
    this) is cut hard as a last resort.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            parts.append(current)
            current = line
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts


def enforce(replies: list[Reply]) -> list[Reply]:
    """Split long replies (buttons stay on the last part) and refuse oversized payloads."""
    out: list[Reply] = []
    for reply in replies:
        for row in reply.buttons:
            for button in row:
                if len(button.data.encode()) > MAX_CALLBACK_BYTES:
                    raise ValueError(f"callback payload over 64 bytes: {button.data!r}")
        chunks = split_text(reply.text)
        if len(chunks) == 1:
            out.append(reply)
            continue
        for chunk in chunks[:-1]:
            out.append(Reply(chunk))
        out.append(replace(reply, text=chunks[-1], edit_message_id=None))
    return out
