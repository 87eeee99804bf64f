"""The household register as officials see it in chat (我的农户): whose households, the group
(组) as the register writes it, and what a typed search asks for.

A group is written many ways in village records ("3", "3组", "第3组", "三组", "第三村民小组");
the import stores one spelling ("3组"; "3社" and "3队" keep their word, as Chongqing villages
call them 社), so a list reads the same everywhere and a search for 3 finds them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cases.divisions import DivisionRegister
from storage.officials import OfficialRecord

GROUP_MAX = 32  # characters, as stored
QUERY_MAX = 40  # a typed search: a name or a group, never a paragraph

_DIGITS = "零一二三四五六七八九"
_GROUP = re.compile(r"^第?\s*(\d{1,3}|[零一二两三四五六七八九十]{1,3})\s*(组|小组|村民小组|社|队)?$")


def chinese_number(text: str) -> int | None:
    """一 … 九十九 (and 两) as a number; None for anything else."""
    text = text.replace("两", "二")
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _DIGITS.index(text) if len(text) == 1 and text in _DIGITS else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or (tens and tens not in _DIGITS[1:]) \
            or (ones and ones not in _DIGITS[1:]):
        return None
    return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)


def group_number(text: str) -> tuple[int, str] | None:
    """(number, word) of a group written as a number: "第三组" → (3, "组"), "5社" → (5, "社")."""
    match = _GROUP.match(text)
    if not match:
        return None
    number = chinese_number(match.group(1))
    if number is None or number == 0:
        return None
    word = match.group(2) or "组"
    return number, ("组" if word in ("小组", "村民小组") else word)


def canonical_group(raw: str) -> str:
    """The group as stored: a numbered group as "3组" (or "3社", "3队"), anything else as
    written with its spaces tidied; "" for none."""
    text = " ".join(raw.split())
    numbered = group_number(text)
    return f"{numbered[0]}{numbered[1]}" if numbered else text


@dataclass(frozen=True, slots=True)
class Search:
    """What a typed search looks for: a numbered group (any of its words), or else a part of
    the head's name, an exact group name, or a household id."""

    text: str
    groups: tuple[str, ...] = ()  # set: a numbered group ("3" or "3组" → 3组, 3社, 3队)


def search_of(typed: str) -> Search:
    text = " ".join(typed.split())[:QUERY_MAX]
    numbered = group_number(text)
    # A bare Chinese numeral is more likely a name (张三 searched as 三) than a group:
    # only digits, or a numeral with 第 or 组, is taken as a group.
    if numbered and (any(c.isdigit() for c in text) or text.startswith("第")
                     or text.endswith(("组", "社", "队"))):
        return Search(text, tuple(f"{numbered[0]}{w}" for w in ("组", "社", "队")))
    return Search(text)


@dataclass(frozen=True, slots=True)
class Villages:
    """The villages whose households an official sees: None = all (a district admin)."""

    codes: frozenset[str] | None

    def covers(self, village_code: str) -> bool:
        return self.codes is None or village_code in self.codes

    @property
    def empty(self) -> bool:
        return self.codes is not None and not self.codes


def villages_of(official: OfficialRecord, register: DivisionRegister) -> Villages:
    """An officer's villages, a town lead's town's villages, a district admin's everything —
    the same reach as their cases (cases/jurisdiction.py)."""
    if any(g.role == "district_admin" for g in official.roles):
        return Villages(None)
    codes: set[str] = set()
    for grant in official.roles:
        if grant.role == "officer":
            codes.add(grant.division_code)
        elif grant.role == "town_lead":
            codes.update(v.code for v in register.villages_of(grant.division_code))
    return Villages(frozenset(codes))
