"""What residents type: phone numbers, names, household sizes."""

from __future__ import annotations

import pytest

from handlers.validate import normalise_phone, small_number, valid_name


@pytest.mark.parametrize(("typed", "stored"), [
    ("13800138000", "13800138000"),
    ("+86 138-0013-8000", "13800138000"),
    ("0086 13800138000", "13800138000"),
    ("023-71234567", "023-71234567"),
    ("(023) 7123 4567", "023-71234567"),
    ("010 12345678", "010-12345678"),
    ("0571-8765432", "0571-8765432"),
])
def test_mainland_mobiles_and_landlines_with_area_code_are_accepted(typed: str, stored: str) -> None:
    assert normalise_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "23800138000", "1380013800", "abc", "71234567", "",
                                   "+1 555 0100"])
def test_anything_else_is_refused(typed: str) -> None:
    assert normalise_phone(typed) is None


def test_names_need_letters_and_at_most_40_characters() -> None:
    assert valid_name("  王  秀英 ") == "王 秀英"
    assert valid_name("🙂🙂") is None
    assert valid_name("x" * 41) is None
    assert valid_name("/start") is None
    assert valid_name("13800138000") is None  # a phone number typed a step early


def test_household_size_accepts_full_width_digits() -> None:
    assert small_number("８", 1, 30) == 8
    assert small_number("31", 1, 30) is None
