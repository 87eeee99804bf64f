"""ID numbers (GB 11643): check digit, birth date, lowercase x, masking."""

from __future__ import annotations

from datetime import date

from cases.id_numbers import is_valid, mask, normalise, problem

TODAY = date(2026, 3, 2)


def test_a_real_format_number_with_its_check_digit_is_valid() -> None:
    assert is_valid("11010519491231002X", TODAY)
    assert is_valid("11010519491231002x", TODAY)  # lowercase x accepted
    assert normalise("11010519491231002x") == "11010519491231002X"
    assert is_valid("１１０１０５１９４９１２３１００２Ｘ", TODAY)  # full-width digits


def test_wrong_check_digit_length_and_characters_are_refused_with_a_reason() -> None:
    assert "check digit" in (problem("110105194912310021", TODAY) or "")
    assert "18 characters" in (problem("1101051949123100", TODAY) or "")
    assert "17 digits" in (problem("1101051949123100AX", TODAY) or "")


def test_birth_dates_must_be_real_and_not_in_the_future() -> None:
    from cases.id_numbers import check_character

    feb30 = "500119" + "19800230" + "123"
    assert "not a real date" in (problem(feb30 + check_character(feb30), TODAY) or "")
    future = "500119" + "20260303" + "123"
    assert "future" in (problem(future + check_character(future), TODAY) or "")
    today = "500119" + "20260302" + "123"
    assert problem(today + check_character(today), TODAY) is None


def test_masked_display_keeps_the_first_and_last_four() -> None:
    assert mask("50011919650304123x") == "5001**********123X"
    assert mask(None) == ""
