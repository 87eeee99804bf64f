"""Telegram's HTML parse mode, checked the way Telegram checks it: a message it would reject
("can't parse entities") is rejected here too, so a test catches unescaped user text."""

from __future__ import annotations

import html
import re

ALLOWED = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
           "a", "code", "pre", "blockquote", "tg-emoji"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class EntityError(ValueError):
    """The text would not parse as Telegram HTML."""


def parse_html(text: str) -> str:
    """Return the plain text a person sees; raise EntityError where Telegram would refuse."""
    out: list[str] = []
    stack: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "<":
            match = _TAG.match(text, i)
            if match is None:
                raise EntityError(f"can't parse entities: unexpected '<' at byte offset {i}")
            closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ALLOWED:
                raise EntityError(f"can't parse entities: unsupported start tag \"{name}\" "
                                  f"at byte offset {i}")
            if closing:
                if not stack or stack[-1] != name:
                    expected = stack[-1] if stack else ""
                    raise EntityError(f"can't parse entities: unmatched end tag at byte offset {i}, "
                                      f"expected \"</{expected}>\", found \"</{name}>\"")
                stack.pop()
            else:
                if name == "a" and "href" not in attrs:
                    raise EntityError("can't parse entities: a tag without href")
                if name == "span" and "tg-spoiler" not in attrs:
                    raise EntityError("can't parse entities: span without class tg-spoiler")
                stack.append(name)
            i = match.end()
        elif ch == "&":
            match = _ENTITY.match(text, i)
            if match is None:
                raise EntityError(f"can't parse entities: unsupported entity at byte offset {i}")
            out.append(html.unescape(match.group(0)))
            i = match.end()
        elif ch == ">":
            out.append(ch)  # Telegram tolerates a bare '>'
            i += 1
        else:
            out.append(ch)
            i += 1
    if stack:
        raise EntityError("can't parse entities: can't find end tag corresponding to start tag "
                          f"\"{stack[-1]}\"")
    return "".join(out)


def strip_html(text: str) -> str:
    """Plain text of HTML that may or may not parse (for display in tests and the sandbox)."""
    try:
        return parse_html(text)
    except EntityError:
        return html.unescape(re.sub(r"<[^>]+>", "", text))
