"""Messages as the page shows them: the flows write Telegram-style HTML; the page gets only a
few harmless tags of it (bold, italic, code, line breaks in the text), everything else as
plain text, so nothing a resident or neighbour typed can ever run in another page."""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser
from typing import Any

from chat.replies import Document, Edit, Message, Photo, Text, Voice

KEPT = {"b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "s": "s", "code": "code",
        "pre": "pre", "blockquote": "blockquote"}


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kept = KEPT.get(tag)
        if kept:
            self.out.append(f"<{kept}>")
            self.open.append(kept)

    def handle_endtag(self, tag: str) -> None:
        kept = KEPT.get(tag)
        if kept and kept in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == kept:
                    break

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))


def safe_html(text: str) -> str:
    cleaner = _Cleaner()
    cleaner.feed(text)
    cleaner.close()
    cleaner.out.extend(f"</{tag}>" for tag in reversed(cleaner.open))
    return "".join(cleaner.out)


def page_body(reply: Message, media_note: str) -> dict[str, Any]:
    """What the page draws for one reply: cleaned text, buttons, and the input it asks for
    (a phone number, a location). A file is not sent to a resident's page: its caption is."""
    text = reply.text
    if isinstance(reply, (Photo, Voice, Document)):
        text = f"{text}\n{media_note}" if text else media_note
    body: dict[str, Any] = {"html": safe_html(text)}
    if reply.buttons:
        body["buttons"] = [[[b.text, b.data] for b in row] for row in reply.buttons]
    keyboard = reply.keyboard if isinstance(reply, Text) else None
    if keyboard is not None:
        body["ask"] = {"kind": keyboard.kind, "label": keyboard.label,
                       "cancel": keyboard.cancel_label}
    if isinstance(reply, Edit):
        body["edit"] = True
    return body
