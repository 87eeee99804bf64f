"""Telegram-compatible HTML parse_mode: validation, plain text and entities.

Follows the Bot API server's (tdlib's) parser closely so that text the fake accepts is text
Telegram accepts, with the same error wording. One deliberate difference: by default a bare
``&`` that does not start an entity is rejected (Telegram keeps it literally), because a bot
that forgets to escape ``&`` also forgets to escape ``<`` in the same user-supplied string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)
_SIMPLE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "code": "code",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,8})|([a-zA-Z]{1,8}));")
_SPACE = " \t\r\n\v\f"
_TAG_RE = re.compile(r"<[^>]*>")


class HtmlError(ValueError):
    """Text that Telegram would refuse with "can't parse entities: <reason>"."""


@dataclass
class ParsedText:
    """Result of parsing: what the user sees plus Bot API entities (UTF-16 offsets)."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    argument: str
    utf16_start: int


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram uses for entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode an HTML entity at ``text[i] == '&'``; returns (char, next index) or None."""
    match = _ENTITY_RE.match(text, i)
    if match is None:
        return None
    dec, hexa, name = match.groups()
    if name is not None:
        char = _NAMED_ENTITIES.get(name)
        if char is None:
            return None
        return char, match.end()
    code = int(dec) if dec is not None else int(hexa, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code), match.end()


class _Parser:
    """Single-pass parser mirroring tdlib's parse_html state machine."""

    def __init__(self, text: str, strict_ampersand: bool) -> None:
        self.src = text
        self.strict = strict_ampersand
        self.out: list[str] = []
        self.utf16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def at(self, i: int) -> str:
        return self.src[i] if i < len(self.src) else ""

    def fail(self, message: str) -> HtmlError:
        return HtmlError(message)

    def emit(self, chars: str) -> None:
        self.out.append(chars)
        self.utf16 += utf16_len(chars)

    def run(self) -> ParsedText:
        i = 0
        n = len(self.src)
        while i < n:
            ch = self.src[i]
            if ch == "&":
                decoded = _decode_entity(self.src, i)
                if decoded is not None:
                    self.emit(decoded[0])
                    i = decoded[1]
                    continue
                if self.strict:
                    raise self.fail(
                        f'Unescaped "&" at byte offset {_byte_offset(self.src, i)}; '
                        "write &amp; (the fake is stricter than Telegram here)"
                    )
            if ch != "<":
                self.emit(ch)
                i += 1
                continue
            i = self.end_tag(i) if self.at(i + 1) == "/" else self.start_tag(i)
        if self.stack:
            raise self.fail(f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"')
        return ParsedText("".join(self.out), self.entities)

    def start_tag(self, begin: int) -> int:
        i = begin + 1
        offset = _byte_offset(self.src, begin)
        while self.at(i) and self.at(i) not in _SPACE and self.at(i) != ">":
            i += 1
        if not self.at(i):
            raise self.fail(f"Unclosed start tag at byte offset {offset}")
        tag = self.src[begin + 1 : i].lower()
        if tag not in ALLOWED_TAGS:
            raise self.fail(f'Unsupported start tag "{tag}" at byte offset {offset}')
        argument = ""
        while self.at(i) != ">":
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            if self.at(i) == ">":
                break
            attr_begin = i
            while self.at(i) and self.at(i) not in _SPACE and self.at(i) not in "=>":
                i += 1
            name = self.src[attr_begin:i]
            if not name:
                raise self.fail(f'Empty attribute name in the tag "{tag}" at byte offset {offset}')
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            if self.at(i) != "=":
                if tag == "blockquote" and name == "expandable":
                    # tdlib accepts the valueless <blockquote expandable> form.
                    argument = "1"
                    continue
                raise self.fail(
                    "Expected equal sign in declaration of an attribute of the tag "
                    f'"{tag}" at byte offset {offset}'
                )
            i += 1
            while self.at(i) and self.at(i) in _SPACE:
                i += 1
            if not self.at(i):
                raise self.fail(f'Unclosed start tag "{tag}" at byte offset {offset}')
            value, i = self.attribute_value(i)
            if not self.at(i):
                raise self.fail(f"Unclosed start tag at byte offset {offset}")
            argument = self.tag_argument(tag, name, value, argument)
        if tag == "span" and argument != "spoiler":
            raise self.fail(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        self.stack.append(_Open(tag, argument, self.utf16))
        return i + 1

    def attribute_value(self, i: int) -> tuple[str, int]:
        quote = self.at(i)
        if quote not in ("'", '"'):
            # An unquoted name token: letters, digits, periods, hyphens.
            begin = i
            while self.at(i) and (self.at(i).isalnum() or self.at(i) in ".-"):
                i += 1
            if self.at(i) and self.at(i) not in _SPACE and self.at(i) != ">":
                raise self.fail(
                    f"Unexpected end of name token at byte offset {_byte_offset(self.src, begin)}"
                )
            return self.src[begin:i].lower(), i
        i += 1
        chars: list[str] = []
        while self.at(i) and self.at(i) != quote:
            if self.at(i) == "&":
                decoded = _decode_entity(self.src, i)
                if decoded is not None:
                    chars.append(decoded[0])
                    i = decoded[1]
                    continue
            chars.append(self.at(i))
            i += 1
        if self.at(i) == quote:
            i += 1
        return "".join(chars), i

    @staticmethod
    def tag_argument(tag: str, name: str, value: str, current: str) -> str:
        if tag == "a" and name == "href":
            return value
        if tag == "code" and name == "class" and value.startswith("language-"):
            return value[len("language-") :]
        if tag == "span" and name == "class" and value.startswith("tg-"):
            return value[len("tg-") :]
        if tag == "tg-emoji" and name == "emoji-id":
            return value
        if tag == "blockquote" and name == "expandable":
            return "1"
        return current

    def end_tag(self, begin: int) -> int:
        offset = _byte_offset(self.src, begin)
        if not self.stack:
            raise self.fail(f"Unexpected end tag at byte offset {offset}")
        i = begin + 2
        while self.at(i) and self.at(i) not in _SPACE and self.at(i) != ">":
            i += 1
        name = self.src[begin + 2 : i].lower()
        while self.at(i) and self.at(i) in _SPACE:
            i += 1
        if self.at(i) != ">":
            raise self.fail(f"Unclosed end tag at byte offset {offset}")
        opened = self.stack.pop()
        if name and name != opened.tag:
            raise self.fail(
                f'Unmatched end tag at byte offset {offset}, expected "</{opened.tag}>", found "</{name}>"'
            )
        self.close(opened)
        return i + 1

    def close(self, opened: _Open) -> None:
        length = self.utf16 - opened.utf16_start
        if length <= 0:
            return
        entity: dict[str, Any] = {"offset": opened.utf16_start, "length": length}
        tag, arg = opened.tag, opened.argument
        if tag in _SIMPLE_TYPES:
            entity["type"] = _SIMPLE_TYPES[tag]
        elif tag == "a":
            if not arg:
                return  # Telegram drops links without href; the text stays.
            user = re.fullmatch(r"tg://user\?id=(\d+)", arg)
            if user:
                entity["type"] = "text_mention"
                entity["user"] = {"id": int(user.group(1)), "is_bot": False, "first_name": ""}
            else:
                entity["type"] = "text_link"
                entity["url"] = arg
        elif tag == "pre":
            entity["type"] = "pre"
            last = self.entities[-1] if self.entities else None
            # <pre><code class="language-x"> becomes one pre entity with a language.
            if (
                last is not None
                and last["type"] == "code"
                and last["offset"] == entity["offset"]
                and last["length"] == length
            ):
                self.entities.pop()
                if last.get("_language"):
                    entity["language"] = last["_language"]
        elif tag == "blockquote":
            entity["type"] = "expandable_blockquote" if arg else "blockquote"
        elif tag == "tg-emoji":
            entity["type"] = "custom_emoji"
            entity["custom_emoji_id"] = arg
        if tag == "code" and arg:
            entity["_language"] = arg
        self.entities.append(entity)


def _strip(parsed: ParsedText) -> ParsedText:
    """Trim surrounding whitespace like Telegram does, keeping entities aligned."""
    text = parsed.text
    lead = utf16_len(text) - utf16_len(text.lstrip())
    stripped = text.strip()
    total = utf16_len(stripped)
    entities = []
    for ent in parsed.entities:
        start = max(ent["offset"] - lead, 0)
        end = min(ent["offset"] + ent["length"] - lead, total)
        if end > start:
            clean = {k: v for k, v in ent.items() if not k.startswith("_")}
            clean["offset"], clean["length"] = start, end - start
            entities.append(clean)
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(stripped, entities)


def parse_html(text: str, strict_ampersand: bool = True) -> ParsedText:
    """Parse Telegram HTML; raise HtmlError with Telegram's reason if it would be refused."""
    return _strip(_Parser(text, strict_ampersand).run())


def parse_plain(text: str, entities: list[dict[str, Any]] | None = None) -> ParsedText:
    """Text sent without parse_mode: kept as is (trimmed), with any explicit entities."""
    return _strip(ParsedText(text, [dict(e) for e in entities or []]))


def strip_tags(text: str) -> str:
    """Best-effort visible text of possibly invalid HTML (never raises)."""
    try:
        return parse_html(text, strict_ampersand=False).text
    except HtmlError:
        plain = _TAG_RE.sub("", text)
        for name, char in _NAMED_ENTITIES.items():
            plain = plain.replace(f"&{name};", char)
        return plain.strip()
