"""Telegram's hard limits, enforced before anything leaves the neutral core."""

from __future__ import annotations

from chat.payloads import MAX_BYTES
from chat.replies import Edit, Reply, Text, Toast

MAX_TEXT = 4096


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
    """Split long texts (buttons stay on the last part), refuse oversized payloads, and make
    sure a toast's words are also in the chat: a toast is gone after about 15 s."""
    out: list[Reply] = []
    for reply in replies:
        for row in reply.buttons:
            for button in row:
                if len(button.data.encode()) > MAX_BYTES:
                    raise ValueError(f"callback payload over 64 bytes: {button.data!r}")
        chunks = split_text(reply.text) if isinstance(reply, (Text, Edit)) else [reply.text]
        if len(chunks) == 1:
            out.append(reply)
            continue
        out.extend(Text(chunk) for chunk in chunks[:-1])
        keyboard = reply.keyboard if isinstance(reply, Text) else None
        out.append(Text(chunks[-1], reply.buttons, keyboard))  # an edit grown too long comes anew
    shown = [r.text for r in out if not isinstance(r, Toast)]
    for toast in [r for r in out if isinstance(r, Toast)]:
        if not any(toast.text in text for text in shown):
            first = next((i for i, r in enumerate(out) if not isinstance(r, Toast)), len(out))
            out.insert(first, Text(toast.text))  # before the screen it explains
    return out
