"""Checks on what people type: names, phone numbers, numbers, free text."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

NAME_MAX = 40
TEXT_MAX = 1000
# The highest yearly income per person (yuan) taken as typed at /found or a visit: more is
# asked again, as a slip of the keyboard.
INCOME_MAX = 1_000_000

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}\d{7,8}$")


def clean_text(raw: str | None) -> str:
    """Trim and fold inner runs of whitespace."""
    return re.sub(r"\s+", " ", raw or "").strip()


def has_words(text: str) -> bool:
    """True when the text has at least one letter or digit (an emoji-only message has none)."""
    return any(unicodedata.category(ch)[0] in ("L", "N") for ch in text)


def has_letters(text: str) -> bool:
    """True when the text has at least one letter (digits alone are not a name)."""
    return any(unicodedata.category(ch)[0] == "L" for ch in text)


def valid_name(raw: str | None) -> str | None:
    """A person's name: 1–40 characters with at least one letter, or None."""
    name = clean_text(raw)
    # A letter, not only digits: a phone number typed one step early is not taken as a name.
    if not name or len(name) > NAME_MAX or not has_letters(name) or name.startswith("/"):
        return None
    return name


def normalise_phone(raw: str | None) -> str | None:
    """A mainland mobile (13800138000) or a landline with area code (023-12345678), or None.

    Accepts +86 / 86 / 0086 prefixes, spaces, hyphens and brackets; returns digits,
    a landline as "023-12345678".
    """
    if not raw:
        return None
    digits = re.sub(r"[\s\-()（）]", "", raw.strip())
    for prefix in ("+86", "0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) >= 10:
            digits = digits[len(prefix) :]
            break
    if not digits.isdigit():
        return None
    if _MOBILE.match(digits):
        return digits
    if _LANDLINE.match(digits):
        area = 3 if digits[1] in "12" else 4  # 010, 02x are three digits; others four
        return f"{digits[:area]}-{digits[area:]}"
    return None


def small_number(raw: str | None, low: int, high: int) -> int | None:
    text = clean_text(raw).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def parse_date(raw: str | None) -> date | None:
    """2026-12-31, 2026/12/31, 2026.12.31 or 2026年12月31日 (full-width digits too)."""
    text = clean_text(raw).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    match = _DATE.match(text)
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None
